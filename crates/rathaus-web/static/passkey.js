// Passkeys (WebAuthn) for Rathaus. Progressive enhancement: the passkey parts of a
// page stay hidden unless this browser can use passkeys; everything else works without
// script. Licence: EUPL-1.2.
(function () {
  'use strict';

  if (!window.PublicKeyCredential || !navigator.credentials) {
    return;
  }

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) base64 += '=';
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = '';
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function csrfOf(root) {
    var field = root.querySelector('input[name="_csrf"]');
    return field ? field.value : '';
  }

  async function postJson(url, csrf, body) {
    var response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Accept: 'application/json' },
      body: JSON.stringify(body || {}),
    });
    var data = {};
    try {
      data = await response.json();
    } catch (e) {
      data = {};
    }
    if (!response.ok) {
      var error = new Error(data.message || response.statusText);
      error.shown = Boolean(data.message);
      throw error;
    }
    return data;
  }

  function say(status, text) {
    if (status) status.textContent = text;
  }

  function failure(root, error) {
    // A cancelled browser dialog is not an error worth a message of its own.
    if (error && error.name === 'NotAllowedError') return root.getAttribute('data-cancelled') || error.message;
    if (error && error.shown) return error.message;
    return root.getAttribute('data-failed') || (error && error.message) || '';
  }

  function setUpRegistration(form) {
    var base = form.getAttribute('data-passkey-register');
    var status = form.querySelector('[role="status"]');
    form.hidden = false;
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var csrf = csrfOf(form);
      var button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      say(status, form.getAttribute('data-working') || '');
      try {
        var options = await postJson(base + '/optionen', csrf);
        var key = options.publicKey;
        key.challenge = toBytes(key.challenge);
        key.user.id = toBytes(key.user.id);
        (key.excludeCredentials || []).forEach(function (c) {
          c.id = toBytes(c.id);
        });
        var credential = await navigator.credentials.create({ publicKey: key });
        var answer = {
          id: credential.id,
          rawId: toBase64url(credential.rawId),
          type: credential.type,
          response: {
            attestationObject: toBase64url(credential.response.attestationObject),
            clientDataJSON: toBase64url(credential.response.clientDataJSON),
          },
          extensions: credential.getClientExtensionResults(),
        };
        var name = form.querySelector('input[name="name"]').value;
        var back = form.querySelector('input[name="zurueck"]');
        var done = await postJson(base, csrf, { name: name, credential: answer, zurueck: back ? back.value : '' });
        window.location.assign(done.redirect);
      } catch (error) {
        say(status, failure(form, error));
        button.disabled = false;
      }
    });
  }

  function setUpSignIn(section) {
    var url = section.getAttribute('data-passkey-login');
    var status = section.querySelector('[role="status"]');
    var button = section.querySelector('[data-passkey-start]');
    section.hidden = false;
    button.addEventListener('click', async function () {
      var csrf = csrfOf(section);
      button.disabled = true;
      say(status, section.getAttribute('data-working') || '');
      try {
        var options = await postJson(url.replace(/anmelden$/, 'optionen'), csrf);
        var key = options.publicKey;
        key.challenge = toBytes(key.challenge);
        (key.allowCredentials || []).forEach(function (c) {
          c.id = toBytes(c.id);
        });
        // A button press asks in a dialog, not through the address field's autofill.
        var credential = await navigator.credentials.get({ publicKey: key });
        var r = credential.response;
        var answer = {
          id: credential.id,
          rawId: toBase64url(credential.rawId),
          type: credential.type,
          response: {
            authenticatorData: toBase64url(r.authenticatorData),
            clientDataJSON: toBase64url(r.clientDataJSON),
            signature: toBase64url(r.signature),
            userHandle: r.userHandle ? toBase64url(r.userHandle) : null,
          },
          extensions: credential.getClientExtensionResults(),
        };
        var done = await postJson(url, csrf, { credential: answer, zurueck: section.getAttribute('data-back') || '' });
        window.location.assign(done.redirect);
      } catch (error) {
        say(status, failure(section, error));
        button.disabled = false;
      }
    });
  }

  document.querySelectorAll('[data-passkey-register]').forEach(setUpRegistration);
  document.querySelectorAll('[data-passkey-login]').forEach(setUpSignIn);
  document.querySelectorAll('[data-passkey-no-js]').forEach(function (hint) {
    hint.hidden = true;
  });
})();

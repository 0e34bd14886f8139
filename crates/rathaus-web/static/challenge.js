// Rush protection: while the person chooses a time, find a number whose SHA-256 with
// the page's token begins with the asked-for zero bits, and send it with the choice.
// Without this script (or without WebCrypto) the server asks for a short wait instead.
(function () {
  'use strict';
  var form = document.querySelector('form[data-challenge]');
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) return;
  var token = form.getAttribute('data-challenge');
  var bits = parseInt(form.getAttribute('data-challenge-bits'), 10);
  var answer = form.querySelector('input[name="loesung"]');
  var status = form.querySelector('[data-challenge-status]');
  var encoder = new TextEncoder();
  var solved = false;
  var wanted = false;

  function zeroBits(bytes) {
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      return count + Math.clz32(bytes[i]) - 24;
    }
    return count;
  }

  // Hashes in batches: WebCrypto answers asynchronously, many at a time is faster.
  function batch(start, size) {
    var hashes = [];
    for (var n = start; n < start + size; n++) {
      hashes.push(crypto.subtle.digest('SHA-256', encoder.encode(token + ':' + n)));
    }
    return Promise.all(hashes).then(function (results) {
      for (var i = 0; i < results.length; i++) {
        if (zeroBits(new Uint8Array(results[i])) >= bits) return start + i;
      }
      return batch(start + size, size);
    });
  }

  batch(0, 256).then(function (found) {
    answer.value = String(found);
    solved = true;
    if (wanted) form.submit();
  }, function () {
    // Not solvable here: the form goes without an answer, and the server asks to wait.
    solved = true;
    if (wanted) form.submit();
  });

  form.addEventListener('submit', function (event) {
    if (solved) return;
    event.preventDefault();
    if (wanted) return;
    wanted = true;
    if (status) status.textContent = status.getAttribute('data-working');
  });
})();

// Servicekonto journey: register → confirm from the mail (real SMTP) → sign in →
// account page → change password → sign out → forgotten password → sign in again,
// with axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRathaus, startBrowser, expectAccessible, screenshot, waitForMail, linkPath, registerResident } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startRathaus();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a resident registers, confirms, signs in, changes and resets the password', async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  const email = `anna.${Date.now()}@example.org`;
  const password = 'Fahrrad-Alster-Brücke-42';

  await page.goto(server.base + '/konto');
  assert.match(page.url(), /\/konto\/anmelden\?zurueck=%2Fkonto$/, 'the account page asks to sign in first');
  await expectAccessible(page, 'sign-in');
  await page.getByRole('link', { name: 'Servicekonto anlegen' }).click();
  await expectAccessible(page, 'register');

  // A weak password is explained; the name and address stay filled in.
  await page.getByLabel('Vor- und Nachname').fill('Anna Beispiel');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Neues Passwort').fill('password123');
  await page.getByLabel('Passwort wiederholen').fill('password123');
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  assert.ok(await page.getByRole('alert').isVisible());
  assert.equal(await page.inputValue('#email'), email);
  assert.equal(await page.inputValue('#password'), '', 'the password is not sent back');
  await expectAccessible(page, 'register with errors');
  await screenshot(page, 'register-errors');

  await page.getByLabel('Neues Passwort').fill(password);
  await page.getByLabel('Passwort wiederholen').fill(password);
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  assert.equal(await page.textContent('h1'), 'Bitte prüfen Sie Ihr E-Mail-Postfach');
  await expectAccessible(page, 'sent');

  const verification = await waitForMail(server, email, 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
  await page.goto(server.base + linkPath(verification));
  await expectAccessible(page, 'confirm');
  await page.getByRole('button', { name: 'Adresse bestätigen' }).click();
  // Confirmed in the browser that registered: signed in, and back where the person
  // was going (the account page).
  assert.equal(await page.textContent('h1'), 'Mein Servicekonto');
  await page.getByRole('button', { name: 'Abmelden', exact: true }).click();

  await page.getByLabel('E-Mail-Adresse').fill(email.toUpperCase());
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  assert.equal(await page.textContent('h1'), 'Mein Servicekonto');
  assert.ok((await page.textContent('main')).includes('dieses Gerät'));
  await expectAccessible(page, 'account');
  await screenshot(page, 'account');

  await page.getByRole('link', { name: 'Persönliche Daten' }).click();
  await expectAccessible(page, 'personal details');
  await page.getByLabel('Jahr').fill('2999');
  await page.getByLabel('Tag').fill('27');
  await page.getByLabel('Monat').fill('3');
  await page.getByLabel('Postleitzahl').fill('2009');
  await page.getByRole('button', { name: 'Daten speichern' }).click();
  assert.ok(await page.getByRole('alert').isVisible());
  await expectAccessible(page, 'personal details with errors');
  await screenshot(page, 'profile-errors');
  await page.getByLabel('Jahr').fill('1985');
  await page.getByLabel('Postleitzahl').fill('20095');
  await page.getByRole('button', { name: 'Daten speichern' }).click();
  assert.ok((await page.textContent('main')).includes('Ihre persönlichen Daten sind gespeichert'));

  await page.getByRole('link', { name: 'Passwort ändern' }).click();
  await expectAccessible(page, 'change password');
  const newPassword = 'Leuchtturm-Kaffee-Elbe-77';
  await page.getByLabel('Bisheriges Passwort').fill(password);
  await page.getByLabel('Neues Passwort').fill(newPassword);
  await page.getByLabel('Passwort wiederholen').fill(newPassword);
  await page.getByRole('button', { name: 'Passwort ändern' }).click();
  assert.ok((await page.textContent('main')).includes('Ihr Passwort ist geändert'));

  await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
  assert.ok((await page.textContent('main')).includes('Sie sind abgemeldet'));

  await page.getByRole('link', { name: 'Passwort vergessen' }).click();
  await expectAccessible(page, 'forgot');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByRole('button', { name: 'Link anfordern' }).click();
  const reset = await waitForMail(server, email, 'Ihr Link für ein neues Passwort');
  await page.goto(server.base + linkPath(reset));
  await expectAccessible(page, 'reset');
  const third = 'Segelboot-Laterne-Fleet-19';
  await page.getByLabel('Neues Passwort').fill(third);
  await page.getByLabel('Passwort wiederholen').fill(third);
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(third);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  assert.equal(await page.textContent('h1'), 'Mein Servicekonto');
  await context.close();
});

test('signing in works without JavaScript and returns to where the person was', async () => {
  const context = await browser.newContext({ locale: 'de-DE', javaScriptEnabled: false });
  const page = await context.newPage();
  const email = `bernd.${Date.now()}@example.org`;
  const password = 'Fahrrad-Alster-Brücke-42';
  await registerResident(server, page, 'Bernd Beispiel', email);
  await page.goto(server.base + '/konto/anmelden?zurueck=%2Fleistungen%2Fhund-anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  assert.match(page.url(), /\/leistungen\/hund-anmelden$/);
  await context.close();
});

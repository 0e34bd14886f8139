// The Servicekonto journey with a passkey, in Chromium with a virtual authenticator
// (CDP WebAuthn): register → confirm from the mail (real SMTP) → add a passkey → sign
// out → sign in with the passkey → edit personal details → download my data → delete
// the account. axe runs on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startRathaus, startBrowser, expectAccessible, screenshot, registerResident, signIn } from './harness.mjs';

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

/** A platform authenticator with user verification, like a phone's fingerprint sensor. */
async function virtualAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test('a newcomer secures the account with a passkey, signs in with it, exports and deletes the data', async () => {
  const context = await browser.newContext({ locale: 'de-DE', acceptDownloads: true });
  const page = await context.newPage();
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  const email = `paula.${Date.now()}@example.org`;
  const password = 'Fahrrad-Alster-Brücke-42';

  await registerResident(server, page, 'Paula Passkey', email);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  assert.equal(await page.textContent('h1'), 'Mein Servicekonto');

  // Add a passkey under "Sicherheit".
  await page.getByRole('link', { name: /^Sicherheit/ }).click();
  assert.equal(await page.textContent('h1'), 'Sicherheit');
  await expectAccessible(page, 'security');
  await page.getByLabel('Name des Passkeys').fill('Mein Laptop');
  await page.getByRole('button', { name: 'Passkey einrichten' }).click();
  // The first factor comes with recovery codes, shown once.
  await page.waitForURL(/\/konto\/sicherheit\/wiederherstellungscodes$/);
  assert.ok((await page.textContent('main')).includes('Der Passkey ist eingerichtet'));
  assert.equal(await page.locator('.codes li').count(), 10);
  await expectAccessible(page, 'recovery codes');
  await page.getByRole('link', { name: 'Ich habe die Codes aufbewahrt' }).click();
  assert.ok((await page.textContent('main')).includes('Mein Laptop'));
  assert.ok((await page.textContent('main')).includes('Unbenutzte Wiederherstellungscodes: 10'));
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1, 'the authenticator holds one passkey');
  assert.ok(credentials[0].isResidentCredential, 'discoverable, so no address is needed to sign in');
  await expectAccessible(page, 'security with passkey');
  await screenshot(page, 'security-passkey');

  // Sign out, then sign in with the passkey alone: level "substantial".
  await page.goto(server.base + '/konto');
  await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
  assert.ok((await page.textContent('main')).includes('Sie sind abgemeldet'));
  await page.goto(server.base + '/konto/anmelden?zurueck=%2Fkonto%2Fdaten');
  await expectAccessible(page, 'sign-in with passkey option');
  await page.getByRole('button', { name: 'Mit Passkey anmelden' }).click();
  await page.waitForURL(/\/konto\/daten$/);
  await expectAccessible(page, 'personal details after passkey sign-in');

  // Edit personal details.
  await page.getByLabel('Vorname').fill('Paula');
  await page.getByLabel('Nachname').fill('Passkey');
  await page.getByLabel('Tag').fill('1');
  await page.getByLabel('Monat').fill('4');
  await page.getByLabel('Jahr').fill('1990');
  await page.getByLabel('Straße und Hausnummer').fill('Beispielweg 7');
  await page.getByLabel('Postleitzahl').fill('22765');
  await page.getByLabel('Ort').fill('Hamburg');
  await page.getByRole('button', { name: 'Daten speichern' }).click();
  assert.ok((await page.textContent('main')).includes('Ihre persönlichen Daten sind gespeichert'));
  await page.goto(server.base + '/konto');
  assert.ok((await page.textContent('main')).includes('Vertrauensniveau substanziell'));

  // The sign-in history names the passkey.
  await page.goto(server.base + '/konto/sicherheit');
  assert.ok((await page.textContent('main')).includes('Passkey'));

  // Download my data.
  await page.goto(server.base + '/konto');
  await page.getByRole('link', { name: 'Meine Daten' }).click();
  await expectAccessible(page, 'my data');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Daten herunterladen (JSON)' }).click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')).rathaus_data_export;
  assert.equal(exported.account.email, email);
  assert.equal(exported.personal_details.birth_date, '1990-04-01');
  assert.equal(exported.passkeys[0].name, 'Mein Laptop');
  assert.ok(exported.sign_in_history.some((e) => e.method === 'passkey'));

  // With a passkey on the account, the password alone is not enough: the second step
  // takes the passkey (or a recovery code).
  await page.goto(server.base + '/konto');
  await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  assert.equal(await page.textContent('h1'), 'Anmeldung bestätigen');
  await expectAccessible(page, 'second step');
  await screenshot(page, 'second-step');
  await page.getByRole('button', { name: 'Mit Passkey anmelden' }).click();
  await page.waitForURL(/\/konto$/);
  assert.ok((await page.textContent('main')).includes('Vertrauensniveau substanziell'));
  await page.getByRole('link', { name: 'Meine Daten' }).click();

  // Delete the account: a mistake is explained first, nothing is lost.
  await page.getByRole('link', { name: 'Mein Konto löschen' }).click();
  await expectAccessible(page, 'delete account');
  await page.getByLabel('Ihr Passwort').fill(password);
  await page.getByRole('button', { name: 'Konto endgültig löschen' }).click();
  assert.ok(await page.getByRole('alert').isVisible());
  await expectAccessible(page, 'delete account with errors');
  await page.getByLabel('Ja, ich möchte mein Konto endgültig löschen.').check();
  await page.getByLabel('Ihr Passwort').fill(password);
  await page.getByRole('button', { name: 'Konto endgültig löschen' }).click();
  assert.equal(await page.textContent('h1'), 'Ihr Konto ist gelöscht');
  assert.ok((await page.textContent('main')).includes('Sicherheitsprotokoll'));
  await expectAccessible(page, 'deleted');
  await screenshot(page, 'account-deleted');

  // The passkey no longer opens anything.
  await page.goto(server.base + '/konto/anmelden');
  await page.getByRole('button', { name: 'Mit Passkey anmelden' }).click();
  await page.getByText('Die Anmeldung mit dem Passkey hat nicht geklappt').waitFor();
  assert.match(page.url(), /\/konto\/anmelden/);
  await context.close();
});

test('a newcomer who sets up a passkey on the way to an application lands back in it', async () => {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await virtualAuthenticator(page);
  const email = `petra.${Date.now()}@example.org`;
  await registerResident(server, page, 'Petra Passkey', email);
  await page.goto(server.base + '/antraege/neu/hundesteuer');
  await signIn(page, email);
  // The dog tax needs a second factor; the way to a passkey keeps the task.
  assert.equal(await page.textContent('h1'), 'Anmeldung bestätigen');
  await page.getByRole('link', { name: /^Andere Möglichkeiten/ }).click();
  assert.equal(await page.textContent('h1'), 'Sicherheit');
  assert.ok((await page.textContent('main')).includes('Danach geht es dort weiter, wo Sie waren.'));
  await expectAccessible(page, 'security on the way to a task');
  await page.getByLabel('Name des Passkeys').fill('Mein Telefon');
  await page.getByRole('button', { name: 'Passkey einrichten' }).click();
  await page.waitForURL(/\/konto\/sicherheit\/wiederherstellungscodes$/);
  // The codes can be printed (the button appears with script) as well as downloaded.
  const print = page.getByRole('button', { name: 'Codes drucken' });
  assert.ok(await print.isVisible(), 'a visible print button');
  await page.evaluate(() => { window.print = () => { document.body.dataset.printed = 'yes'; }; });
  await print.click();
  assert.equal(await page.getAttribute('body', 'data-printed'), 'yes', 'the button prints');
  await expectAccessible(page, 'recovery codes on the way to a task');
  await screenshot(page, 'passkey-codes-phone');
  await page.getByRole('link', { name: 'Codes aufbewahrt – weiter' }).click();
  // Back at the task, with no second request for the passkey just made.
  await page.waitForURL(/\/antraege\/neu\/hundesteuer$/);
  assert.ok((await page.textContent('h1')).includes('Hund'));
  await context.close();
});

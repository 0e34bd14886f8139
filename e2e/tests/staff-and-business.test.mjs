// Two journeys with axe on every page:
// - staff: an operator is invited on the command line, sets a password from the mail,
//   must set up an authenticator app before the first staff page, then uses the
//   operator page to grant a role;
// - business: a resident founds an organisation, invites a colleague, who accepts from
//   the mail and acts on the organisation's behalf.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startRathaus, startBrowser, expectAccessible, screenshot, waitForMail, totpCode, linkPath, registerResident, signIn, acceptStaffInvitation,
} from './harness.mjs';

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

test('an operator needs a second factor before the first staff page', async () => {
  const email = `olga.${Date.now()}@example.org`;
  server.cli(['admin', 'create-staff', '--email', email, '--name', 'Olga Operator']);
  server.cli(['admin', 'grant', '--email', email, '--role', 'operator']);
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();

  await acceptStaffInvitation(server, page, email);

  // The staff area asks for a second factor first and explains how to get one.
  await page.goto(server.base + '/verwaltung');
  assert.match(page.url(), /\/konto\/zweiter-faktor\?zurueck=%2Fverwaltung$/);
  assert.ok((await page.textContent('main')).includes('noch kein zweiter Faktor'));
  await expectAccessible(page, 'step-up without a factor');
  await page.getByRole('link', { name: 'Authenticator-App einrichten' }).click();
  await expectAccessible(page, 'authenticator setup');
  await screenshot(page, 'totp-setup');
  const secret = await page.textContent('#totp-secret');
  await page.getByLabel('Code').fill('000000');
  await page.getByRole('button', { name: 'App bestätigen' }).click();
  assert.ok(await page.getByRole('alert').isVisible());
  await expectAccessible(page, 'authenticator setup with error');
  await page.getByLabel('Code').fill(totpCode(secret));
  await page.getByRole('button', { name: 'App bestätigen' }).click();
  assert.equal(await page.textContent('h1'), 'Wiederherstellungscodes');
  await expectAccessible(page, 'recovery codes');

  // On to where the operator was going.
  await page.getByRole('link', { name: 'Codes aufbewahrt – weiter' }).click();
  assert.equal(await page.textContent('h1'), 'Verwaltung');
  assert.ok((await page.textContent('main')).includes('Betrieb – stadtweit'));
  await expectAccessible(page, 'staff home');
  // The workspace's own navigation, by role: operations, no case queue.
  const workspace = page.getByRole('navigation', { name: 'Arbeitsbereich der Verwaltung' });
  assert.ok(await workspace.getByRole('link', { name: 'Betrieb' }).isVisible());
  assert.equal(await workspace.getByRole('link', { name: 'Vorgänge', exact: true }).count(), 0);
  assert.equal(await page.getByRole('navigation', { name: 'Hauptnavigation' }).count(), 0, 'not the residents\' menu');
  await screenshot(page, 'staff-workspace-operator');
  await workspace.getByRole('link', { name: 'Betrieb' }).click();
  await expectAccessible(page, 'operator page');
  await screenshot(page, 'operator');

  // Invite a colleague and give them a role in an agency.
  const colleague = `carl.${Date.now()}@example.org`;
  await page.getByLabel('Vor- und Nachname').fill('Carl Case');
  await page.getByLabel('E-Mail-Adresse').fill(colleague);
  await page.getByRole('button', { name: 'Einladen' }).click();
  assert.ok((await page.textContent('main')).includes('Die Einladung ist verschickt'));
  await waitForMail(server, colleague, 'Ihr Zugang zur Verwaltung');
  const row = page.getByRole('row', { name: /Carl Case/ });
  await row.getByLabel('Rolle').selectOption('case_worker');
  await row.getByLabel('Behörde').selectOption('ba-altona');
  await row.getByRole('button', { name: /Rolle vergeben/ }).click();
  assert.ok((await page.textContent('main')).includes('Sachbearbeitung – Bezirksamt Altona'));
  await expectAccessible(page, 'operator page after grant');
  await context.close();
});

test('a business owner invites a colleague who then acts for the organisation', async () => {
  const owner = `bea.${Date.now()}@example.org`;
  const colleague = `kai.${Date.now()}@example.org`;
  const ownerContext = await browser.newContext({ locale: 'de-DE' });
  const ownerPage = await ownerContext.newPage();
  await registerResident(server, ownerPage, 'Bea Bäckerin', owner);
  await signIn(ownerPage, owner);
  await ownerPage.getByRole('link', { name: 'Organisationen' }).click();
  await expectAccessible(ownerPage, 'organisations');

  await ownerPage.getByLabel('Name der Organisation').fill('Bäckerei Beispiel GmbH');
  await ownerPage.getByLabel('Postleitzahl').fill('2009');
  await ownerPage.getByRole('button', { name: 'Organisation anlegen' }).click();
  assert.ok(await ownerPage.getByRole('alert').isVisible());
  assert.equal(await ownerPage.inputValue('#name'), 'Bäckerei Beispiel GmbH', 'input kept');
  await expectAccessible(ownerPage, 'organisations with errors');
  await ownerPage.getByLabel('Straße und Hausnummer').fill('Beispielweg 1');
  await ownerPage.getByLabel('Postleitzahl').fill('20095');
  await ownerPage.getByLabel('Ort').fill('Hamburg');
  await ownerPage.getByRole('button', { name: 'Organisation anlegen' }).click();
  assert.equal(await ownerPage.textContent('h1'), 'Bäckerei Beispiel GmbH');
  await expectAccessible(ownerPage, 'organisation');

  // The colleague has an account of their own.
  const colleagueContext = await browser.newContext({ locale: 'de-DE' });
  const colleaguePage = await colleagueContext.newPage();
  await registerResident(server, colleaguePage, 'Kai Kollege', colleague);

  await ownerPage.getByLabel('E-Mail-Adresse').fill(colleague);
  await ownerPage.getByRole('button', { name: 'Einladung senden' }).click();
  assert.ok((await ownerPage.textContent('main')).includes('Die Einladung ist verschickt'));
  await expectAccessible(ownerPage, 'organisation with open invitation');
  await screenshot(ownerPage, 'organisation');

  const invitation = await waitForMail(server, colleague, 'Einladung: Bäckerei Beispiel GmbH');
  await colleaguePage.goto(server.base + linkPath(invitation));
  assert.match(colleaguePage.url(), /\/konto\/anmelden\?zurueck=/, 'signing in first');
  await signIn(colleaguePage, colleague);
  assert.equal(await colleaguePage.textContent('h1'), 'Einladung in eine Organisation');
  await expectAccessible(colleaguePage, 'invitation');
  await colleaguePage.getByRole('button', { name: 'Einladung annehmen' }).click();
  assert.ok((await colleaguePage.textContent('main')).includes('Sie gehören jetzt zur Organisation'));
  await colleaguePage.getByRole('button', { name: 'Für diese Organisation handeln' }).click();
  await colleaguePage.goto(server.base + '/konto');
  assert.ok((await colleaguePage.textContent('main')).includes('Sie handeln gerade für: Bäckerei Beispiel GmbH'));
  await expectAccessible(colleaguePage, 'account acting for an organisation');

  await ownerContext.close();
  await colleagueContext.close();
});

// The counter in Chromium, with axe at every page: an administrator creates a kiosk
// link, a walk-in takes a number at the kiosk, counter staff call it, and the call
// display in the waiting room shows it live (server-sent events, no reload).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRathaus, startBrowser, expectAccessible, staffMember } from './harness.mjs';

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

test('walk-in ticket → called at a counter → shown live on the call display', async () => {
  const admin = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  await staffMember(server, admin, `ada.${Date.now()}@example.org`, 'Ada Admin', [['agency_admin', 'ba-hamburg-mitte'], ['counter', 'ba-hamburg-mitte']]);
  await admin.goto(server.base + '/verwaltung');
  await admin.getByRole('navigation', { name: 'Arbeitsbereich der Verwaltung' }).getByRole('link', { name: 'Terminkalender' }).click();
  await admin.getByRole('link', { name: 'Hamburg Service vor Ort City (Einwohnerangelegenheiten)' }).click();
  await expectAccessible(admin, 'calendar');
  await admin.getByLabel('Name des Geräts').fill('Eingang');
  await admin.getByRole('button', { name: 'Kiosk-Link erstellen' }).click();
  const kioskLink = (await admin.locator('.panel-success code').textContent()).trim();
  const kioskPath = new URL(kioskLink).pathname;

  // The waiting room's display, open before anyone is called.
  const display = await (await browser.newContext({ locale: 'de-DE', viewport: { width: 1920, height: 1080 } })).newPage();
  await display.goto(server.base + '/standorte/hsvo-city/aufruf');
  await expectAccessible(display, 'call display');
  await display.waitForSelector('html[data-live="connected"]');

  // The kiosk: a number for someone without an appointment.
  const kiosk = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  await kiosk.goto(server.base + kioskPath);
  await expectAccessible(kiosk, 'kiosk');
  await kiosk.getByLabel('Ihr Anliegen').selectOption('wohnsitz-anmelden');
  await kiosk.getByRole('button', { name: 'Nummer ziehen' }).click();
  const number = (await kiosk.locator('.ticket-number').textContent()).trim();
  assert.equal(number, 'W 001');
  await expectAccessible(kiosk, 'ticket');

  // The counter calls; the display shows it without reloading.
  await admin.goto(server.base + '/verwaltung/schalter?ort=hsvo-city');
  await admin.getByLabel('Mein Schalter (Nummer)').fill('7');
  await admin.getByRole('button', { name: 'Schalter wählen' }).click();
  await expectAccessible(admin, 'counter desk');
  await admin.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
  assert.ok((await admin.textContent('main')).includes('Jetzt bei Ihnen: W 001'));
  await display.waitForFunction(() => document.querySelector('.call-newest')?.textContent.includes('W 001'));
  assert.ok((await display.textContent('.call-newest')).includes('Schalter 7'));
  assert.equal(await display.textContent('#latest'), 'W 001 – Schalter 7', 'announced to screen readers');
  await expectAccessible(display, 'call display with a call');
});

// Appointment journey in Chromium, with axe at every page: book with a mail address →
// confirm from the mail (real SMTP, with the calendar file attached) → move → cancel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRathaus, startBrowser, expectAccessible, screenshot, waitForMail } from './harness.mjs';

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

function pathOf(mail, prefix) {
  const match = mail.match(new RegExp(`https?://\\S+(${prefix}[A-Za-z0-9_-]+)`));
  assert.ok(match, `a link ${prefix} in the mail`);
  return match[1];
}

test('book with a mail address, confirm from the mail, move, cancel', async () => {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const email = `erika.${Date.now()}@example.org`;

  await page.goto(server.base + '/leistungen/wohnsitz-anmelden');
  await page.getByRole('link', { name: 'Termin buchen' }).first().click();
  assert.equal(await page.textContent('h1'), 'Wo möchten Sie hin?');
  await expectAccessible(page, 'locations');
  await page.getByRole('link', { name: 'Hamburg Service vor Ort City (Einwohnerangelegenheiten)' }).click();
  assert.equal(await page.textContent('h1'), 'Wann möchten Sie kommen?');
  await expectAccessible(page, 'slots');
  // Another day than the first: late in the afternoon, today has too few times left.
  await page.locator('ul.days a').nth(1).click();

  // Without a time: the message, then the second time of the day.
  await page.getByRole('button', { name: 'Diesen Termin wählen' }).click();
  assert.ok((await page.textContent('.error-summary')).includes('Wählen Sie eine Uhrzeit aus.'));
  await expectAccessible(page, 'slots with an error');
  const times = page.locator('input[name="zeit"]');
  await times.nth(1).check();
  const chosen = (await page.locator(`label[for="${await times.nth(1).getAttribute('id')}"]`).textContent()).trim();
  await page.getByRole('button', { name: 'Diesen Termin wählen' }).click();
  assert.equal(await page.textContent('h1'), 'Termin bestätigen');
  await expectAccessible(page, 'hold');

  await page.getByLabel('Ihr Name').fill('Erika Muster');
  await page.getByLabel('E-Mail-Adresse').fill('erika-beispiel');
  await page.getByRole('button', { name: 'Bestätigungslink senden' }).click();
  assert.equal(await page.inputValue('#name'), 'Erika Muster', 'the name stays');
  await expectAccessible(page, 'hold with an error');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByRole('button', { name: 'Bestätigungslink senden' }).click();
  assert.ok((await page.textContent('main')).includes('Bitte prüfen Sie Ihr Postfach'));
  await expectAccessible(page, 'check your mail');

  const confirmMail = await waitForMail(server, email, 'Bitte bestätigen Sie Ihren Termin');
  await page.goto(server.base + pathOf(confirmMail, '/termine/bestaetigen/'));
  await expectAccessible(page, 'confirm');
  await page.getByRole('button', { name: 'Termin bestätigen' }).click();
  assert.equal(await page.textContent('h1'), 'Ihr Termin');
  assert.ok((await page.textContent('main')).includes('Ihr Termin ist gebucht'));
  const code = (await page.textContent('.reference')).trim();
  await expectAccessible(page, 'booked');
  const booked = await waitForMail(server, email, 'Ihr Termin am');
  assert.ok(booked.includes(code) && booked.includes('BEGIN:VCALENDAR'), 'the code and the calendar entry');
  assert.ok((await page.textContent('main')).includes(chosen.replace(' – letzter Platz', '')));

  // Move to the first time of the next day with free times.
  await page.getByRole('link', { name: 'Termin verschieben' }).click();
  assert.equal(await page.textContent('h1'), 'Termin verschieben');
  await expectAccessible(page, 'move');
  await page.locator('ul.days a').nth(1).click();
  await page.locator('input[name="zeit"]').first().check();
  await page.getByRole('button', { name: 'Auf diese Zeit verschieben' }).click();
  assert.ok((await page.textContent('main')).includes('Ihr Termin ist verschoben'));
  assert.equal((await page.textContent('.reference')).trim(), code, 'the code stays');
  await waitForMail(server, email, 'Ihr Termin ist verschoben');

  await page.getByRole('link', { name: 'Termin absagen' }).click();
  await expectAccessible(page, 'cancel');
  await page.getByRole('button', { name: 'Ja, Termin absagen' }).click();
  assert.ok((await page.textContent('main')).includes('Dieser Termin ist abgesagt.'));
  await expectAccessible(page, 'cancelled');
  const cancelled = await waitForMail(server, email, 'Ihr Termin ist abgesagt');
  assert.ok(cancelled.includes('METHOD:CANCEL'));
  await context.close();
});

test('an ID-card appointment says what to bring, what it costs and how to get there', async () => {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const email = `ida.${Date.now()}@example.org`;

  await page.goto(server.base + '/leistungen/personalausweis-beantragen');
  await page.getByRole('link', { name: 'Termin buchen' }).first().click();
  await page.getByRole('link', { name: 'Hamburg Service vor Ort City (Einwohnerangelegenheiten)' }).click();
  await page.locator('input[name="zeit"]').first().check();
  await page.getByRole('button', { name: 'Diesen Termin wählen' }).click();
  await page.getByLabel('Ihr Name').fill('Ida Beispiel');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByRole('button', { name: 'Bestätigungslink senden' }).click();
  const confirmMail = await waitForMail(server, email, 'Bitte bestätigen Sie Ihren Termin');
  await page.goto(server.base + pathOf(confirmMail, '/termine/bestaetigen/'));
  await page.getByRole('button', { name: 'Termin bestätigen' }).click();

  const bring = page.locator('section[aria-labelledby="bring-title"]');
  assert.equal(await bring.locator('h2').textContent(), 'Was Sie mitbringen');
  const listed = await bring.textContent();
  for (const expected of ['biometrisches Lichtbild', '46,00 €', '27,60 €', 'Sie bezahlen beim Termin']) {
    assert.ok(listed.includes(expected), `${expected} on the booking's page`);
  }
  const directions = page.getByRole('link', { name: 'Weg zum Standort (Karte bei OpenStreetMap)' });
  assert.match(await directions.getAttribute('href'), /^https:\/\/www\.openstreetmap\.org\/search\?query=Adolphsplatz/);
  await expectAccessible(page, 'booked with what to bring');
  await screenshot(page, 'appointment-what-to-bring');

  const booked = await waitForMail(server, email, 'Ihr Termin am');
  for (const expected of ['Bitte bringen Sie mit:', 'biometrisches Lichtbild', '46,00', 'openstreetmap.org']) {
    assert.ok(booked.includes(expected), `${expected} in the confirmation`);
  }
  await context.close();
});

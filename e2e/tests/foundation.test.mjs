// Foundation journeys: browse the demo city, switch language, report a barrier,
// hit an error page — with axe at every page, on a phone-sized screen, and without JS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRathaus, startBrowser, expectAccessible, screenshot } from './harness.mjs';

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

const pages = [
  ['/', 'Behördengänge online erledigen'],
  ['/leistungen', 'Leistungen von A bis Z'],
  ['/leistungen/bewohnerparkausweis', 'Bewohnerparkausweis'],
  ['/leistungen/fischereischein', 'So geht es stattdessen'],
  ['/leistungen/bafoeg', 'Sie verlassen dafür Rathaus'],
  ['/standorte/hsvo-city', 'Öffnungszeiten'],
  ['/behoerden/ba-hamburg-mitte', 'Bezirksamt Hamburg-Mitte'],
  ['/suche?q=Ausweis', 'Suche'],
  ['/barrierefreiheit', 'Barriere melden'],
  ['/impressum', 'Impressum'],
];

test('pages pass axe and show the demo catalogue', async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  for (const [path, text] of pages) {
    const response = await page.goto(server.base + path);
    assert.equal(response.status(), 200, path);
    assert.ok((await page.textContent('main')).includes(text), `${path} shows "${text}"`);
    await expectAccessible(page, path);
  }
  await screenshot(page, 'impressum');
  await page.goto(server.base + '/leistungen/bewohnerparkausweis');
  await screenshot(page, 'service-de');
  // Not online: the page says how instead, and the appointment is a button one can see.
  await page.goto(server.base + '/leistungen/fischereischein');
  assert.ok(await page.getByRole('link', { name: 'Termin buchen' }).first().isVisible(), 'the appointment is offered');
  await screenshot(page, 'service-not-online');
  await page.goto(server.base + '/leistungen/bafoeg');
  const external = page.getByRole('link', { name: 'Online beantragen' });
  assert.equal(await external.getAttribute('href'), 'https://bafoeg-digital.example.org/antrag');
  await screenshot(page, 'service-elsewhere');
  await context.close();
});

test('the error page is translated and accessible', async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  const response = await page.goto(server.base + '/leistungen/gibt-es-nicht');
  assert.equal(response.status(), 404);
  assert.equal(await page.textContent('h1'), 'Seite nicht gefunden');
  await expectAccessible(page, '404');
  await page.goto(server.base + '/gibt-es-nicht?lang=en');
  assert.equal(await page.textContent('h1'), 'Page not found');
  await expectAccessible(page, '404 en');
  await context.close();
});

test('English is chosen from the switch and kept', async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto(server.base + '/');
  await page.getByRole('link', { name: 'English' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Services A–Z' }).click();
  assert.equal(await page.textContent('h1'), 'Services from A to Z');
  await page.getByRole('link', { name: 'Register your residence' }).first().click();
  await expectAccessible(page, 'service page in English');
  await screenshot(page, 'service-en');
  await page.goto(server.base + '/?lang=de-leichte');
  assert.equal(await page.textContent('h1'), 'Zum Amt gehen – im Internet');
  await expectAccessible(page, 'Leichte Sprache');
  // A service in Leichte Sprache: its steps and documents too, not the German lists.
  await page.goto(server.base + '/leistungen/personalausweis-beantragen?lang=de-leichte');
  const steps = page.getByRole('region', { name: 'So geht es: Schritt für Schritt' });
  assert.match(await steps.textContent(), /Machen Sie einen Termin/);
  await expectAccessible(page, 'service page in Leichte Sprache');
  await screenshot(page, 'service-leichte');
  await context.close();
});

test('search by keyboard, then report a barrier with a mistake first', async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto(server.base + '/');
  // The skip link is the first stop and moves focus to the content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Zum Inhalt springen');
  await page.getByLabel('Wonach suchen Sie?').fill('Hund');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/suche\?q=Hund/);
  assert.ok(await page.locator('main a[href="/leistungen/hund-anmelden"]').isVisible(), 'the dog registration is found');

  await page.goto(server.base + '/barrierefreiheit');
  await page.getByLabel('Was ist Ihnen aufgefallen?').fill('kurz');
  await page.getByLabel('E-Mail-Adresse (freiwillig)').fill('falsch');
  await page.getByRole('button', { name: 'Meldung senden' }).click();
  assert.ok(await page.getByRole('alert').isVisible(), 'error summary');
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), 'the summary takes the focus');
  assert.equal(await page.inputValue('#message'), 'kurz', 'what was typed is kept');
  await expectAccessible(page, 'form with errors');
  await screenshot(page, 'feedback-errors');
  await page.getByRole('link', { name: /genauer/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'message', 'summary link moves to the field');
  await page.getByLabel('Was ist Ihnen aufgefallen?').fill('Im Kopfbereich fehlt beim Fokus ein sichtbarer Rahmen.');
  await page.getByLabel('E-Mail-Adresse (freiwillig)').fill('anna@example.org');
  await page.getByRole('button', { name: 'Meldung senden' }).click();
  await page.waitForURL(/\/barrierefreiheit\/danke$/);
  assert.equal(await page.textContent('h1'), 'Vielen Dank für Ihre Meldung');
  await expectAccessible(page, 'thanks');
  await context.close();
});

test('works on a 320 px screen without horizontal scrolling', async () => {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  for (const path of ['/', '/leistungen/personalausweis-beantragen', '/standorte/hsvo-city', '/barrierefreiheit']) {
    await page.goto(server.base + path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
  }
  await page.goto(server.base + '/');
  await screenshot(page, 'home-320');
  await context.close();
});

test('everything works with JavaScript switched off', async () => {
  const context = await browser.newContext({ locale: 'de-DE', javaScriptEnabled: false });
  const page = await context.newPage();
  for (const [path, text] of pages) {
    const response = await page.goto(server.base + path);
    assert.equal(response.status(), 200, path);
    assert.ok((await page.textContent('main')).includes(text), `${path} without JS`);
  }
  await page.goto(server.base + '/suche');
  await page.getByLabel('Wonach suchen Sie?').fill('Personalausweis');
  await page.getByRole('button', { name: 'Suchen' }).click();
  assert.ok(await page.getByRole('link', { name: 'Personalausweis beantragen' }).first().isVisible());
  await page.goto(server.base + '/barrierefreiheit');
  await page.getByLabel('Was ist Ihnen aufgefallen?').fill('Ohne JavaScript gemeldet: alles gut lesbar.');
  await page.getByRole('button', { name: 'Meldung senden' }).click();
  assert.equal(await page.textContent('h1'), 'Vielen Dank für Ihre Meldung');
  await context.close();
});

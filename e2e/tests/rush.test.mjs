// Rush protection in Chromium, with axe: an administrator switches it on for a
// location; a resident's browser solves the challenge while they choose and gets the
// time held; a browser without JavaScript sees the short wait page, and "Weiter"
// after the wait holds the same time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRathaus, startBrowser, expectAccessible, staffMember } from './harness.mjs';

// Long enough that the page below which sends its form before the answer is found gets
// there within the wait even on a busy machine (after it, the gate lets a form through).
const WAIT_SECONDS = 8;
let server;
let browser;

before(async () => {
  server = await startRathaus({ env: { RATHAUS_APPOINTMENTS__CHALLENGE_WAIT_SECONDS: String(WAIT_SECONDS) } });
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const PICKER = '/termine/orte/hsvo-city?leistung=wohnsitz-anmelden&personen=1';

/** The picker on the day with the most free times: late in the afternoon, today has too
 * few left for the three times the journey below holds. */
async function busiestDay(page) {
  await page.goto(server.base + PICKER);
  const days = await page.$$eval('ul.days a', (links) =>
    links.map((a) => ({ href: a.getAttribute('href'), free: Number((a.querySelector('.hint')?.textContent.match(/\d+/) ?? ['0'])[0]) })),
  );
  days.sort((a, b) => b.free - a.free);
  assert.ok(days.length > 0 && days[0].free >= 4, 'a day with free times');
  return new URL(days[0].href, server.base).href;
}

test('protection on: solved in the browser, or a short wait without JavaScript', async () => {
  const admin = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  await staffMember(server, admin, `ada.${Date.now()}@example.org`, 'Ada Admin', [['agency_admin', 'ba-hamburg-mitte']]);
  await admin.goto(server.base + '/verwaltung/termine/hsvo-city');
  await admin.getByLabel('Einschalten für').selectOption('2');
  await admin.getByRole('button', { name: 'Schutz einschalten' }).click();
  assert.ok((await admin.textContent('main')).includes('Der Schutz ist eingeschaltet bis'));
  await expectAccessible(admin, 'calendar with protection on');

  // With JavaScript: the answer is found while the person chooses.
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const picker = await busiestDay(page);
  await page.goto(picker);
  await expectAccessible(page, 'protected slots');
  await page.waitForFunction(() => document.querySelector('input[name="loesung"]').value !== '', null, { timeout: 60_000 });
  await page.locator('input[name="zeit"]').first().check();
  await page.getByRole('button', { name: 'Diesen Termin wählen' }).click();
  assert.equal(await page.textContent('h1'), 'Termin bestätigen');
  await context.close();

  // Without JavaScript: chosen at once, the wait page keeps the choice.
  const plain = await browser.newContext({ locale: 'de-DE', javaScriptEnabled: false });
  const noScript = await plain.newPage();
  await noScript.goto(picker);
  await noScript.locator('input[name="zeit"]').nth(1).check();
  await noScript.getByRole('button', { name: 'Diesen Termin wählen' }).click();
  assert.equal(await noScript.textContent('h1'), 'Einen Moment bitte');
  assert.ok((await noScript.textContent('main')).includes('Ihre Auswahl:'), 'the choice is named');
  await noScript.waitForTimeout(WAIT_SECONDS * 1000 + 500);
  await noScript.getByRole('button', { name: 'Weiter' }).click();
  assert.equal(await noScript.textContent('h1'), 'Termin bestätigen');
  await plain.close();

  // axe needs a script of its own in the page: the same wait page, reached with
  // JavaScript on by sending the form before the answer is found.
  const checker = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  await checker.goto(picker);
  await checker.locator('input[name="zeit"]').nth(2).check();
  await checker.evaluate(() => {
    const form = document.querySelector('form[data-challenge]');
    form.querySelector('input[name="loesung"]').value = '';
    form.submit();
  });
  await checker.waitForURL('**/termine/halten');
  assert.equal(await checker.textContent('h1'), 'Einen Moment bitte');
  await expectAccessible(checker, 'wait page');
});

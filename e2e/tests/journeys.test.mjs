// A newcomer's journey with every detour, on a phone and on a desktop: from the home
// page to the dog-tax form — search, the service page (which says first what is
// needed), sign-in page, a new Servicekonto, the mail link, the second factor set up on
// the way, the recovery codes — and back in the form, without any page twice. axe and
// the contrast check on every page; a screenshot of each step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRathaus, startBrowser, expectAccessible, screenshot, waitForMail, linkPath, totpCode, PASSWORD } from './harness.mjs';

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

const screens = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
};

for (const [name, viewport] of Object.entries(screens)) {
  test(`a newcomer applies for the dog tax and is brought back after every detour (${name})`, async () => {
    const context = await browser.newContext({ locale: 'de-DE', viewport });
    const page = await context.newPage();
    const email = `nora.${name}.${Date.now()}@example.org`;
    const seen = [];
    // Each page shown, by its address and heading: none may come twice.
    const step = async (label) => {
      const shown = `${new URL(page.url()).pathname} · ${(await page.textContent('h1')).trim()}`;
      assert.ok(!seen.includes(shown), `${shown} shown twice: ${seen.join(' → ')}`);
      seen.push(shown);
      await expectAccessible(page, `${name}: ${label}`);
      await screenshot(page, `journey-${name}-${String(seen.length).padStart(2, '0')}-${label}`);
    };

    await page.goto(server.base + '/');
    await step('home');
    await page.getByLabel('Wonach suchen Sie?').fill('Hundesteuer');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await step('search');
    await page.locator('main a[href="/leistungen/hundesteuer"]').first().click();
    await step('service');
    const main = await page.textContent('main');
    assert.ok(
      main.indexOf('Authenticator-App oder einem Passkey') < main.indexOf('Online beantragen'),
      'the service page says what is needed before the button',
    );
    await page.getByRole('link', { name: 'Online beantragen' }).click();
    await step('sign-in');
    await page.getByRole('link', { name: 'Servicekonto anlegen' }).click();
    await step('register');
    await page.getByLabel('Vor- und Nachname').fill('Nora Neu');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Neues Passwort').fill(PASSWORD);
    await page.getByLabel('Passwort wiederholen').fill(PASSWORD);
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await step('mail-sent');

    const mail = await waitForMail(server, email, 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
    await page.goto(server.base + linkPath(mail));
    await step('confirm');
    await page.getByRole('button', { name: 'Adresse bestätigen' }).click();
    // Signed in by confirming, and on with the task: it needs a second factor.
    await step('second-factor');
    await page.getByRole('link', { name: 'Authenticator-App einrichten' }).click();
    await step('app-setup');
    const secret = await page.textContent('#totp-secret');
    await page.getByLabel('Code').fill(totpCode(secret));
    await page.getByRole('button', { name: 'App bestätigen' }).click();
    await step('recovery-codes');
    await page.getByRole('link', { name: 'Codes aufbewahrt – weiter' }).click();
    await step('form-start');
    assert.equal(new URL(page.url()).pathname, '/antraege/neu/hundesteuer');
    assert.ok((await page.textContent('main')).includes('Hundesteuer'));
    assert.ok(seen.length <= 11, `${seen.length} pages: ${seen.join(' → ')}`);

    // The first page offers the name given at registration; nothing is filled in
    // without consent.
    await page.getByRole('button', { name: 'Antrag beginnen' }).click();
    await step('form-first-page');
    assert.equal(await page.inputValue('#f-given_name'), '');
    await page.getByLabel('Vorname: Nora').check();
    await page.getByLabel('Nachname: Neu').check();
    await page.getByRole('button', { name: 'Ausgewählte Angaben übernehmen' }).click();
    assert.equal(await page.inputValue('#f-given_name'), 'Nora');
    assert.equal(await page.inputValue('#f-family_name'), 'Neu');
    // What is missing is listed by question, and the list has the focus.
    await page.locator('.form-actions').getByRole('button', { name: 'Weiter', exact: true }).click();
    const summary = await page.textContent('.error-summary');
    assert.ok(summary.includes('Geburtsdatum:') && summary.includes('Anschrift:'), summary);
    assert.ok(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), 'the summary has the focus');
    assert.equal(await page.inputValue('#f-given_name'), 'Nora', 'nothing typed is lost');
    await expectAccessible(page, `${name}: form with missing answers`);
    await screenshot(page, `journey-${name}-form-errors`);
    // Its link leads to the input of the question.
    await page.locator('.error-summary a', { hasText: 'Anschrift:' }).click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-address-street');
    await context.close();
  });
}

test('on a phone the menu folds into one button that opens without JavaScript; questions find their page', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ locale: 'de-DE', viewport: screens.phone, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(server.base + '/');
    // The navigation is one row (it took three, about 160 px, before the menu button).
    const nav = await page.locator('nav.main-nav').boundingBox();
    assert.ok(nav.height <= 56, `the navigation is ${nav.height}px high on a phone`);
    const menu = page.locator('.nav-menu summary');
    assert.ok(await menu.isVisible(), 'the menu button');
    assert.ok(!(await page.getByRole('link', { name: 'Leistungen A–Z' }).first().isVisible()), 'links folded away');
    await menu.click();
    // axe runs as a script in the page, so only where scripts run.
    if (javaScriptEnabled) await expectAccessible(page, 'phone menu open');
    await screenshot(page, `phone-menu-${javaScriptEnabled ? 'js' : 'nojs'}`);
    await page.locator('.nav-menu').getByRole('link', { name: 'Kontakt' }).click();
    assert.equal(await page.textContent('h1'), 'Kontakt');
    if (javaScriptEnabled) await expectAccessible(page, 'contact');
    await context.close();
  }

  const context = await browser.newContext({ locale: 'de-DE', viewport: screens.desktop });
  const page = await context.newPage();
  await page.goto(server.base + '/');
  assert.ok(!(await page.locator('.nav-menu').isVisible()), 'no menu button on a wide screen');
  await screenshot(page, 'home-desktop');
  await page.getByLabel('Wonach suchen Sie?').fill('Ich habe eine Frage zu meinem Antrag');
  await page.getByRole('button', { name: 'Suchen' }).click();
  await page.locator('.shortcuts').getByRole('link', { name: 'Meine Anträge' }).click();
  assert.equal(new URL(page.url()).pathname, '/konto/anmelden', 'Meine Anträge asks to sign in first');
  await page.goto(server.base + '/suche?q=Quantenfluktuation');
  await expectAccessible(page, 'no results');
  await page.getByRole('main').getByRole('link', { name: 'Kontakt' }).click();
  assert.equal(await page.textContent('h1'), 'Kontakt');
  await context.close();
});

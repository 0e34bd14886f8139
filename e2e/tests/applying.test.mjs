// Applying online for every shipped form, on a phone-sized screen, with axe on every
// page: the service page's "Online beantragen", each page of the form (an upload where
// the form asks for one, household members added with the button), "check your
// answers", one submission, the confirmation with the case reference, the receipt PDF
// in the inbox. Services at level "high" are reached with the (test) online ID.
// Then Wohngeld once more with JavaScript switched off: every question is shown, the
// household member is added by the server, and only the answers that apply are kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startRathaus, startBrowser, expectAccessible, screenshot, waitForMail, registerResident, signIn, enrolAuthenticator,
} from './harness.mjs';

let server;
let browser;
const email = `anna.${Date.now()}@example.org`;
const PHONE = { width: 390, height: 844 };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

before(async () => {
  // Every person in this journey posts from the same loopback address, many forms a
  // minute; in life each has their own, so the per-address limit is raised here.
  server = await startRathaus({ eid: true, writesPerMinute: 600 });
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every shipped form's service (`data/forms/*.json`; earlier versions sit in `archive/`). */
const FORMS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'forms');
const SHIPPED = readdirSync(FORMS_DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(join(FORMS_DIR, name), 'utf8')).service)
  .sort();

/** Answers that differ from the defaults below, per form. */
const OVERRIDES = {
  'hund-anmelden-steuer': { dangerous: 'ja' },
};

/** A valid answer for a field, by its kind. */
function answerFor(field) {
  switch (field.type) {
    case 'number': return String(field.min ?? 2);
    case 'date': return field.when === 'future' ? '01.03.2027' : '27.03.1985';
    case 'email': return email;
    case 'phone': return '040 555 1100';
    case 'iban': return 'DE89 3704 0044 0532 0130 00';
    case 'postcode': return '20095';
    case 'yes_no': return 'nein';
    default: return 'Beispiel';
  }
}

/** Fills the visible fields of `fields` (named with `prefix`) on the current page. */
async function fill(page, fields, prefix, overrides) {
  for (const field of fields) {
    const name = prefix + field.id;
    const value = overrides[field.id] ?? answerFor(field);
    if (field.type === 'group') continue;
    if (field.type === 'address') {
      const street = page.locator(`[name="${name}.street"]`);
      if (!(await street.isVisible())) continue;
      await street.fill('Musterweg 1');
      await page.locator(`[name="${name}.postcode"]`).fill('20095');
      await page.locator(`[name="${name}.city"]`).fill('Hamburg');
      continue;
    }
    if (field.type === 'choice' || field.type === 'yes_no') {
      const option = field.type === 'yes_no' ? value : (overrides[field.id] ?? field.options[0].value);
      const input = page.locator(`input[name="${name}"][value="${option}"]`);
      if (await input.isVisible()) await input.check();
      continue;
    }
    if (field.type === 'confirm') {
      const box = page.locator(`input[name="${name}"]`);
      if (await box.isVisible()) await box.check();
      continue;
    }
    if (field.type === 'file') {
      const input = page.locator(`input[name="${name}._upload"]`);
      if (await input.isVisible()) await input.setInputFiles({ name: 'Nachweis.pdf', mimeType: 'application/pdf', buffer: PDF });
      continue;
    }
    const input = page.locator(`[name="${name}"]`);
    if (await input.isVisible()) await input.fill(value);
  }
}

/** Fills one page of the form; repeating groups get one member, added with the button. */
async function fillPage(page, definition, overrides, check) {
  // The answers first: they decide whether a group applies at all.
  await fill(page, definition.fields, '', overrides);
  for (const group of definition.fields.filter((f) => f.type === 'group')) {
    const add = page.locator(`button[value="hinzufuegen:${group.id}"]`);
    const empty = (await page.locator(`[name^="${group.id}.1."]`).count()) === 0;
    if (empty && await add.isVisible()) {
      await add.click();
      await page.waitForLoadState();
      if (check) await expectAccessible(page, `${definition.id} with a new member`);
    }
    if (await page.locator(`[name^="${group.id}.1."]`).count() > 0) {
      await fill(page, group.fields, `${group.id}.1.`, overrides);
    }
  }
}

/** Fills every page of the service's form, from its service page to the review. */
async function applyUpToReview(page, serviceId, { check = true } = {}) {
  const form = await (await page.request.get(`${server.base}/api/v1/services/${serviceId}/form`)).json();
  const overrides = OVERRIDES[form.id] ?? {};
  await page.goto(`${server.base}/leistungen/${serviceId}`);
  // A service that needs a visit offers its form to fill in ahead of it.
  if (form.id === 'personalausweis-beantragen') await screenshot(page, 'service-ahead-of-visit');
  await page.getByRole('link', { name: form.ahead_of_visit ? 'Vorab online ausfüllen' : 'Online beantragen' }).click();
  if (check) await expectAccessible(page, `${form.id}: start`);
  assert.ok((await page.textContent('main')).includes('30 Tage'), 'the retention period is told');
  await page.getByRole('button', { name: 'Antrag beginnen' }).click();
  for (let step = 0; step < 20 && !page.url().endsWith('/pruefen'); step++) {
    const pageId = page.url().split('/seite/')[1];
    const definition = form.pages.find((p) => p.id === pageId);
    assert.ok(definition, `a page of ${form.id}: ${page.url()}`);
    if (check) await expectAccessible(page, `${form.id}: ${pageId}`);
    await fillPage(page, definition, overrides, check);
    await page.locator('.form-actions').getByRole('button', { name: 'Weiter', exact: true }).click();
    await page.waitForLoadState();
    const error = page.locator('.error-summary');
    if (await error.count()) assert.fail(`${form.id}/${pageId}: ${await error.textContent()}`);
  }
  assert.ok(page.url().endsWith('/pruefen'), `${form.id} reaches the review`);
  if (check) await expectAccessible(page, `${form.id}: review`);
  return form;
}

/**
 * Chooses the delivery on the review: the first way the service offers, an address for
 * the letter where the profile has none, the first pickup location.
 */
async function chooseDelivery(page) {
  const ways = page.locator('input[name="delivery"][type="radio"]');
  if (await ways.count()) await ways.first().check();
  const address = [['delivery_name', 'Anna Beispiel'], ['delivery_street', 'Musterweg 1'], ['delivery_postcode', '20095'], ['delivery_city', 'Hamburg']];
  for (const [id, value] of address) {
    const input = page.locator(`#${id}`);
    if (await input.count() && !(await input.inputValue())) await input.fill(value);
  }
  const location = page.locator('#delivery_location');
  if (await location.count() && !(await location.inputValue())) await location.selectOption({ index: 1 });
}

/**
 * Pays on the provider's page (the Testkasse) by test card; the provider sends the
 * browser back to Rathaus, which asks the provider and submits the application.
 */
async function payByCard(page, formId, check) {
  assert.ok((await page.textContent('h1')).includes('Testkasse'), `${formId}: the payment service`);
  if (check) await expectAccessible(page, `${formId}: payment service`);
  await page.getByLabel('Kartennummer').fill('4242 4242 4242 4242');
  await page.getByLabel('Gültig bis').fill('12/28');
  await page.getByLabel('Prüfnummer (CVC)').fill('123');
  await page.getByLabel('Name auf der Karte').fill('Anna Beispiel');
  await page.getByRole('button', { name: /bezahlen$/ }).click();
}

/** Applications paid with the application, each confirmed in the inbox. */
let paid = 0;

/** Sends the application from the review and returns its case reference. */
async function submit(page, formId, { check = true, afterError = false, aheadOfVisit = false } = {}) {
  if (!afterError) assert.equal(await page.locator('.error-summary').count(), 0, `${formId}: nothing open on the review`);
  await chooseDelivery(page);
  // A fee due with the application is paid first; the button says so and how much.
  await page.getByRole('button', { name: /^(Antrag verbindlich abschicken|Weiter zur Bezahlung)/ }).click();
  if (page.url().includes('/testkasse/')) {
    await payByCard(page, formId, check);
    paid += 1;
  }
  assert.equal(await page.textContent('h1'), 'Ihr Antrag ist eingegangen');
  if (check) await expectAccessible(page, `${formId}: confirmation`);
  if (aheadOfVisit) {
    // Next the visit: booked where the service has appointments, else at opening hours.
    const next = page.locator('main').getByRole('link', { name: /^(Termin buchen|Orte und Öffnungszeiten)$/ });
    assert.match(await next.getAttribute('href'), /^\/(termine\/orte\?leistung=|leistungen\/)/, `${formId}: the visit comes next`);
    if (formId === 'personalausweis-beantragen') await screenshot(page, 'confirmation-ahead-of-visit');
  }
  const reference = (await page.textContent('.reference')).trim();
  assert.match(reference, /^HH-\d{4}-\d{6}$/);
  return reference;
}

test('a resident applies online for every shipped form and holds the receipts', async () => {
  const context = await browser.newContext({ locale: 'de-DE', viewport: PHONE });
  const page = await context.newPage();
  await registerResident(server, page, 'Anna Beispiel', email);
  await signIn(page, email);

  // A service at level "substantial" asks for the second factor first.
  await page.goto(`${server.base}/leistungen/hundesteuer`);
  await page.getByRole('link', { name: 'Online beantragen' }).click();
  assert.match(page.url(), /\/konto\/zweiter-faktor\?zurueck=/);
  await enrolAuthenticator(server, page);

  const services = await (await page.request.get(`${server.base}/api/v1/services`)).json();
  const level = Object.fromEntries(services.map((s) => [s.id, s.assurance_level]));
  const first = ['hundesteuer', ...SHIPPED.filter((id) => id !== 'hundesteuer' && level[id] !== 'high')];
  const high = SHIPPED.filter((id) => level[id] === 'high');
  assert.ok(SHIPPED.length >= 40, `most services online: ${SHIPPED.length} forms`);

  const references = new Set();
  for (const service of first) {
    const form = await applyUpToReview(page, service);
    await screenshot(page, `review-${form.id}`);
    let afterError = false;
    if (service === 'hundesteuer') {
      // The answers can be printed before sending.
      await page.getByRole('link', { name: 'Druckansicht Ihrer Antworten' }).click();
      assert.ok((await page.textContent('main')).includes('noch nicht abgeschickt'));
      assert.ok(await page.getByRole('button', { name: 'Drucken' }).isVisible());
      await expectAccessible(page, 'print view');
      await screenshot(page, 'print-view-phone');
      await page.getByRole('link', { name: 'Zurück zu Ihren Antworten' }).click();
      // The tax office writes by post, to the address typed into the form (the
      // profile has none); a line taken out is named, and the focus goes to the list.
      assert.ok((await page.textContent('main')).includes('Sie erhalten das Ergebnis per Post.'));
      const postcode = await page.inputValue('#delivery_postcode');
      assert.ok((await page.inputValue('#delivery_street')).length > 0, "the form's address is the letter's");
      assert.ok((await page.inputValue('#delivery_name')).length > 0, "and the form's name");
      await page.fill('#delivery_street', '');
      await page.getByRole('button', { name: 'Antrag verbindlich abschicken' }).click();
      assert.ok((await page.textContent('.error-summary')).includes('Geben Sie Straße und Hausnummer an'));
      assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), 'the summary has the focus');
      assert.equal(await page.inputValue('#delivery_postcode'), postcode, 'nothing else is lost');
      await expectAccessible(page, 'review with a missing address');
      afterError = true;
    }
    references.add(await submit(page, form.id, { afterError, aheadOfVisit: form.ahead_of_visit }));
  }

  // "High" needs the online ID: the page says so; linking the ID card (which signs in
  // with it) raises the session.
  await page.goto(`${server.base}/antraege/neu/wohnsitz-anmelden`);
  assert.equal(await page.textContent('h1'), 'Für diesen Antrag brauchen Sie den Online-Ausweis');
  await expectAccessible(page, 'needs the online ID');
  await server.eidNext('eid-anna-beispiel', {
    given_name: 'Anna', family_name: 'Beispiel', birthdate: '1985-03-27',
    address: { street_address: 'Musterweg 1', postal_code: '20095', locality: 'Hamburg' },
  });
  await page.goto(server.base + '/konto/sicherheit');
  await page.getByRole('button', { name: /verknüpfen$/ }).click();
  await page.waitForURL(/hinweis=eid-verknuepft/);

  for (const service of high) {
    const form = await applyUpToReview(page, service);
    references.add(await submit(page, form.id, { aheadOfVisit: form.ahead_of_visit }));
  }
  assert.equal(references.size, SHIPPED.length, 'one reference per application');

  // The receipts arrive in the inbox, and a payment confirmation for each fee paid with
  // the application; each is a PDF.
  await waitForMail(server, email, 'ist eingegangen');
  const receipts = page.locator('.messages li', { hasText: 'Eingangsbestätigung' });
  const confirmations = page.locator('.messages li', { hasText: 'Zahlungsbestätigung' });
  for (let i = 0; i < 300; i++) {
    await page.goto(server.base + '/postfach');
    if ((await receipts.count()) === SHIPPED.length && (await confirmations.count()) === paid) break;
    await page.waitForTimeout(100);
  }
  assert.equal(await receipts.count(), SHIPPED.length, 'a receipt for each application in the inbox');
  assert.equal(await confirmations.count(), paid, 'a confirmation for each payment');
  await expectAccessible(page, 'inbox');
  await receipts.first().locator('a').click();
  await expectAccessible(page, 'receipt message');
  const download = await page.request.get(server.base + (await page.locator('#aktuell a[download]').getAttribute('href')));
  assert.equal(download.headers()['content-type'], 'application/pdf');
  assert.ok((await download.body()).subarray(0, 5).equals(Buffer.from('%PDF-')));

  await page.goto(server.base + '/antraege');
  await expectAccessible(page, 'my applications');
  await page.locator('table a').first().click();
  assert.ok((await page.textContent('main')).includes('Antrag abgeschickt und eingegangen'));
  await expectAccessible(page, 'status page');
  await context.close();
});

test('without JavaScript, Wohngeld is applied for end to end as plain HTML', async () => {
  const context = await browser.newContext({ locale: 'de-DE', viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  const plain = `bernd.${Date.now()}@example.org`;
  await registerResident(server, page, 'Bernd Beispiel', plain);
  await signIn(page, plain);
  await enrolAuthenticator(server, page);

  // Without the script every question of a page is shown; the server decides which
  // apply, so the filler answers them all and only the applicable ones are kept. (axe
  // needs JavaScript in the page; the markup is the one checked in the test above.)
  const form = await applyUpToReview(page, 'wohngeld', { check: false });
  assert.equal(form.id, 'wohngeld');
  const review = await page.textContent('main');
  assert.ok(review.includes('Nachweis.pdf'), 'the uploads are on the review');
  assert.ok(review.includes('Beispiel'), 'the household member is on the review');
  // Answers to questions that do not apply (owner's burden for a tenant, the
  // explanation for no income) were filled in but not kept.
  const id = page.url().split('/antraege/')[1].split('/')[0];
  const saved = await (await page.request.get(`${server.base}/api/v1/applications/${id}`)).json();
  assert.equal(saved.answers.tenure, 'rent');
  assert.equal(saved.answers.burden, undefined);
  assert.equal(saved.answers.no_income_explanation, undefined);
  assert.equal(saved.answers.household.length, 1);
  const reference = await submit(page, form.id, { check: false });
  await page.goto(server.base + '/antraege');
  assert.ok((await page.textContent('main')).includes(reference));
  await context.close();
});

// Paying and refunding in the browser, with axe on every page: a resident applies for a
// residents' parking permit, pays 65 € on the provider's page by card (a mistyped card
// number first), gets the receipt; the cash office refunds part of it — above the
// approval limit, so a second person approves — and the resident reads the refund in
// the inbox. Then Rathaus is killed right after a provider confirmed a payment, and the
// recovery completes it after the restart, once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startRathaus, startBrowser, expectAccessible, screenshot, waitForMail, registerResident, signIn, enrolAuthenticator, staffMember,
} from './harness.mjs';

let server;
let browser;

before(async () => {
  // Three people post from one loopback address here; in life each has their own.
  server = await startRathaus({ writesPerMinute: 600 });
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A draft for the parking permit, answered through the API. */
async function parkingDraft(page, server) {
  await page.goto(server.base + '/konto/daten');
  const headers = { 'x-csrf-token': await page.getAttribute('input[name="_csrf"]', 'value') };
  const api = (path) => `${server.base}/api/v1${path}`;
  const created = await page.request.post(api('/applications'), { headers, data: { service: 'bewohnerparkausweis' } });
  assert.equal(created.status(), 201);
  const { id } = await created.json();
  const pages = {
    person: { given_name: 'Anna', family_name: 'Beispiel', birth_date: '27.3.1985', email: 'anna@example.org',
      address: { street: 'Musterweg 1', postcode: '20095', city: 'Hamburg' } },
    fahrzeug: { plate: 'HH-AB 123', vehicle_kind: 'car', holder: 'self' },
    gebiet: { zone: 'E405', start: '1.3.2027' },
  };
  for (const [name, answers] of Object.entries(pages)) {
    const saved = await page.request.put(api(`/applications/${id}/pages/${name}`), { headers, data: answers });
    assert.equal(saved.status(), 200, `${name}: ${await saved.text()}`);
  }
  return id;
}

test('a resident pays by card and the cash office refunds part with a second approval', async () => {
  const residentContext = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
  const resident = await residentContext.newPage();
  const email = `anna.${Date.now()}@example.org`;
  await registerResident(server, resident, 'Anna Beispiel', email);
  await signIn(resident, email);
  await enrolAuthenticator(server, resident);

  // What it costs is told before applying.
  await resident.goto(server.base + '/antraege/neu/bewohnerparkausweis');
  assert.ok((await resident.textContent('main')).includes('65,00 €'));
  const id = await parkingDraft(resident, server);
  await resident.goto(`${server.base}/antraege/${id}/pruefen`);
  await expectAccessible(resident, 'review with the fee');
  await resident.getByLabel('Im Postfach zum Herunterladen').check();
  await resident.getByRole('button', { name: 'Weiter zur Bezahlung (65,00 €)' }).click();

  // The provider's page: a mistyped card number is named, then the payment goes.
  assert.ok((await resident.textContent('h1')).includes('Testkasse'));
  await expectAccessible(resident, 'payment service');
  await screenshot(resident, 'testkasse');
  await resident.getByLabel('Kartennummer').fill('4242 4242 4242 4241');
  await resident.getByLabel('Gültig bis').fill('12/28');
  await resident.getByLabel('Prüfnummer (CVC)').fill('123');
  await resident.getByLabel('Name auf der Karte').fill('Anna Beispiel');
  await resident.getByRole('button', { name: '65,00 € bezahlen' }).click();
  assert.ok((await resident.textContent('.error-summary')).includes('Geben Sie eine gültige Kartennummer an'));
  assert.equal(await resident.getByLabel('Name auf der Karte').inputValue(), 'Anna Beispiel', 'typed values kept');
  await expectAccessible(resident, 'payment service with an error');
  await resident.getByLabel('Kartennummer').fill('4242 4242 4242 4242');
  await resident.getByRole('button', { name: '65,00 € bezahlen' }).click();
  assert.equal(await resident.textContent('h1'), 'Ihr Antrag ist eingegangen');
  const reference = (await resident.textContent('.reference')).trim();
  await expectAccessible(resident, 'confirmation after paying');

  // The receipt arrives in the inbox; the status page shows the fee paid.
  await waitForMail(server, email, `Ihr Antrag ${reference} ist eingegangen`);
  await resident.goto(`${server.base}/antraege/${id}`);
  assert.ok((await resident.textContent('main')).includes('65,00 €'));
  await expectAccessible(resident, 'status page with the fee');

  // The cash office: Kasimir asks for 60 € back (above the 50 € limit) …
  const kasimirContext = await browser.newContext({ locale: 'de-DE' });
  const kasimir = await kasimirContext.newPage();
  await staffMember(server, kasimir, `kasimir.${Date.now()}@example.org`, 'Kasimir Kasse', [['payments', 'lbv']]);
  await kasimir.goto(server.base + '/verwaltung');
  await kasimir.getByRole('link', { name: 'Zahlungen und Erstattungen' }).click();
  await expectAccessible(kasimir, 'payments');
  const cashReference = (await kasimir.textContent('.card-title')).split(' – ')[0].trim();
  assert.match(cashReference, /^KZ-\d{4}-\d{7}$/);
  await kasimir.getByLabel(`Betrag der Erstattung in Euro ${cashReference}`).fill('60,00');
  await kasimir.getByLabel(`Grund (die antragstellende Person liest ihn) ${cashReference}`).fill('Der Ausweis wird nur für drei Monate gebraucht.');
  await kasimir.getByRole('button', { name: `Erstatten ${cashReference}` }).click();
  assert.ok((await kasimir.textContent('main')).includes('wartet auf die Freigabe durch eine zweite Person'));
  assert.ok((await kasimir.textContent('main')).includes('Von Ihnen beantragt'));
  await expectAccessible(kasimir, 'payments with a refund waiting');
  await screenshot(kasimir, 'payments');

  // … and Paula approves it.
  const paulaContext = await browser.newContext({ locale: 'de-DE' });
  const paula = await paulaContext.newPage();
  await staffMember(server, paula, `paula.${Date.now()}@example.org`, 'Paula Kasse', [['payments', 'lbv']]);
  await paula.goto(server.base + '/verwaltung/zahlungen');
  await paula.getByRole('button', { name: `Freigeben 60,00 € ${cashReference}` }).click();
  assert.ok((await paula.textContent('main')).includes('Der Betrag ist erstattet'));
  assert.ok((await paula.textContent('main')).includes('5,00 €'), 'five euros are left to refund');
  await expectAccessible(paula, 'payments after the approval');

  // The resident reads it in the inbox.
  await resident.goto(server.base + '/postfach');
  await resident.getByRole('link', { name: `Erstattung zu Ihrem Antrag ${reference}` }).click();
  const message = await resident.textContent('main');
  assert.ok(message.includes('60,00 €') && message.includes(cashReference));
  await expectAccessible(resident, 'refund in the inbox');
  await residentContext.close();
  await kasimirContext.close();
  await paulaContext.close();
});

test('a payment confirmed while Rathaus was killed is completed after the restart, once', async () => {
  // The provider's webhooks are lost (they go nowhere), and the person never comes back:
  // only the recovery after the restart can learn that the provider took the money.
  const lost = { RATHAUS_PAYMENTS__WEBHOOK_URL: 'http://127.0.0.1:9/verloren' };
  const crashing = await startRathaus({ writesPerMinute: 600, env: lost });
  try {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    const email = `bernd.${Date.now()}@example.org`;
    await registerResident(crashing, page, 'Bernd Beispiel', email);
    await signIn(page, email);
    await enrolAuthenticator(crashing, page);
    const id = await parkingDraft(page, crashing);
    await page.goto(`${crashing.base}/antraege/${id}/pruefen`);
    await page.getByLabel('Im Postfach zum Herunterladen').check();
    await page.getByRole('button', { name: 'Weiter zur Bezahlung (65,00 €)' }).click();
    await page.getByLabel('Kartennummer').fill('4242 4242 4242 4242');
    await page.getByLabel('Gültig bis').fill('12/28');
    await page.getByLabel('Prüfnummer (CVC)').fill('123');
    await page.getByLabel('Name auf der Karte').fill('Bernd Beispiel');
    // The provider says yes, but the browser never follows its way back to Rathaus (the
    // tab is closed), and Rathaus dies right after.
    await page.route('**/karte', async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      assert.equal(response.status(), 303, 'the provider decided and sends the person back');
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'Fenster geschlossen' });
    });
    await page.getByRole('button', { name: '65,00 € bezahlen' }).click();
    const before = await (await page.request.get(`${crashing.base}/api/v1/applications/${id}`)).json();
    assert.equal(before.status, 'draft', 'the provider took the money; Rathaus has not recorded it');
    await crashing.kill();
    await page.unroute('**/karte');

    // Restarted; the recovery asks the provider about every open payment at once.
    await crashing.restart({ ...lost, RATHAUS_PAYMENTS__RECOVER_AFTER_SECS: '0' });
    let application;
    for (let i = 0; i < 100; i++) {
      application = await (await page.request.get(`${crashing.base}/api/v1/applications/${id}`)).json();
      if (application.status === 'submitted') break;
      await page.waitForTimeout(200);
    }
    assert.equal(application.status, 'submitted', 'the paid application went out after the restart');
    assert.equal(application.fee.total_cents, 6500);
    assert.equal(application.events.filter((e) => e.kind === 'submitted').length, 1, 'submitted once');
    await page.goto(`${crashing.base}/antraege/${id}`);
    assert.ok((await page.textContent('main')).includes('65,00 €'));
    await expectAccessible(page, 'status page after the recovery');
    await context.close();
  } finally {
    await crashing.stop();
  }
});

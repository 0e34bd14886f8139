// Case work in the browser, with axe on every page: a resident's dog-tax application
// reaches the finance authority's queue; a case worker (invited on the command line,
// with an authenticator app) takes it, starts the review, asks for a document, writes
// an internal note; the resident reads the question in the inbox and answers with the
// document, which resumes the case; the case worker opens it, writes back and approves;
// the resident downloads the decision and anyone can verify it; the mailroom sends the
// original by post, and the resident sees the tracking number. The resident follows
// each step on the status page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startRathaus, startBrowser, expectAccessible, screenshot, waitForMail, registerResident, signIn, enrolAuthenticator, staffMember,
} from './harness.mjs';

let server;
let browser;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

before(async () => {
  // Every person in this journey posts from the same loopback address, many forms a
  // minute; in life each has their own, so the per-address limit is raised here.
  server = await startRathaus({ writesPerMinute: 600 });
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A resident with a submitted dog-tax application (made through the API). */
/** Whether a PDF carries a PAdES signature (the pyHanko test in the Rust suite validates it). */
function decisionPdfSealed(pdf) {
  const text = pdf.toString('latin1');
  return text.includes('/SubFilter /ETSI.CAdES.detached') && text.includes('/ByteRange');
}

async function residentWithApplication(page, email) {
  await registerResident(server, page, 'Anna Beispiel', email);
  await signIn(page, email);
  await enrolAuthenticator(server, page);
  await page.goto(server.base + '/konto/daten');
  const csrf = await page.getAttribute('input[name="_csrf"]', 'value');
  const headers = { 'x-csrf-token': csrf };
  const api = (path) => `${server.base}/api/v1${path}`;
  const created = await page.request.post(api('/applications'), { headers, data: { service: 'hundesteuer' } });
  assert.equal(created.status(), 201);
  const { id } = await created.json();
  const pages = {
    halter: { given_name: 'Anna', family_name: 'Beispiel', birth_date: '27.3.1985', email,
      address: { street: 'Musterweg 1', postcode: '20095', city: 'Hamburg' } },
    hund: { dog_name: 'Bello', breed: 'Labrador', dog_born: '1.6.2020', dog_sex: 'male',
      chip_number: '276098106123456', kept_since: '1.8.2020', dangerous: false },
    steuer: { exemption: false },
    zahlung: { direct_debit: false },
  };
  for (const [name, answers] of Object.entries(pages)) {
    const saved = await page.request.put(api(`/applications/${id}/pages/${name}`), { headers, data: answers });
    assert.equal(saved.status(), 200, `${name}: ${await saved.text()}`);
  }
  // The tax office's letters go by post, to this address.
  const delivery = { method: 'post', address: { name: 'Anna Beispiel', street: 'Musterweg 1', postcode: '20095', city: 'Hamburg' } };
  const submitted = await (await page.request.post(api(`/applications/${id}/submit`), { headers, data: { delivery } })).json();
  return { id, reference: submitted.reference };
}

test('a case worker takes a case from the queue to approval and the resident follows', async () => {
  // The case worker is created on the command line while the server runs (on SQLite
  // both write the same file: every write transaction takes the lock up front).
  const staffContext = await browser.newContext({ locale: 'de-DE' });
  const staff = await staffContext.newPage();
  const carla = `carla.${Date.now()}@example.org`;
  await staffMember(server, staff, carla, 'Carla Fall', [['case_worker', 'fb']]);

  const residentContext = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
  const resident = await residentContext.newPage();
  const email = `anna.${Date.now()}@example.org`;
  const { id, reference } = await residentWithApplication(resident, email);

  await staff.goto(server.base + '/verwaltung');
  const workspace = staff.getByRole('navigation', { name: 'Arbeitsbereich der Verwaltung' });
  assert.ok(await workspace.getByRole('link', { name: 'Textvorlagen' }).isVisible(), 'a case worker\'s workspace');
  assert.equal(await workspace.getByRole('link', { name: 'Betrieb' }).count(), 0);
  // A message template, written once for the agency …
  await workspace.getByRole('link', { name: 'Textvorlagen' }).click();
  await expectAccessible(staff, 'message templates');
  await staff.getByLabel('Titel').fill('Versicherungsnachweis fehlt');
  await staff.getByLabel('Text').fill('Guten Tag {Name}, für Ihren Antrag {Aktenzeichen} brauchen wir noch den Nachweis der Haftpflichtversicherung.');
  await staff.getByRole('button', { name: 'Vorlage speichern' }).click();
  assert.ok((await staff.textContent('main')).includes('Die Vorlage ist gespeichert.'));
  await workspace.getByRole('link', { name: 'Vorgänge', exact: true }).click();
  await expectAccessible(staff, 'case queue');
  await screenshot(staff, 'case-queue');
  assert.ok((await staff.textContent('main')).includes('Anna Beispiel'), 'the queue names the applicant');
  await staff.getByLabel('Bearbeitung').selectOption('niemand');
  await staff.getByRole('button', { name: 'Anzeigen' }).click();
  await expectAccessible(staff, 'case queue filtered');
  await staff.getByRole('link', { name: reference }).click();
  assert.equal(await staff.textContent('h1'), `${reference} – Hund zur Hundesteuer anmelden`);
  await expectAccessible(staff, 'case');

  await staff.getByLabel('Zuweisen an').selectOption({ label: 'Carla Fall (ich)' });
  await staff.getByRole('button', { name: 'Zuweisen', exact: true }).click();
  assert.ok((await staff.textContent('main')).includes('Die Zuweisung ist gespeichert'));
  await staff.getByRole('button', { name: 'Prüfung beginnen' }).click();
  assert.ok((await staff.textContent('main')).includes('In Prüfung'));

  // An empty request is refused with the error summary; then the real one.
  await staff.getByRole('button', { name: 'Nachforderung senden' }).click();
  assert.ok(await staff.locator('.error-summary').isVisible());
  await expectAccessible(staff, 'case with an error');
  // … inserted here, with the case's reference and the applicant's name filled in.
  await staff.locator('a[href*="fuer=anfrage"]', { hasText: 'Versicherungsnachweis fehlt' }).click();
  const request = await staff.getByLabel('Was fehlt noch?').inputValue();
  assert.ok(request.includes(reference) && request.startsWith('Guten Tag Anna Beispiel'), request);
  await staff.getByRole('button', { name: 'Nachforderung senden' }).click();
  assert.ok((await staff.textContent('main')).includes('wartet auf Angaben'));
  await staff.getByLabel('Neue Notiz').fill('Versicherung telefonisch angefragt.');
  await staff.getByRole('button', { name: 'Notiz speichern' }).click();
  assert.ok((await staff.textContent('.notes')).includes('Versicherung telefonisch angefragt.'));
  await expectAccessible(staff, 'case waiting, with a note');
  await screenshot(staff, 'case');

  // The resident sees the question, may withdraw (but does not), and never the note.
  await resident.goto(`${server.base}/antraege/${id}`);
  const status = await resident.textContent('main');
  assert.ok(status.includes('Wir brauchen noch Angaben von Ihnen'));
  assert.ok(!status.includes('telefonisch'));
  await expectAccessible(resident, 'status page waiting');
  await screenshot(resident, 'status-waiting');
  // First on the page: what to do and by when; the button opens the question itself.
  assert.match(status, /Bitte antworten Sie bis \d\d\.\d\d\.\d{4}\./);
  await resident.getByRole('link', { name: 'Rückfrage lesen und beantworten' }).click();
  assert.match(await resident.textContent('h1'), new RegExp(`^Bitte antworten Sie bis \\d\\d\\.\\d\\d\\.\\d{4}: Rückfrage zu Ihrem Antrag ${reference}$`));
  assert.ok((await resident.textContent('main')).includes('Haftpflichtversicherung'));
  await expectAccessible(resident, 'information request in the inbox');
  const requestUrl = resident.url();
  await resident.goto(`${server.base}/antraege/${id}`);
  await resident.getByRole('link', { name: 'Antrag zurückziehen' }).click();
  await expectAccessible(resident, 'withdraw confirmation');
  await resident.getByRole('link', { name: 'Nein, zurück zum Antrag' }).click();

  // The resident answers in the inbox with the document; the case resumes.
  await resident.goto(requestUrl);
  await resident.getByRole('button', { name: 'Nachricht senden' }).click();
  assert.ok(await resident.locator('.error-summary').isVisible(), 'an empty answer is explained');
  await expectAccessible(resident, 'answer with an error');
  await resident.getByLabel('Ihre Nachricht').fill('Anbei der Nachweis.');
  await resident.getByLabel('Dokumente anhängen (freiwillig)').setInputFiles({ name: 'Versicherung.pdf', mimeType: 'application/pdf', buffer: PDF });
  await resident.getByRole('button', { name: 'Nachricht senden' }).click();
  assert.ok((await resident.textContent('main')).includes('Ihre Nachricht ist gesendet'));
  assert.ok((await resident.textContent('.thread')).includes('Versicherung.pdf'));
  await expectAccessible(resident, 'thread after the answer');

  await staff.reload();
  assert.ok((await staff.textContent('main')).includes('In Prüfung'), 'resumed by the answer');
  assert.ok((await staff.textContent('.thread')).includes('Anbei der Nachweis.'));
  const attachment = await staff.request.get(server.base + (await staff.getByRole('link', { name: 'Versicherung.pdf' }).getAttribute('href')));
  assert.equal(attachment.headers()['content-type'], 'application/pdf');
  await staff.getByLabel('Nachricht an die antragstellende Person').fill('Danke, der Nachweis liegt vor.');
  await staff.getByRole('button', { name: 'Nachricht senden' }).click();
  assert.ok((await staff.textContent('main')).includes('Die Nachricht ist gesendet'));
  await expectAccessible(staff, 'case with the thread');
  // The decision: from the template, issued with a verification code.
  await staff.getByRole('link', { name: 'Bescheid: bewilligen' }).click();
  await expectAccessible(staff, 'decision editor');
  await screenshot(staff, 'decision-editor');
  await staff.getByRole('button', { name: 'Bescheid erlassen' }).click();
  assert.ok((await staff.textContent('main')).includes('Der Bescheid ist erlassen'));
  assert.ok((await staff.textContent('main')).includes('Entschieden: bewilligt'));
  const code = (await staff.textContent('#decisions-title + ul code')).trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expectAccessible(staff, 'case decided');
  await staff.goto(server.base + '/verwaltung/kennzahlen');
  assert.ok((await staff.textContent('main')).includes('Entschieden in den letzten zwölf Monaten'));
  await expectAccessible(staff, 'figures');
  await screenshot(staff, 'figures');

  await resident.goto(`${server.base}/antraege/${id}`);
  const decided = await resident.textContent('main');
  assert.ok(decided.includes('Entschieden: Ihr Antrag ist bewilligt'));
  assert.ok(!decided.includes('Antrag zurückziehen'), 'too late to withdraw');
  await expectAccessible(resident, 'status page decided');
  await resident.goto(server.base + '/postfach');
  await resident.getByRole('link', { name: `Bescheid zu Ihrem Antrag ${reference}` }).click();
  const decision = await resident.request.get(server.base + (await resident.getByRole('link', { name: 'Dokument herunterladen (PDF)' }).last().getAttribute('href')));
  assert.equal(decision.headers()['content-type'], 'application/pdf');
  const pdf = await decision.body();

  // Anyone can check it: by its code, and that the copy is unchanged.
  const publicContext = await browser.newContext({ locale: 'de-DE' });
  const visitor = await publicContext.newPage();
  await visitor.goto(server.base + '/pruefen');
  await expectAccessible(visitor, 'verification form');
  await visitor.getByLabel('Prüfcode').fill(code.toLowerCase());
  await visitor.getByRole('button', { name: 'Prüfen' }).click();
  const verified = await visitor.textContent('main');
  assert.ok(verified.includes('Dieser Prüfcode gehört zu einem echten Bescheid'));
  assert.ok(verified.includes('Gesiegelt von') && verified.includes('Hamburg (Demo)'), 'the page names the sealer');
  assert.ok(decisionPdfSealed(pdf), 'the download carries the PAdES seal');
  await visitor.getByLabel('PDF-Datei des Bescheids').setInputFiles({ name: 'Bescheid.pdf', mimeType: 'application/pdf', buffer: pdf });
  await visitor.getByRole('button', { name: 'Datei vergleichen' }).click();
  assert.ok((await visitor.textContent('main')).includes('unverändert'));
  assert.ok(!visitor.url().includes('_csrf'), 'no token in the address after comparing');
  await expectAccessible(visitor, 'verification result');
  await screenshot(visitor, 'verification-sealed');
  await publicContext.close();

  // The original goes by post: in a small office the case worker also runs the
  // mailroom. She prints the labels and records the letter with its tracking number.
  server.cli(['admin', 'grant', '--email', carla, '--role', 'mailroom', '--agency', 'fb']);
  await staff.goto(server.base + '/verwaltung');
  await staff.getByRole('link', { name: 'Versand (Poststelle)' }).click();
  assert.ok((await staff.textContent('main')).includes('Ein Brief wartet auf den Versand.'));
  await expectAccessible(staff, 'mailroom');
  await screenshot(staff, 'mailroom');
  const labels = await staff.request.get(server.base + (await staff.getByRole('link', { name: /Adressetiketten drucken/ }).getAttribute('href')));
  assert.equal(labels.headers()['content-type'], 'application/pdf');
  const letter = staff.locator('li.card', { hasText: reference });
  await letter.getByLabel(/Sendungsnummer/).fill('RR 1234 5678 9DE');
  await letter.getByRole('button', { name: /Als versandt vermerken/ }).click();
  assert.ok((await staff.textContent('main')).includes('Der Brief ist als versandt vermerkt'));
  assert.ok((await staff.textContent('main')).includes('RR123456789DE'));
  await expectAccessible(staff, 'mailroom after sending');

  await resident.goto(`${server.base}/antraege/${id}`);
  const sent = await resident.textContent('main');
  assert.ok(sent.includes('Per Post versandt am') && sent.includes('Sendungsnummer RR123456789DE'), sent);
  assert.ok(sent.includes('Zugestellt'));
  await expectAccessible(resident, 'status page with the tracking number');
  await screenshot(resident, 'status-sent');
  // The notices say only that there is news.
  const notice = await waitForMail(server, email, `Neuigkeiten zu Ihrem Antrag ${reference}`);
  assert.ok(!JSON.stringify(notice).includes('Haftpflicht'));
  await residentContext.close();
  await staffContext.close();
});

test('four eyes: the agency requires a second clerk, who returns a proposal and approves the revised one', async () => {
  const residentContext = await browser.newContext({ locale: 'de-DE' });
  const resident = await residentContext.newPage();
  const { reference } = await residentWithApplication(resident, `anna.vier.${Date.now()}@example.org`);
  await residentContext.close();

  // The agency's administrator requires four eyes for the dog tax.
  const adminContext = await browser.newContext({ locale: 'de-DE' });
  const admin = await adminContext.newPage();
  await staffMember(server, admin, `ada.${Date.now()}@example.org`, 'Ada Verwaltung', [['agency_admin', 'fb']]);
  await admin.goto(server.base + '/verwaltung');
  await admin.getByRole('navigation', { name: 'Arbeitsbereich der Verwaltung' }).getByRole('link', { name: 'Vier-Augen-Prinzip' }).click();
  await expectAccessible(admin, 'four eyes settings');
  await admin.getByLabel('Hund zur Hundesteuer anmelden').check();
  await admin.getByRole('button', { name: 'Speichern' }).click();
  assert.ok((await admin.textContent('main')).includes('Gespeichert.'));
  assert.ok(await admin.getByLabel('Hund zur Hundesteuer anmelden').isChecked());
  await screenshot(admin, 'four-eyes-settings');
  await adminContext.close();

  // The first clerk proposes the decision instead of issuing it.
  const firstContext = await browser.newContext({ locale: 'de-DE' });
  const first = await firstContext.newPage();
  await staffMember(server, first, `fiona.${Date.now()}@example.org`, 'Fiona Erst', [['case_worker', 'fb']]);
  await first.goto(server.base + '/verwaltung/vorgaenge');
  await first.getByRole('link', { name: reference }).click();
  await first.getByRole('button', { name: 'Prüfung beginnen' }).click();
  await first.getByRole('link', { name: 'Bescheid: bewilligen' }).click();
  assert.ok((await first.textContent('main')).includes('Vier-Augen-Prinzip'));
  assert.equal(await first.getByRole('button', { name: 'Bescheid erlassen' }).count(), 0, 'no issuing alone');
  await first.getByLabel('Hinweis an die zweite Person').fill('Bitte die Steuerhöhe ansehen.');
  await expectAccessible(first, 'decision editor with four eyes');
  await first.getByRole('button', { name: 'Zur Freigabe vorlegen' }).click();
  assert.ok((await first.textContent('main')).includes('Der Bescheid ist zur Freigabe vorgelegt'));
  assert.ok((await first.textContent('main')).includes('Sie haben diesen Bescheid vorgeschlagen'));
  await expectAccessible(first, 'case with an own proposal');

  // The second clerk returns it with a reason — a missing reason is said, not lost.
  const secondContext = await browser.newContext({ locale: 'de-DE' });
  const second = await secondContext.newPage();
  await staffMember(server, second, `bernd.${Date.now()}@example.org`, 'Bernd Zweit', [['case_worker', 'fb']]);
  await second.goto(server.base + '/verwaltung/vorgaenge');
  await second.getByRole('link', { name: reference }).click();
  assert.ok((await second.textContent('main')).includes('Bitte die Steuerhöhe ansehen.'));
  await expectAccessible(second, 'case with a proposal to answer');
  await screenshot(second, 'case-proposal');
  await second.getByRole('button', { name: 'Zurückgeben' }).click();
  assert.ok((await second.textContent('.error-summary')).includes('Schreiben Sie, warum Sie den Vorschlag zurückgeben'));
  await expectAccessible(second, 'return without a reason');
  await second.getByLabel('Grund der Rückgabe').fill('Die Steuer beginnt erst im nächsten Monat.');
  await second.getByRole('button', { name: 'Zurückgeben' }).click();
  assert.ok((await second.textContent('main')).includes('Der Vorschlag ist an die Person zurückgegeben'));

  // The first revises from the returned text and proposes again; the second approves.
  await first.reload();
  assert.ok((await first.textContent('main')).includes('Die Steuer beginnt erst im nächsten Monat.'));
  await first.getByRole('link', { name: 'Vorschlag überarbeiten' }).click();
  // The revision waives a third of the tax; a waiver without reasons is said, not lost.
  await first.getByLabel('Erlassener Betrag in Euro').fill('30');
  await first.getByRole('button', { name: 'Zur Freigabe vorlegen' }).click();
  assert.ok((await first.textContent('.error-summary')).includes('Begründen Sie den Gebührenerlass.'));
  assert.equal(await first.getByLabel('Erlassener Betrag in Euro').inputValue(), '30');
  await expectAccessible(first, 'decision editor with a waiver lacking reasons');
  await first.getByLabel('Begründung des Erlasses').fill('Erlass nach § 9 Hundesteuergesetz: Der Hund ist ein Assistenzhund.');
  await screenshot(first, 'decision-editor-waiver');
  await first.getByRole('button', { name: 'Zur Freigabe vorlegen' }).click();
  await second.reload();
  assert.ok((await second.textContent('main')).includes('Gebührenerlass: 30,00 €'), 'the second clerk sees the waiver');
  await second.getByRole('button', { name: 'Freigeben und Bescheid erlassen' }).click();
  const decided = await second.textContent('main');
  assert.ok(decided.includes('Der Bescheid ist erlassen') && decided.includes('Entschieden: bewilligt'));
  assert.ok(decided.includes('Freigegeben und erlassen von Bernd Zweit') && decided.includes('Zurückgegeben von Bernd Zweit'));
  await expectAccessible(second, 'case decided with four eyes');
  await firstContext.close();
  await secondContext.close();
});

// The transparency portal in the browser, with axe on every page: a publisher drafts a
// building permit and uploads its PDF; the personal-data check flags the applicant's
// name and IBAN; the publisher asks for review; a reviewer redacts both and releases;
// an anonymous visitor finds it by a word from inside the PDF, among the newest and in
// its category, reads it and downloads the file. The demo's publications are there beside it.
// And from a case: a clerk who also publishes turns the decision on a special use of
// the pavement into a draft in one click, the applicant's data proposed for redaction;
// a reviewer redacts the proposals in one click and releases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startRathaus, startBrowser, expectAccessible, screenshot, staffMember, registerResident, signIn, enrolAuthenticator,
} from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startRathaus({ writesPerMinute: 600 });
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A one-page PDF with a text layer (Helvetica), its lines as given. */
function pdfWithText(lines) {
  const escape = (s) => s.replace(/[\\()]/g, (c) => '\\' + c);
  const content = ['BT', '/F1 12 Tf', '72 740 Td', '16 TL', ...lines.map((l) => `(${escape(l)}) Tj T*`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

test('a building permit is published with the applicant redacted, and anyone reads it', async () => {
  const publisherContext = await browser.newContext({ locale: 'de-DE' });
  const publisher = await publisherContext.newPage();
  await staffMember(server, publisher, 'paula.presse@example.org', 'Paula Presse', [['publisher', 'ba-altona']]);

  await publisher.goto(server.base + '/verwaltung');
  const workspace = publisher.getByRole('navigation', { name: 'Arbeitsbereich der Verwaltung' });
  await workspace.getByRole('link', { name: 'Veröffentlichungen' }).first().click();
  assert.equal(await publisher.textContent('h1'), 'Veröffentlichungen');
  await expectAccessible(publisher, 'publishing desk');
  await publisher.getByRole('link', { name: 'Neue Veröffentlichung' }).click();
  await expectAccessible(publisher, 'new publication');
  await publisher.getByLabel('Titel', { exact: true }).fill('Baugenehmigung Wohnhaus Elbchaussee');
  await publisher.getByRole('button', { name: 'Speichern' }).click();
  assert.ok(await publisher.locator('.error-summary').isVisible(), 'the missing fields are listed');
  await expectAccessible(publisher, 'new publication with errors');
  await screenshot(publisher, 'transparency-new-errors');
  assert.equal(await publisher.getByLabel('Titel', { exact: true }).inputValue(), 'Baugenehmigung Wohnhaus Elbchaussee');
  await publisher.getByLabel('Kurzname für die Adresse').fill('baugenehmigung-elbchaussee-2026');
  await publisher.getByLabel('Beschreibung', { exact: true }).fill('Genehmigung eines Wohnhauses mit Auflagen zum Baumschutz.');
  await publisher.getByLabel('Art der Information').selectOption('baugenehmigung');
  await publisher.getByLabel('Regionen und Städte').check();
  await publisher.getByLabel('Ansprechstelle', { exact: true }).fill('Fachamt Bauprüfung');
  await publisher.getByLabel('E-Mail-Adresse der Ansprechstelle').fill('baupruefung@altona.example.org');
  await publisher.getByLabel('Rechtsgrundlage').fill('§ 3 Abs. 1 Nr. 13 HmbTG');
  await publisher.getByRole('button', { name: 'Speichern' }).click();
  assert.ok((await publisher.textContent('main')).includes('Der Entwurf ist angelegt.'));
  const record = publisher.url().split('?')[0];

  await publisher.getByLabel('Bezeichnung').first().fill('Bescheid');
  await publisher.getByLabel('Datei', { exact: true }).setInputFiles({
    name: 'bescheid.pdf',
    mimeType: 'application/pdf',
    buffer: pdfWithText([
      'Baugenehmigung Az. 21-3/2026',
      'Der Antragsteller Herr Jonas Beispielmann erhaelt die Genehmigung.',
      'Die Gebuehr ist auf DE89 3704 0044 0532 0130 00 zu zahlen.',
      'Die Starkregenvorsorge ist zu beachten.',
    ]),
  });
  await publisher.getByRole('button', { name: 'Hochladen' }).click();
  const main = await publisher.textContent('main');
  assert.ok(main.includes('Die Datei ist hochgeladen und geprüft.'), main);
  assert.ok(main.includes('Jonas Beispielmann') && main.includes('DE89 3704 0044 0532 0130 00'), 'the check shows what it found');
  await expectAccessible(publisher, 'publication with findings');
  await screenshot(publisher, 'transparency-findings');
  await publisher.getByRole('button', { name: 'Zur Prüfung geben' }).click();
  assert.ok((await publisher.textContent('main')).includes('Zur Prüfung gegeben.'));

  const reviewerContext = await browser.newContext({ locale: 'de-DE' });
  const reviewer = await reviewerContext.newPage();
  await staffMember(server, reviewer, 'rolf.revision@example.org', 'Rolf Revision', [['reviewer', 'ba-altona']]);
  await reviewer.goto(record);
  assert.ok((await reviewer.textContent('main')).includes('Noch sind nicht alle Funde'), 'release waits for the findings');
  await expectAccessible(reviewer, 'review');
  await reviewer.getByRole('button', { name: 'Schwärzen Jonas Beispielmann' }).click();
  assert.ok((await reviewer.textContent('main')).includes('Geschwärzt.'));
  await reviewer.getByRole('button', { name: 'Schwärzen DE89 3704 0044 0532 0130 00' }).click();
  await expectAccessible(reviewer, 'review with everything redacted');
  await screenshot(reviewer, 'transparency-review');
  await reviewer.getByRole('button', { name: 'Freigeben' }).click();
  assert.ok((await reviewer.textContent('main')).includes('Freigegeben und veröffentlicht.'));

  const visitorContext = await browser.newContext({ locale: 'de-DE' });
  const visitor = await visitorContext.newPage();
  await visitor.goto(server.base + '/');
  await visitor.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Transparenzportal' }).first().click();
  assert.equal(await visitor.textContent('h1'), 'Transparenzportal');
  await expectAccessible(visitor, 'transparency portal');
  await screenshot(visitor, 'transparency-home');
  // A word that stands only inside the PDF finds it (the index follows within a second).
  await visitor.getByLabel('Wonach suchen Sie?').fill('Starkregenvorsorge');
  await visitor.getByRole('button', { name: 'Suchen' }).click();
  for (let i = 0; i < 20 && !(await visitor.textContent('main')).includes('Baugenehmigung Wohnhaus Elbchaussee'); i++) {
    await new Promise((r) => setTimeout(r, 250));
    await visitor.reload();
  }
  assert.ok((await visitor.locator('mark').first().textContent()).includes('Starkregenvorsorge'), 'the passage marks the word');
  await expectAccessible(visitor, 'transparency search');
  await screenshot(visitor, 'transparency-search');
  await visitor.goto(server.base + '/transparenz');
  await visitor.getByRole('link', { name: /^Baugenehmigung$/ }).click();
  await expectAccessible(visitor, 'publications of a category');
  await screenshot(visitor, 'transparency-list');
  await visitor.getByRole('link', { name: 'Baugenehmigung Wohnhaus Elbchaussee' }).click();
  assert.equal(await visitor.textContent('h1'), 'Baugenehmigung Wohnhaus Elbchaussee');
  const page = await visitor.textContent('main');
  assert.ok(page.includes('Datenlizenz Deutschland') && page.includes('So zitieren Sie') && !page.includes('Rolf Revision'));
  await expectAccessible(visitor, 'publication');
  await screenshot(visitor, 'transparency-record');
  const [download] = await Promise.all([visitor.waitForEvent('download'), visitor.getByRole('link', { name: 'Herunterladen Bescheid' }).click()]);
  assert.equal(download.suggestedFilename(), 'baugenehmigung-elbchaussee-2026.pdf');

  // A reader reports a problem; the form keeps what was typed when it is refused.
  await visitor.getByRole('link', { name: 'Problem melden' }).click();
  await expectAccessible(visitor, 'report a problem');
  await visitor.getByLabel('Was ist das Problem?').fill('kurz');
  await visitor.getByRole('button', { name: 'Hinweis senden' }).click();
  assert.ok(await visitor.locator('.error-summary').isVisible());
  await expectAccessible(visitor, 'report a problem with an error');
  await visitor.getByLabel('Was ist das Problem?').fill('Auf Seite 1 fehlt das Datum des Bescheids.');
  await visitor.getByRole('button', { name: 'Hinweis senden' }).click();
  assert.ok((await visitor.textContent('main')).includes('Danke für Ihren Hinweis'));
  await expectAccessible(visitor, 'report sent');

  // A demo record with a table: the preview is an accessible table.
  await visitor.goto(server.base + '/transparenz/veroeffentlichungen?kategorie=statistik');
  await visitor.locator('.card-title a').first().click();
  await expectAccessible(visitor, 'publication with a table preview');
  await screenshot(visitor, 'transparency-table-preview');

  // A program of the agency gets a key on the desk; a journalist's script finds the
  // permit through the CKAN API by a word inside its PDF.
  await publisher.goto(server.base + '/verwaltung/transparenz');
  await publisher.getByRole('link', { name: 'API-Schlüssel für die CKAN-Schnittstelle' }).click();
  await expectAccessible(publisher, 'API keys');
  await publisher.getByLabel('Bezeichnung').fill('Import Luftmessdaten');
  await publisher.getByRole('button', { name: 'Schlüssel erstellen' }).click();
  const key = await publisher.getByLabel('Schlüssel', { exact: true }).inputValue();
  assert.ok(key.startsWith('rathaus_'), 'the new key is shown once');
  await expectAccessible(publisher, 'API key just made');
  await screenshot(publisher, 'transparency-api-key');
  const search = await fetch(server.base + '/api/3/action/package_search?q=Starkregenvorsorge');
  const found = await search.json();
  assert.ok(found.success && found.result.results.some((r) => r.name === 'baugenehmigung-elbchaussee-2026'), JSON.stringify(found));
  await publisher.getByRole('button', { name: 'Schlüssel „Import Luftmessdaten“ widerrufen' }).click();
  assert.ok((await publisher.textContent('main')).includes('Der Schlüssel ist widerrufen.'));
  const refused = await fetch(server.base + '/api/3/action/package_patch', {
    method: 'POST',
    headers: { Authorization: key, 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: 'baugenehmigung-elbchaussee-2026', title: 'Übernommen' }),
  });
  assert.equal(refused.status, 403, 'a revoked key stops at once');

  // The CDO office sees the portal city-wide: per agency, the most read, the months.
  const cdoContext = await browser.newContext({ locale: 'de-DE' });
  const cdo = await cdoContext.newPage();
  await staffMember(server, cdo, 'clara.cockpit@example.org', 'Clara Cockpit', []);
  server.cli(['admin', 'grant', '--email', 'clara.cockpit@example.org', '--role', 'cdo']);
  await cdo.goto(server.base + '/verwaltung');
  await cdo.getByRole('navigation', { name: 'Arbeitsbereich der Verwaltung' }).getByRole('link', { name: 'Cockpit Digitalisierung' }).first().click();
  const cockpit = await cdo.textContent('main');
  assert.ok(cockpit.includes('Bezirksamt Altona') && cockpit.includes('Aufrufe je Monat'), cockpit);
  await expectAccessible(cdo, 'CDO cockpit');
  await screenshot(cdo, 'cdo-cockpit');
  await cdoContext.close();
  await publisherContext.close();
  await reviewerContext.close();
  await visitorContext.close();
});

/** A resident's application for scaffolding on the pavement (through the API), submitted. */
async function specialUseApplication(page, email) {
  await registerResident(server, page, 'Erika Beispiel', email);
  await signIn(page, email);
  await enrolAuthenticator(server, page);
  await page.goto(server.base + '/konto/daten');
  const headers = { 'x-csrf-token': await page.getAttribute('input[name="_csrf"]', 'value') };
  const api = (path) => `${server.base}/api/v1${path}`;
  const created = await page.request.post(api('/applications'), { headers, data: { service: 'sondernutzung-oeffentlicher-raum' } });
  assert.equal(created.status(), 201, await created.text());
  const { id } = await created.json();
  const pages = {
    antragsteller: { given_name: 'Erika', family_name: 'Beispiel', birth_date: '27.3.1985', email, phone: '040 42854-1234',
      address: { street: 'Musterweg 1', postcode: '20095', city: 'Hamburg' } },
    ort: { location: { street: 'Jungfernstieg 7', postcode: '20354', city: 'Hamburg' }, purpose: 'scaffolding', surface: 'sidewalk' },
    umfang: { start: '11.1.2027', end: '22.1.2027', area: 12 },
  };
  for (const [name, answers] of Object.entries(pages)) {
    const saved = await page.request.put(api(`/applications/${id}/pages/${name}`), { headers, data: answers });
    assert.equal(saved.status(), 200, `${name}: ${await saved.text()}`);
  }
  const submitted = await page.request.post(api(`/applications/${id}/submit`), { headers, data: { delivery: { method: 'download' } } });
  assert.equal(submitted.status(), 200, await submitted.text());
  return id;
}

test('a clerk publishes a permit from its case in one click, and a reviewer redacts the applicant in one more', async () => {
  const residentContext = await browser.newContext({ locale: 'de-DE' });
  const id = await specialUseApplication(await residentContext.newPage(), `erika.${Date.now()}@example.org`);
  await residentContext.close();

  const clerkContext = await browser.newContext({ locale: 'de-DE' });
  const clerk = await clerkContext.newPage();
  await staffMember(server, clerk, 'clara.mitte@example.org', 'Clara Mitte',
    [['case_worker', 'ba-hamburg-mitte'], ['publisher', 'ba-hamburg-mitte']]);
  await clerk.goto(`${server.base}/verwaltung/vorgaenge/${id}`);
  await clerk.getByRole('button', { name: 'Prüfung beginnen' }).click();
  await clerk.getByRole('link', { name: 'Bescheid: bewilligen' }).click();
  await clerk.getByLabel('Begründung', { exact: true }).fill(
    'Die Sondernutzung des Gehwegs vor dem Haus Jungfernstieg 7 für ein Baugerüst wird vom 11.01.2027 bis zum 22.01.2027 erlaubt.\n\n'
    + 'Die Antragstellerin, wohnhaft Musterweg 1, ist unter 040 42854-1234 erreichbar.');
  await clerk.getByRole('button', { name: 'Bescheid erlassen' }).click();
  assert.ok((await clerk.textContent('main')).includes('Der Bescheid ist erlassen'));
  await expectAccessible(clerk, 'case with a decision to publish');
  await screenshot(clerk, 'case-publish-decision');
  await clerk.getByRole('button', { name: 'Im Transparenzportal veröffentlichen' }).click();
  const draft = await clerk.textContent('main');
  assert.ok(draft.includes('Der Entwurf aus dem Bescheid ist angelegt'), draft);
  assert.ok(draft.includes('Aus dem Antrag bekannt') && draft.includes('Musterweg 1'), 'the applicant\'s data is proposed');
  await expectAccessible(clerk, 'draft from a decision');
  await screenshot(clerk, 'transparency-from-decision');
  const record = clerk.url().split('?')[0];
  await clerk.getByRole('button', { name: 'Zur Prüfung geben' }).click();
  assert.ok((await clerk.textContent('main')).includes('Zur Prüfung gegeben.'));

  const reviewerContext = await browser.newContext({ locale: 'de-DE' });
  const reviewer = await reviewerContext.newPage();
  await staffMember(server, reviewer, 'rita.mitte@example.org', 'Rita Mitte', [['reviewer', 'ba-hamburg-mitte']]);
  await reviewer.goto(record);
  await reviewer.getByRole('button', { name: 'Alle Vorschläge aus dem Antrag schwärzen' }).click();
  assert.ok((await reviewer.textContent('main')).includes('Die Vorschläge aus dem Antrag sind geschwärzt.'));
  // What the detectors found besides: the place of use is public, the rest goes.
  const place = reviewer.locator('li.card', { hasText: 'Jungfernstieg 7' }).filter({ has: reviewer.getByRole('button', { name: /^Nicht personenbezogen/ }) });
  if (await place.count()) {
    await place.first().getByLabel(/^Warum nicht personenbezogen/).fill('Ort der Sondernutzung, im öffentlichen Interesse');
    await place.first().getByRole('button', { name: /^Nicht personenbezogen/ }).click();
  }
  while (await reviewer.getByRole('button', { name: /^Schwärzen / }).count()) {
    await reviewer.getByRole('button', { name: /^Schwärzen / }).first().click();
  }
  await expectAccessible(reviewer, 'review of a draft from a decision');
  await screenshot(reviewer, 'transparency-from-decision-review');
  await reviewer.getByRole('button', { name: 'Freigeben' }).click();
  assert.ok((await reviewer.textContent('main')).includes('Freigegeben und veröffentlicht.'));

  // The public: the permit with its place, without the applicant.
  await reviewer.getByRole('link', { name: 'Öffentliche Seite ansehen' }).click();
  const visible = await reviewer.textContent('main');
  assert.ok(visible.includes('Andere Erlaubnis oder Genehmigung') && visible.includes('Sondernutzung öffentlicher Wege'), visible);
  assert.ok(!visible.includes('Musterweg') && !visible.includes('Erika Beispiel'), visible);
  await clerkContext.close();
  await reviewerContext.close();
});

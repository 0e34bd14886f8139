// The transparency portal in the browser, with axe on every page: a publisher drafts a
// building permit and uploads its PDF; the personal-data check flags the applicant's
// name and IBAN; the publisher asks for review; a reviewer redacts both and releases;
// an anonymous visitor finds it by a word from inside the PDF, among the newest and in
// its category, reads it and downloads the file. The demo's publications are there beside it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRathaus, startBrowser, expectAccessible, screenshot, staffMember } from './harness.mjs';

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
  await publisherContext.close();
  await reviewerContext.close();
  await visitorContext.close();
});

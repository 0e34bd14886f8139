// The CDO office's register of IT procedures in the browser, with axe on every page: an
// agency administrator of the vehicle registration office finds the agency's register
// sorted by risk, mistypes a new entry and corrects it, and takes the components of a
// procedure from an SBOM written by CycloneDX's own tool — one of them long past its end
// of support. The CDO then sees it in the cockpit and reads the end-of-support table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** An SBOM (CycloneDX 1.5, JSON) made by cyclonedx-py from pinned requirements. */
function sbomOf(requirements) {
  const dir = mkdtempSync(join(tmpdir(), 'sbom-'));
  writeFileSync(join(dir, 'requirements.txt'), requirements);
  execFileSync('cyclonedx-py', ['requirements', join(dir, 'requirements.txt'), '--sv', '1.5', '--of', 'JSON', '-o', join(dir, 'bom.json')]);
  return readFileSync(join(dir, 'bom.json'));
}

test('an agency administrator keeps the register and an SBOM shows what is past its end', async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const admin = await context.newPage();
  await staffMember(server, admin, 'lena.leitung@example.org', 'Lena Leitung', [['agency_admin', 'lbv']]);

  await admin.goto(server.base + '/verwaltung');
  const workspace = admin.getByRole('navigation', { name: 'Arbeitsbereich der Verwaltung' });
  await workspace.getByRole('link', { name: 'IT-Verfahren' }).click();
  assert.equal(await admin.textContent('h1'), 'IT-Verfahren');
  const rows = admin.getByRole('table', { name: 'IT-Verfahren, nach Risiko geordnet' }).getByRole('row');
  assert.equal(await rows.count(), 4, 'a header and the agency\'s three procedures');
  assert.equal(await admin.getByRole('link', { name: /MELDA/ }).count(), 0, 'another agency\'s procedure is not shown');
  await expectAccessible(admin, 'register');
  await screenshot(admin, 'cdo-register');

  // A new entry, first with mistakes: every one named, nothing typed lost.
  await admin.getByRole('link', { name: 'Verfahren hinzufügen' }).click();
  await admin.getByLabel('Kennung').fill('Fahrtenbuch Auflagen');
  await admin.getByLabel('Name', { exact: true }).fill('FAHRTENBUCH – Auflagen (fiktiv)');
  await admin.getByLabel('Zweck').fill('Überwacht Fahrtenbuchauflagen nach § 31a StVZO.');
  await admin.getByLabel('Verantwortliche Person', { exact: true }).fill('Lena Leitung (fiktiv)');
  await admin.getByLabel('E-Mail der verantwortlichen Person').fill('lena.leitung@verfahren.example.org');
  await admin.getByLabel('Nutzende', { exact: true }).fill('viele');
  await admin.getByRole('checkbox', { name: 'personenbezogene Daten', exact: true }).check();
  await admin.getByLabel('Bestandteile').fill('PostgreSQL@16\nEigenentwicklung@1.0@2027-06');
  await admin.getByRole('button', { name: 'Speichern' }).click();
  assert.match(await admin.title(), /^Fehler/);
  const summary = admin.getByRole('alert');
  assert.match(await summary.textContent(), /Kennung aus 2 bis 64 Kleinbuchstaben/);
  assert.match(await summary.textContent(), /ganze Zahl/);
  assert.equal(await admin.getByLabel('Zweck').inputValue(), 'Überwacht Fahrtenbuchauflagen nach § 31a StVZO.');
  await expectAccessible(admin, 'procedure form with errors');
  await screenshot(admin, 'cdo-procedure-form-errors');
  await admin.getByLabel('Kennung').fill('fahrtenbuch');
  await admin.getByLabel('Nutzende', { exact: true }).fill('40');
  await admin.getByRole('button', { name: 'Speichern' }).click();
  assert.equal(await admin.getByRole('status').textContent(), 'Das Verfahren ist im Register.');
  assert.ok(await admin.getByText('Support endet am 30.06.2027').isVisible());
  await expectAccessible(admin, 'new procedure');

  // A measure planned before that end: the roadmap shows it in time.
  await admin.getByRole('link', { name: 'Maßnahme planen' }).click();
  await admin.getByLabel('Bezeichnung').fill('Umstieg auf die Landesplattform');
  await admin.getByLabel('Ziel', { exact: true }).fill('FAHRTENBUCH 2');
  await admin.getByLabel('Zieldatum').fill('2027-05-31');
  await admin.getByLabel('Budget in Euro').fill('180.000');
  await admin.getByLabel('Meilensteine').fill('2027-02-01 Testbetrieb\n2027-04-15 Schulung');
  await expectAccessible(admin, 'measure form');
  await admin.getByRole('button', { name: 'Speichern' }).click();
  assert.equal(await admin.getByRole('status').textContent(), 'Die Maßnahme ist gespeichert.');
  await admin.goto(server.base + '/verwaltung/cdo/fahrplan');
  const quarter = admin.getByRole('row', { name: /Q2\/2027/ });
  assert.match(await quarter.textContent(), /Umstieg auf die Landesplattform.*rechtzeitig/s);
  await expectAccessible(admin, 'roadmap');
  await screenshot(admin, 'cdo-roadmap');

  // PARKO's components from an SBOM: Django 3.2 ended in April 2024.
  await admin.goto(server.base + '/verwaltung/cdo/verfahren/parko');
  await admin.getByLabel('SBOM-Datei (CycloneDX, JSON)').setInputFiles({
    name: 'bom.json', mimeType: 'application/json', buffer: sbomOf('django==3.2.25\nrequests==2.31.0\n'),
  });
  await admin.getByRole('button', { name: 'SBOM übernehmen' }).click();
  assert.match(await admin.getByRole('status').textContent(), /Bestandteile aus der SBOM sind übernommen/);
  const django = admin.getByRole('row', { name: /django/ });
  assert.match(await django.textContent(), /kein Support mehr seit 01\.04\.2024/);
  await expectAccessible(admin, 'procedure after SBOM');
  await screenshot(admin, 'cdo-procedure');

  // A file that is no SBOM is refused on the same page, with what to do.
  await admin.getByLabel('SBOM-Datei (CycloneDX, JSON)').setInputFiles({ name: 'notiz.json', mimeType: 'application/json', buffer: Buffer.from('{"notiz": true}') });
  await admin.getByRole('button', { name: 'SBOM übernehmen' }).click();
  assert.match(await admin.getByRole('alert').first().textContent(), /keine lesbare CycloneDX-SBOM/);
  await expectAccessible(admin, 'procedure with refused SBOM');
  await context.close();

  // The CDO sees the city: the riskiest procedures in the cockpit, and the table.
  const cdoContext = await browser.newContext({ locale: 'de-DE' });
  const cdo = await cdoContext.newPage();
  await staffMember(server, cdo, 'clara.cockpit@example.org', 'Clara Cockpit', []);
  server.cli(['admin', 'grant', '--email', 'clara.cockpit@example.org', '--role', 'cdo']);
  await cdo.goto(server.base + '/verwaltung/cdo');
  const riskiest = cdo.getByRole('table', { name: 'Die IT-Verfahren mit dem größten Risiko durch veraltete Bestandteile' });
  assert.equal(await riskiest.getByRole('row').count(), 6, 'a header and five procedures');
  await expectAccessible(cdo, 'cockpit');
  await screenshot(cdo, 'cdo-cockpit');
  await cdo.getByRole('link', { name: 'Zum Register der IT-Verfahren' }).click();
  assert.ok(await cdo.getByRole('link', { name: /MELDA/ }).isVisible(), 'the CDO reads every agency\'s register');
  await cdo.getByRole('link', { name: 'Supportende-Tabelle' }).click();
  assert.equal(await cdo.textContent('h1'), 'Supportende-Tabelle');
  await expectAccessible(cdo, 'end-of-support table');
  await screenshot(cdo, 'cdo-end-of-support');
  await cdo.goto(server.base + '/verwaltung/cdo/verfahren/aenderungen?seit=2026-01-01');
  assert.ok(await cdo.getByRole('link', { name: /FAHRTENBUCH/ }).first().isVisible());
  await expectAccessible(cdo, 'changes');
  await cdoContext.close();
});

// Anyone finds from the footer how digital each service really is: the levels of one
// agency's services, and for one service the evidence for every criterion. (axe reads
// the wide tables at a desktop's width: cells scrolled out of a phone's view are beyond
// its contrast check; the phone's view is looked at in the screenshots.)
test('everyone reads how digital each service is, with the evidence', async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto(server.base + '/');
  await page.getByRole('link', { name: 'Wie digital ist die Verwaltung?' }).click();
  assert.equal(await page.textContent('h1'), 'Wie digital ist die Verwaltung?');
  const levels = page.getByRole('table', { name: 'Leistungen nach Reifegrad heute' });
  assert.equal(await levels.getByRole('row').count(), 6, 'a header and levels 0 to 4');
  await expectAccessible(page, 'maturity overview');
  await screenshot(page, 'maturity-overview');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'maturity-overview-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByLabel('Behörde', { exact: true }).selectOption({ label: 'Hamburg Service vor Ort (Kundenzentren der Bezirksämter)' });
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  assert.match(await page.textContent('h1'), /Hamburg Service vor Ort/);
  await page.getByRole('link', { name: 'Meldebescheinigung beantragen', exact: true }).click();
  const evidence = page.getByRole('table', { name: 'Kriterien des Reifegrads' });
  assert.equal(await evidence.getByRole('row').count(), 7, 'a header and six criteria');
  assert.match(await evidence.textContent(), /Online-Formular „Meldebescheinigung beantragen“/);
  await expectAccessible(page, 'maturity of one service');
  await screenshot(page, 'maturity-service');
  await context.close();
});

// The economy agency keeps its digital strategy: its administrator adds a goal read from
// a live figure (first with a mistake, named and kept), the CDO office sees across all
// agencies what is overdue or off track and assesses the strategy, and the agency answers
// each requested change.
test('an agency keeps its digital strategy, the CDO office assesses it and the agency answers', async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const admin = await context.newPage();
  await staffMember(server, admin, 'wiebke.wirtschaft@example.org', 'Wiebke Wirtschaft', [['agency_admin', 'bwi']]);
  await admin.goto(server.base + '/verwaltung');
  await admin.getByRole('link', { name: 'Digitalstrategien' }).click();
  await admin.getByRole('table', { name: /Stand der Digitalstrategien je Behörde/ }).getByRole('link', { name: 'Behörde für Wirtschaft und Innovation' }).click();
  assert.equal(await admin.textContent('h1'), 'Digitalstrategie: Behörde für Wirtschaft und Innovation');
  const goals = admin.getByRole('table', { name: 'Ziele der Strategie mit Ausgangswert, aktuellem Wert und Zielwert' });
  assert.match(await goals.getByRole('row', { name: /Hafenanläufe/ }).textContent(), /weicht ab/);
  await expectAccessible(admin, 'strategy');
  await screenshot(admin, 'strategy');

  await admin.getByRole('link', { name: 'Ziel hinzufügen' }).click();
  await admin.getByLabel('Ziel', { exact: true }).fill('Sondernutzungen überwiegend online');
  await admin.getByLabel('Gemessen an').selectOption({ label: 'Reifegrad' });
  await admin.getByLabel('Zielwert').fill('4');
  await admin.getByLabel('Zu erreichen bis').fill('2027-12-31');
  await admin.getByRole('button', { name: 'Speichern' }).click();
  assert.match(await admin.title(), /^Fehler/);
  assert.match(await admin.getByRole('alert').textContent(), /Der Reifegrad gilt für eine Leistung/);
  assert.equal(await admin.getByLabel('Ziel', { exact: true }).inputValue(), 'Sondernutzungen überwiegend online');
  await expectAccessible(admin, 'goal form with errors');
  await screenshot(admin, 'strategy-goal-errors');
  await admin.getByLabel('Leistung', { exact: true }).selectOption('sondernutzung-oeffentlicher-raum');
  await admin.getByRole('button', { name: 'Speichern' }).click();
  assert.equal(await admin.getByRole('status').textContent(), 'Das Ziel ist gespeichert.');
  assert.ok(await goals.getByRole('row', { name: /Sondernutzungen überwiegend online/ }).isVisible());

  // The CDO office: the portfolio, then an assessment with two requests.
  const cdoContext = await browser.newContext({ locale: 'de-DE' });
  const cdo = await cdoContext.newPage();
  await cdo.goto(server.base + '/');
  await staffMember(server, cdo, 'carla.cdo@example.org', 'Carla CDO', []);
  server.cli(['admin', 'grant', '--email', 'carla.cdo@example.org', '--role', 'cdo']);
  await cdo.goto(server.base + '/verwaltung/cdo');
  await cdo.getByRole('link', { name: 'Ein Meilenstein der Digitalstrategien ist überfällig.' }).click();
  assert.equal(await cdo.textContent('h1'), 'Digitalstrategien');
  const overdue = cdo.getByRole('table', { name: /Meilensteine laufender Maßnahmen/ });
  assert.match(await overdue.textContent(), /Gefahrgutmeldungen digital/);
  await expectAccessible(cdo, 'strategies portfolio');
  await screenshot(cdo, 'strategies-portfolio');
  await cdo.getByRole('table', { name: /Stand der Digitalstrategien je Behörde/ }).getByRole('link', { name: 'Behörde für Wirtschaft und Innovation' }).click();
  await cdo.getByRole('link', { name: 'Strategie bewerten' }).click();
  for (const [dimension, score] of [['Messbare Ziele', '4'], ['Nutzerorientierung', '4'], ['Umsetzbarkeit', '3'], ['Finanzierung', '3'], ['Modernisierung der IT', '2']]) {
    await cdo.getByRole('group', { name: dimension }).getByLabel(score === '5' ? '5 (stark)' : score, { exact: true }).check();
  }
  await cdo.getByLabel('Einschätzung').fill('Messbare Ziele; die Ablösung der Hafen-IT fehlt.');
  await cdo.getByLabel(/Änderungswünsche/).fill('Zwischenziele je Jahr angeben\nAblösung der Altverfahren einplanen');
  await expectAccessible(cdo, 'review form');
  await screenshot(cdo, 'strategy-review-form');
  await cdo.getByRole('button', { name: 'Bewertung speichern' }).click();
  assert.match(await cdo.getByRole('status').textContent(), /Die Bewertung ist gespeichert/);
  assert.ok(await cdo.getByText('Durchschnitt 3,2 von 5').isVisible());

  // The progress report, from the cockpit: the same figures, as a page and as a PDF/A.
  await cdo.goto(server.base + '/verwaltung/cdo');
  await cdo.getByRole('link', { name: 'Fortschrittsbericht erstellen' }).click();
  assert.equal(await cdo.textContent('h1'), 'Fortschrittsbericht Digitalisierung');
  assert.ok(await cdo.getByRole('table', { name: 'Stand der Digitalstrategien' }).getByText('Hafen und Wirtschaft digital 2025–2028').isVisible());
  await expectAccessible(cdo, 'progress report');
  await screenshot(cdo, 'progress-report');
  const download = cdo.waitForEvent('download');
  await cdo.getByRole('link', { name: 'Bericht als PDF/A herunterladen' }).click();
  assert.match((await download).suggestedFilename(), /^fortschrittsbericht-\d{4}-\d{2}-\d{2}\.pdf$/);
  await cdoContext.close();

  // The agency answers each request.
  await admin.reload();
  await admin.getByRole('link', { name: /^Bewertung beantworten/ }).click();
  await admin.getByLabel('Zwischenziele je Jahr angeben').selectOption({ label: 'wird umgesetzt' });
  await admin.getByLabel('Ablösung der Altverfahren einplanen').selectOption({ label: 'abgelehnt' });
  await admin.getByRole('button', { name: 'Antwort speichern' }).click();
  assert.match(await admin.getByRole('alert').textContent(), /warum Sie einen Wunsch ablehnen/);
  await expectAccessible(admin, 'answer with errors');
  await admin.getByLabel('Antwort der Behörde').fill('Zwischenziele folgen; die Hafen-IT löst der Hafenbetrieb selbst ab.');
  await admin.getByRole('button', { name: 'Antwort speichern' }).click();
  assert.equal(await admin.getByRole('status').textContent(), 'Die Antwort ist gespeichert.');
  assert.ok(await admin.getByText('Ablösung der Altverfahren einplanen – abgelehnt').isVisible());
  await screenshot(admin, 'strategy-answered');
  await context.close();
});

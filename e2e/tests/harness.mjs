// Starts a real `rathaus serve --demo` on a free port (SQLite, or PostgreSQL with
// E2E_DATABASE=postgres) and a headless Chromium (the system one, no downloads).
import { spawn, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
export const resultsDir = join(here, '..', 'test-results');

function binary() {
  if (process.env.RATHAUS_BIN) return process.env.RATHAUS_BIN;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'rathaus-target');
  for (const candidate of [join(target, 'debug', 'rathaus'), join(here, '..', '..', 'target', 'debug', 'rathaus')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('rathaus binary not found: run `cargo build -p rathaus` or set RATHAUS_BIN');
}

function psql(sql) {
  const url = process.env.RATHAUS_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  execFileSync('psql', [url, '-q', '-c', sql], { stdio: 'pipe' });
  return url;
}

/** A loopback port that was free a moment ago. */
async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** A real SMTP server (Python's aiosmtpd) writing every message to a maildir. */
async function startSmtpSink(dir) {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', join(dir, 'box')], { stdio: 'ignore' });
  const { connect } = await import('node:net');
  for (let i = 0; i < 400; i++) {
    const up = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (up) return { port, child, dir: join(dir, 'box') };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('aiosmtpd did not start');
}

/** Waits for a mail to `to` whose subject contains `subject`; returns its text. */
export async function waitForMail(server, to, subject) {
  const { readdirSync, readFileSync } = await import('node:fs');
  for (let i = 0; i < 200; i++) {
    for (const sub of ['new', 'cur']) {
      let names = [];
      try { names = readdirSync(join(server.smtp.dir, sub)); } catch { /* not created yet */ }
      for (const name of names) {
        const text = readFileSync(join(server.smtp.dir, sub, name), 'utf8');
        const decoded = decodeMail(text);
        if (decoded.includes(`To: ${to}`) && decoded.includes(subject) && !server.seenMails.has(name)) {
          server.seenMails.add(name);
          return decoded;
        }
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no mail "${subject}" to ${to}`);
}

/** Undoes quoted-printable and RFC 2047 encoded words, enough to read links and subjects. */
function decodeMail(raw) {
  const unfolded = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  const bytes = Uint8Array.from(unfolded, (c) => c.charCodeAt(0) & 0xff);
  let text = new TextDecoder().decode(bytes);
  text = text.replace(/=\?utf-8\?b\?([^?]+)\?=/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8'));
  return text;
}

/** Starts the test eID provider (npm oidc-provider) for a Rathaus on `rathausPort`. */
async function startEidProvider(rathausPort) {
  const port = await freePort();
  const script = join(here, '..', 'oidc', 'provider.mjs');
  const child = spawn(process.execPath, [script, '--port', String(port), '--redirect', `http://localhost:${rathausPort}/konto/eid/rueckkehr`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`eID provider exited with ${code}`)));
    lines.on('line', (line) => { if (line.includes('listens on')) resolve(); });
  });
  return { issuer: `http://127.0.0.1:${port}`, child };
}

/**
 * Starts `rathaus serve --demo`. With `{ eid: true }` a test eID provider runs beside it
 * and `server.eidNext(sub)` decides who shows their ID card at the next eID login.
 */
export async function startRathaus({ eid = false, writesPerMinute = null, env: extraEnv = {} } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rathaus-e2e-'));
  const smtp = await startSmtpSink(dataDir);
  const env = {
    ...process.env,
    RATHAUS_LOG: 'warn',
    RATHAUS_SMTP__HOST: '127.0.0.1',
    RATHAUS_SMTP__PORT: String(smtp.port),
    RATHAUS_SMTP__TLS: 'none',
    RATHAUS_WORKER__POLL_INTERVAL_MS: '50',
  };
  if (writesPerMinute) env.RATHAUS_RATE_LIMIT__WRITES_PER_MINUTE = String(writesPerMinute);
  Object.assign(env, extraEnv);
  let dbName = null;
  if (process.env.E2E_DATABASE === 'postgres') {
    dbName = `rathaus_e2e_${process.pid}_${Date.now()}`;
    const admin = psql(`CREATE DATABASE ${dbName}`);
    env.RATHAUS_DATABASE_URL = admin.replace(/\/[^/]*$/, `/${dbName}`);
  }
  // The public address must be known before start: passkeys are bound to it. "localhost"
  // is a secure context, so the browser keeps the __Host- cookie and allows WebAuthn.
  const port = await freePort();
  env.RATHAUS_PUBLIC_URL = `http://localhost:${port}`;
  let provider = null;
  if (eid) {
    provider = await startEidProvider(port);
    const { writeFileSync } = await import('node:fs');
    const config = join(dataDir, 'rathaus.toml');
    writeFileSync(config, [
      '[eid]',
      `issuer = "${provider.issuer}"`,
      'client_id = "rathaus"',
      'client_secret = "rathaus-test-secret"',
      'name = "BundID (Test)"',
      'scopes = ["profile", "address"]',
      'default_level = "low"',
      '[eid.acr_levels]',
      '"urn:eid:high" = "high"',
      '"urn:eid:substantial" = "substantial"',
      '',
    ].join('\n'));
    env.RATHAUS_CONFIG = config;
  }
  // Started again after a kill with the same data, database and address.
  const launch = async (environment) => {
    const process = spawn(binary(), ['serve', '--demo', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir], { env: environment, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: process.stdout });
    const address = await new Promise((resolve, reject) => {
      process.once('exit', (code) => reject(new Error(`rathaus exited with ${code} before listening`)));
      lines.on('line', (line) => {
        const m = line.match(/listens on http:\/\/127\.0\.0\.1:(\d+)/);
        if (m) resolve(`http://localhost:${m[1]}`);
      });
    });
    return { process, address };
  };
  let { process: child, address: base } = await launch(env);
  return {
    base,
    smtp,
    seenMails: new Set(),
    /** Runs `rathaus ARGS` on the same data and database, as an operator would. */
    cli(args) {
      return execFileSync(binary(), [...args, '--data-dir', dataDir], { env, encoding: 'utf8' });
    },
    /** Who shows their ID card at the next eID login (needs `{ eid: true }`). */
    async eidNext(sub, claims = {}) {
      const response = await fetch(`${provider.issuer}/test/next`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub, acr: 'urn:eid:high', claims }),
      });
      assert.equal(response.status, 204, 'the eID provider takes the next person');
    },
    /** Kills the server at once (SIGKILL): no shutdown, no last writes. */
    async kill() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    /** Starts the server again on the same data, database and address. */
    async restart(moreEnv = {}) {
      ({ process: child } = await launch({ ...env, ...moreEnv }));
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      smtp.child.kill();
      provider?.child.kill();
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) psql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

export async function startBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The path and query of the link with a token in a mail, to open on the test server. */
export function linkPath(mail) {
  const url = new URL(mail.match(/https?:\/\/\S+token=\S+/)[0]);
  return url.pathname + url.search;
}

/** The code an authenticator app shows for a base32 secret (RFC 6238: SHA-1, 6 digits, 30 s). */
export function totpCode(base32, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** axe-core's source, put into a page before it checks it. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.1 A/AA) and fails with a readable list of violations. */
export async function expectAccessible(page, label) {
  // axe runs in the page itself (our pages have no frames); only violations and
  // undecided checks are read, so the passes' details are left out.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate((values) => window.axe.run(document, {
    runOnly: { type: 'tag', values },
    resultTypes: ['violations', 'incomplete'],
  }), ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`);
  assert.deepEqual(summary, [], `axe violations on ${label}`);
  // axe leaves contrast it cannot decide "incomplete"; here that is a failure too —
  // except where another element overlaps it (layout, not colour), which the check by
  // computed style below measures against the real background anyway.
  const undecided = results.incomplete
    .filter((r) => r.id === 'color-contrast')
    .flatMap((r) => r.nodes.map((n) => `${n.target.join(' ')}: ${n.any.map((a) => a.message).join(' ')}`))
    .filter((line) => !/obscured by another element|overlaps other elements/.test(line));
  assert.deepEqual(undecided, [], `contrast axe could not decide on ${label}`);
  const low = await page.evaluate(lowContrastControls);
  assert.deepEqual(low, [], `links, buttons or fields below WCAG contrast on ${label}`);
}

/**
 * Runs in the page: every visible link, button and form control whose text contrast
 * against its real background (the first opaque background up the tree) is below
 * 4.5:1, or 3:1 for large text.
 */
function lowContrastControls() {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(',').map((x) => parseFloat(x));
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }) => {
    const ch = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg && bg.a >= 0.99) return bg;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const out = [];
  for (const el of document.querySelectorAll('a, button, input, select, textarea')) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || box.width < 2 || box.height < 2) continue;
    if (el.disabled || el.type === 'hidden' || el.closest('.visually-hidden')) continue;
    const text = (el.innerText || el.value || '').trim();
    if (!text) continue;
    const fg = parse(style.color);
    if (!fg) continue;
    const [l1, l2] = [luminance(fg), luminance(background(el))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      out.push(`${el.tagName.toLowerCase()} "${text.slice(0, 40)}": ${ratio.toFixed(2)}:1`);
    }
  }
  return out;
}

export async function screenshot(page, name) {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true });
}

/** The password every e2e resident and staff member uses. */
export const PASSWORD = 'Fahrrad-Alster-Brücke-42';

/**
 * Registers `email` and confirms the address from the mail (which, in the browser
 * that registered, signs in), then signs out: ends on the sign-in page.
 */
export async function registerResident(server, page, name, email) {
  await page.goto(server.base + '/konto/registrieren');
  await page.getByLabel('Vor- und Nachname').fill(name);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Neues Passwort').fill(PASSWORD);
  await page.getByLabel('Passwort wiederholen').fill(PASSWORD);
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  const verification = await waitForMail(server, email, 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
  await page.goto(server.base + linkPath(verification));
  await page.getByRole('button', { name: 'Adresse bestätigen' }).click();
  assert.equal(await page.textContent('h1'), 'Mein Servicekonto');
  await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
}

/** Fills in the sign-in form the page shows. */
export async function signIn(page, email) {
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
}

/** Sets up the authenticator app (which raises the session); returns its secret. */
export async function enrolAuthenticator(server, page) {
  await page.goto(server.base + '/konto/sicherheit/app');
  const secret = await page.textContent('#totp-secret');
  await page.getByLabel('Code').fill(totpCode(secret));
  await page.getByRole('button', { name: 'App bestätigen' }).click();
  assert.equal(await page.textContent('h1'), 'Wiederherstellungscodes');
  return secret;
}

/** Follows the staff invitation mail: sets the password, then signs in. */
export async function acceptStaffInvitation(server, page, email) {
  const invitation = await waitForMail(server, email, 'Ihr Zugang zur Verwaltung');
  await page.goto(server.base + linkPath(invitation));
  await page.getByLabel('Neues Passwort').fill(PASSWORD);
  await page.getByLabel('Passwort wiederholen').fill(PASSWORD);
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await signIn(page, email);
}

/**
 * A staff member invited on the command line with `grants` ([role, agency] pairs), who
 * accepts the invitation and enrols an authenticator app.
 */
export async function staffMember(server, page, email, name, grants) {
  server.cli(['admin', 'create-staff', '--email', email, '--name', name]);
  for (const [role, agency] of grants) server.cli(['admin', 'grant', '--email', email, '--role', role, '--agency', agency]);
  await acceptStaffInvitation(server, page, email);
  await enrolAuthenticator(server, page);
}

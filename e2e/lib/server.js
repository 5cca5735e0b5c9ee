// Starts the dev server binary (built once by scripts/test with `go build -o`, or here if
// SHORTLIST_DEV_BIN is unset) on a free loopback port with a temporary data directory, a
// generated demo API key and a generated password for the demo people (one per role),
// waits until it answers, and stops it afterwards. What the development identity provider
// would email (an invitation's temporary password, a password-reset code) it writes to its
// log: the server's output is read line by line so tests can pick those up.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** The dev server binary: $SHORTLIST_DEV_BIN, or built once into a temp dir. */
function devBinary() {
  if (process.env.SHORTLIST_DEV_BIN && existsSync(process.env.SHORTLIST_DEV_BIN)) return process.env.SHORTLIST_DEV_BIN;
  const out = join(tmpdir(), `shortlist-dev-e2e-${process.pid}`);
  if (!existsSync(out)) execFileSync('go', ['build', '-o', out, './scripts/dev'], { cwd: ROOT, stdio: 'inherit' });
  process.env.SHORTLIST_DEV_BIN = out;
  return out;
}

export function demoKey() {
  return `slk_${randomBytes(32).toString('base64url')}`; // 43 base64url characters
}

/** A password the pool's policy accepts: upper and lower case, digits, symbols, 20+ characters. */
export function demoPassword() {
  return `Sl-${randomBytes(8).toString('hex')}-Pw9!`;
}

/** The demo organisation's people (scripts/dev/identity.go), one per role. */
export const PEOPLE = {
  owner: 'owner@demo.shortlist.test',
  recruiter: 'recruiter@demo.shortlist.test',
  viewer: 'viewer@demo.shortlist.test',
};

/**
 * startServer() → {url, key, password, people, logs, idpEvents, waitForLog(), stop()}.
 * Each call is a fresh server with an empty store.
 */
export async function startServer() {
  const bin = devBinary();
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'shortlist-e2e-data-'));
  const key = demoKey();
  const password = demoPassword();
  const logs = [];
  // The embedded store and local report files, whatever services the rest of
  // scripts/test has pointed the environment at. Info level: tests read the codes the
  // development identity provider logs instead of emailing them.
  const env = { ...process.env, SHORTLIST_DEMO_KEY: key, SHORTLIST_DEMO_PASSWORD: password, LOG_LEVEL: 'info' };
  for (const k of Object.keys(env)) {
    if (/^(TABLE_NAME|REPORTS_BUCKET|PUBLIC_URL|SHORTLIST_ADDR|SHORTLIST_DATA|SHORTLIST_FAULT)$|^AWS_ENDPOINT_URL/.test(k)) delete env[k];
  }
  const child = spawn(bin, ['-addr', `127.0.0.1:${port}`, '-data', data], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => { try { child.kill('SIGKILL'); } catch { /* gone */ } };
  process.once('exit', killOnExit);
  const keep = (b) => { logs.push(b.toString()); if (logs.length > 200) logs.shift(); };
  // The identity provider's log lines (JSON, msg "devidp: …"), all of them, parsed.
  const idpEvents = [];
  const lines = (stream) => {
    let rest = '';
    stream.on('data', (b) => {
      keep(b);
      const parts = (rest + b.toString()).split('\n');
      rest = parts.pop();
      for (const line of parts) {
        if (!line.includes('devidp:')) continue;
        try { idpEvents.push(JSON.parse(line)); } catch { /* not a JSON log line */ }
      }
    });
  };
  lines(child.stdout);
  lines(child.stderr);
  /** The first identity-provider log event from index `since` on that pred accepts (waits up to timeoutMs). */
  const waitForLog = async (pred, { since = 0, timeoutMs = 5000 } = {}) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = idpEvents.slice(since).find(pred);
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`no identity-provider log line matched in ${timeoutMs} ms; seen: ${JSON.stringify(idpEvents.map((e) => e.msg))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  let exited = null;
  child.on('exit', (code) => { exited = code; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (exited !== null) throw new Error(`dev server exited (${exited}):\n${logs.join('')}`);
    try {
      const r = await fetch(`${url}/v1/assessments`, { headers: { Authorization: `Bearer ${key}` } });
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`dev server not ready in 30 s:\n${logs.join('')}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, key, password, people: PEOPLE, logs, idpEvents, waitForLog,
    /** The temporary password an invitation of email "sent" (from the dev server's log). */
    async temporaryPassword(email, since = 0) {
      const e = await waitForLog((x) => /invitation/.test(x.msg) && x.email === email.toLowerCase(), { since });
      return e.temporary_password;
    },
    /** The password-reset code "emailed" to email, the first one from log index `since` on. */
    async resetCode(email, since = 0) {
      const e = await waitForLog((x) => /password-reset code/.test(x.msg) && x.email === email.toLowerCase(), { since });
      return e.code;
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exited === null) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
        if (exited === null) child.kill('SIGKILL');
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** test-artifacts/e2e: screenshots land here (git-ignored). */
export function artifactsDir() {
  const dir = join(ROOT, 'test-artifacts', 'e2e');
  mkdirSync(dir, { recursive: true });
  return dir;
}

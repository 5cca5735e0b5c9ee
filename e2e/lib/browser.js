// Debian's chromium driven by playwright-core: headless, no sandbox (containers), no
// background traffic, a fresh profile (temporary user-data-dir) per launch.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactsDir } from './server.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM = process.env.SHORTLIST_CHROMIUM || '/usr/bin/chromium';
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export async function launch() {
  // playwright's launch() always runs the browser on a new temporary user-data-dir.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** A page that fails the test on any console error or CSP violation. */
export async function newPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  return page;
}

/** Console errors other than the expected failed requests (offline, 404 of optional endpoints). */
export function realProblems(page) {
  return page.problems.filter((p) => !/Failed to load resource|net::ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED/.test(p));
}

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Run axe-core (WCAG 2.2 A/AA) on the page; returns the violations. */
export async function axe(page) {
  // page.evaluate runs through the DevTools protocol, so the page's CSP stays in force
  // for the app itself while axe is added for the check.
  // Colours mid-transition (a button's 0.12 s hover, a colour-scheme switch) are not what
  // anyone reads: let running transitions end first.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))));
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    // iframes: false. The only frame is the outbox's email preview, a sandbox without
    // scripts: axe could not run inside it (and would wait for it), and it is an email, not the console.
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], iframes: false });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')} :: ${n.failureSummary}`).slice(0, 5) }));
  }, WCAG);
}

export async function shot(page, name) {
  const file = join(artifactsDir(), `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Every visible interactive control of the page must be at least 44 × 44 CSS px (the
 * visible target for a radio or checkbox is its label). Returns the ones that are not.
 */
export async function smallTargets(page) {
  return page.evaluate(() => {
    const out = [];
    const seen = new Set();
    const targets = document.querySelectorAll('button, a.button, summary, select, textarea, label.option, label.check, input:not([type=radio]):not([type=checkbox]):not([type=hidden]), .console-nav a, .tabs a');
    for (const el of targets) {
      if (seen.has(el)) continue;
      seen.add(el);
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
      if (el.matches('.skip-link')) continue;
      if (r.height < 43.5 || r.width < 43.5) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} "${(el.textContent || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
}

/** Wait until a console or app screen has finished loading ("Loading…" gone). */
export async function settle(page) {
  await page.waitForFunction(() => !document.querySelector('#main > p[role=status]'));
  await page.waitForTimeout(150);
}

/**
 * axe in the current language, then switched with the page's own button, and back, each
 * in light and dark mode (prefers-color-scheme); a screenshot of each. Violations are pushed to `found` as {screen: "name [lang]", …}.
 */
export async function axeBothLanguages(page, name, found) {
  await settle(page);
  const first = await page.getAttribute('html', 'lang');
  for (const lang of [first, first === 'es' ? 'en' : 'es']) {
    if ((await page.getAttribute('html', 'lang')) !== lang) {
      await page.click('#lang-switch');
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      await settle(page);
    }
    const v = await axe(page);
    for (const x of v) found.push({ screen: `${name} [${lang}]`, ...x });
    await shot(page, `a11y-${name}-${lang}`);
    // The same screen in dark mode (prefers-color-scheme: dark), then back.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(300); // the buttons' 0.12 s colour transitions
    for (const x of await axe(page)) found.push({ screen: `${name} [${lang}, dark]`, ...x });
    await shot(page, `a11y-${name}-${lang}-dark`);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForTimeout(300);
  }
  await page.click('#lang-switch');
  await page.waitForFunction((l) => document.documentElement.lang === l, first);
  await settle(page);
}

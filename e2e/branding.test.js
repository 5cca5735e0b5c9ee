// Employer branding: the owner sets the organisation's name, a display name, an accent
// colour and a logo in the console (a too-large file refused before any request, a
// low-contrast colour refused by the server in place, in the console's words); a
// candidate's invite then shows the display name, the logo and the accent colour on
// Start (Shortlist's accent in dark mode, where the organisation's would not keep AA).
// axe on the new screens in both languages, light and dark.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './lib/suite.js';
import { newPage, PHONE, shot, realProblems, axeBothLanguages, settle } from './lib/browser.js';
import { signInAs } from './lib/console.js';
import { client, assessmentWithInvites } from './lib/api.js';

const env = useServerAndBrowser();

// A 16×16 PNG (91 bytes): a plum and white chequerboard.
const LOGO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAIklEQVR42mOoko+Bo/9IAJc4wyDUQIwiZPHBqGE0HgaFBgCHW/kQK0ldVgAAAABJRU5ErkJggg==',
  'base64');
const ACCENT = '#7a1f5c'; // 9.6:1 with white
const ACCENT_RGB = 'rgb(122, 31, 92)';
const NAME = 'Acme Hiring Ltd';
const DISPLAY = 'Acme Careers';

test('the owner brands the organisation; a candidate sees the name, the logo and the colour', async () => {
  const found = [];
  const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en' });
  const page = await newPage(ctx);
  await signInAs(page, env.srv, 'owner');
  await page.goto(`${env.srv.url}/#/settings`);
  await page.waitForSelector('#branding-form');
  await settle(page);
  await axeBothLanguages(page, 'hr-branding', found);

  // Name, display name, a colour too light for white text, and a logo over 100 KB.
  await page.fill('#brand-name', NAME);
  await page.fill('#brand-display', DISPLAY);
  await page.fill('#brand-color', '#ffcc00');
  assert.match(await page.textContent('#brand-color-ratio'), /1\.51:1/, 'the live ratio is shown');
  let puts = 0;
  page.on('request', (r) => { if (r.method() === 'PUT' && r.url().endsWith('/v1/organisation')) puts += 1; });
  const big = Buffer.concat([LOGO_PNG.subarray(0, 8), Buffer.alloc(101 * 1024, 1)]);
  await page.setInputFiles('#brand-logo', { name: 'big.png', mimeType: 'image/png', buffer: big });
  await page.waitForSelector('#brand-logo-err');
  assert.match(await page.textContent('#brand-logo-err'), /102 KB.*at most 100 KB/);
  assert.equal(await page.getAttribute('#brand-logo', 'aria-invalid'), 'true');
  assert.equal(puts, 0, 'the large file is refused before any request');

  // The small PNG: previewed, the error gone.
  await page.setInputFiles('#brand-logo', { name: 'logo.png', mimeType: 'image/png', buffer: LOGO_PNG });
  await page.waitForSelector('#brand-logo-img');
  assert.equal(await page.$('#brand-logo-err'), null);
  assert.equal(await page.getAttribute('#brand-logo-img', 'alt'), `Logo of ${DISPLAY}`);
  assert.equal(await page.$eval('#brand-logo-img', (i) => /** @type {HTMLImageElement} */ (i).naturalWidth), 16);

  // The server refuses the colour: on its field, in the console's words.
  await page.click('#brand-save');
  await page.waitForSelector('#brand-color-err');
  assert.equal(puts, 1);
  assert.match(await page.textContent('#brand-color-err'), /too light for white text.*1\.51:1.*4\.5:1/);
  assert.equal(await page.getAttribute('#brand-color', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'brand-color');
  assert.ok(await page.isVisible('#brand-errors'));
  assert.ok(await page.isVisible('#brand-logo-img'), 'the chosen logo is kept');
  await shot(page, 'branding-contrast-error');
  await axeBothLanguages(page, 'hr-branding-errors', found);
  // In Spanish too (axeBothLanguages went there and back).
  assert.match(await page.textContent('#brand-color-err'), /1\.51:1/);
  const org0 = await client(env.srv.url, env.srv.key)('GET', '/v1/organisation');
  assert.notEqual(org0.displayName, DISPLAY, 'nothing was stored');

  // A dark enough colour: saved, the header names the organisation.
  await page.fill('#brand-color', ACCENT);
  assert.equal(await page.inputValue('#brand-color-picker'), ACCENT, 'the picker follows the text');
  await page.click('#brand-save');
  await page.waitForSelector('#brand-saved');
  await page.waitForFunction((n) => document.getElementById('who-org')?.textContent === n, NAME);
  const org = await client(env.srv.url, env.srv.key)('GET', '/v1/organisation');
  assert.equal(org.name, NAME);
  assert.equal(org.displayName, DISPLAY);
  assert.equal(org.accentColor, ACCENT);
  assert.equal(org.logo, `data:image/png;base64,${LOGO_PNG.toString('base64')}`);
  assert.equal(org.customNotice, org0.customNotice, 'the notice is untouched');
  assert.equal(org.noticeVersion, org0.noticeVersion);
  assert.ok(await page.isVisible('#brand-logo-img'));
  await shot(page, 'branding-saved');
  await axeBothLanguages(page, 'hr-branding-saved', found);
  assert.deepEqual(realProblems(page), []);

  // The candidate: the display name, the logo and the accent colour on Start.
  const { invited } = await assessmentWithInvites(env.srv.url, env.srv.key, 'sales-back-office', ['Bea Brand']);
  const cctx = await env.browser.newContext({ ...PHONE, locale: 'en' });
  const cand = await newPage(cctx);
  await cand.goto(invited[0].link);
  await cand.waitForSelector('#start');
  assert.equal((await cand.textContent('#brand-name')).trim(), DISPLAY);
  assert.match(await cand.title(), new RegExp(`${DISPLAY} assessment$`));
  assert.doesNotMatch(await cand.textContent('header'), /Shortlist/);
  const logo = await cand.$eval('#brand-logo', (i) => {
    const img = /** @type {HTMLImageElement} */ (i);
    const r = img.getBoundingClientRect();
    return { alt: img.alt, w: img.naturalWidth, complete: img.complete, height: r.height };
  });
  assert.deepEqual({ alt: logo.alt, w: logo.w, complete: logo.complete }, { alt: DISPLAY, w: 16, complete: true });
  assert.ok(logo.height > 0 && logo.height <= 40, `the logo is at most 40 px high: ${logo.height}`);
  const startColours = () => cand.$eval('#start', (b) => {
    const cs = getComputedStyle(b);
    return { bg: cs.backgroundColor, fg: cs.color };
  });
  assert.deepEqual(await startColours(), { bg: ACCENT_RGB, fg: 'rgb(255, 255, 255)' }, 'Start wears the accent');
  await shot(cand, 'branding-candidate-notice');
  // Dark mode: the accent would not keep AA on the dark page, so Shortlist's stays.
  await cand.emulateMedia({ colorScheme: 'dark' });
  await cand.waitForTimeout(300);
  assert.notEqual((await startColours()).bg, ACCENT_RGB, 'dark mode keeps the default accent');
  assert.equal(await cand.evaluate(() => document.documentElement.dataset.accentDark), undefined);
  await shot(cand, 'branding-candidate-notice-dark');
  await cand.emulateMedia({ colorScheme: 'light' });
  await cand.waitForTimeout(300);
  await axeBothLanguages(cand, 'take-branded-notice', found);
  assert.match(await cand.title(), new RegExp(`${DISPLAY} assessment$`));

  // Started and reloaded: still the organisation's look (the preview is not read again).
  await cand.locator('label[for=ack]').tap();
  await cand.locator('#start').tap();
  await cand.waitForSelector('ol.steps');
  await cand.reload();
  await cand.waitForSelector('ol.steps');
  assert.equal((await cand.textContent('#brand-name')).trim(), DISPLAY);
  assert.ok(await cand.isVisible('#brand-logo'));
  await axeBothLanguages(cand, 'take-branded-overview', found);
  assert.match(await cand.title(), /Evaluación de Acme Careers$|Acme Careers assessment$/);
  assert.deepEqual(realProblems(cand), []);
  await cctx.close();

  // The logo removed: gone from the organisation.
  await page.click('#brand-logo-remove');
  await page.waitForSelector('#brand-logo-none');
  await page.click('#brand-save');
  await page.waitForSelector('#brand-saved');
  assert.ok(await page.isVisible('#brand-logo-none'));
  const after = await client(env.srv.url, env.srv.key)('GET', '/v1/organisation');
  assert.equal(after.logo, undefined);
  assert.equal(after.displayName, DISPLAY);
  await ctx.close();

  assert.deepEqual(found, [], `axe: ${JSON.stringify(found, null, 1)}`);
});

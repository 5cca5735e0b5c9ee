// axe-core (WCAG 2.2 A and AA rules) on every candidate and HR screen, in English and in
// Spanish: each screen is checked, the language is switched with the page's own button,
// and it is checked again. Screenshots of every screen in both languages are saved. (The
// screens of signing in, the team and the account are checked the same way in
// team.test.js.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './lib/suite.js';
import { newPage, PHONE, axeBothLanguages } from './lib/browser.js';
import { client, assessmentWithInvites, valueFor, completeViaAPI, startViaAPI, setGroupField } from './lib/api.js';
import { answerByPointer } from './lib/candidate.js';

const env = useServerAndBrowser();
const found = [];
const check = (page, name) => axeBothLanguages(page, name, found);

/** Start a session through the API and take its first `upTo` sections (answered and finished). */
async function takeSections(link, upTo) {
  const start = await startViaAPI(env.srv.url, link);
  const me = client(env.srv.url, start.sessionToken);
  let seq = 1;
  for (const sec of start.session.sections.slice(0, upTo)) {
    const opened = await me('POST', `/v1/session/sections/${sec.number}/start`);
    const answers = opened.content.items.map((it, i) => ({ item: it.id, value: valueFor(sec.kind, it, i, () => 4), ms: 1200 }));
    await me('PUT', '/v1/session/answers', { seq: seq++, section: sec.number, answers, events: [] });
    await me('POST', `/v1/session/sections/${sec.number}/finish`);
  }
}

test('candidate screens: no WCAG 2.2 A/AA violations, in both languages', async () => {
  const ctx = await env.browser.newContext(PHONE);
  const page = await newPage(ctx);

  // No invite in the address.
  await page.goto(`${env.srv.url}/take/`);
  await page.waitForSelector('h1');
  await check(page, 'take-no-invite');

  // A link that is not an invite (401), and an expired invite (410, from the preview).
  await page.goto(`${env.srv.url}/take/#sli_${'x'.repeat(32)}`);
  await page.waitForSelector('#problem');
  assert.match(await page.textContent('#problem'), /link does not work/);
  await check(page, 'take-bad-link');
  const gone = await assessmentWithInvites(env.srv.url, env.srv.key, 'ecommerce-customer-support', ['Gus']);
  await page.route('**/v1/invites/preview', (r) => r.fulfill({
    status: 410, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'gone', message: 'this invite expired on 2026-01-01; ask the hiring team for a new one' } }),
  }));
  await page.goto(gone.invited[0].link);
  await page.waitForSelector('#problem');
  assert.match(await page.textContent('#problem'), /expired/);
  await check(page, 'take-expired');
  await page.unroute('**/v1/invites/preview');

  // Notice, then the notice with its error.
  const { invited } = await assessmentWithInvites(env.srv.url, env.srv.key, 'ecommerce-customer-support', ['Ana', 'Beto']);
  await page.goto(invited[0].link);
  await page.waitForSelector('#start');
  await check(page, 'take-notice');
  await page.click('#start');
  await page.waitForSelector('#ack-error');
  await check(page, 'take-notice-error');

  // Overview, the introduction with practice feedback, a Likert question, the review.
  await page.click('label[for=ack]');
  await page.click('#start');
  await page.waitForSelector('ol.steps');
  await check(page, 'take-overview');
  await page.click('#main .actions button');
  await page.waitForSelector('#start-section');
  await page.click('.card label.option >> nth=1');
  await page.click('#practice-check');
  await page.waitForSelector('.practice-feedback .note');
  await check(page, 'take-intro-likert');
  await page.click('#start-section');
  await page.waitForSelector('#q-heading');
  await answerByPointer(page, 'likert', 0, 'click');
  await page.click('.jump summary');
  await check(page, 'take-item-likert');
  // Offline: the review screen sends the batch, which cannot go; back on a question, the
  // save state says answers are kept on the device.
  await ctx.setOffline(true);
  await page.click('#next');
  await answerByPointer(page, 'likert', 1, 'click');
  await page.click('.jump summary');
  await page.click('.jump-grid button >> nth=9');
  await page.click('#next');
  await page.waitForSelector('#finish-section');
  await page.click('#back-to-questions');
  await page.waitForSelector('#q-heading');
  await page.waitForSelector('#save-state[data-state="offline"]', { timeout: 15000 });
  await check(page, 'take-item-offline');
  await ctx.setOffline(false);
  await page.waitForSelector('#save-state[data-state="saved"]', { timeout: 30000 });
  await page.click('.jump summary');
  await page.click('.jump-grid button >> nth=9');
  await page.click('#next');
  await page.waitForSelector('#finish-section');
  await check(page, 'take-review');

  // Another tab takes over the session: this one says so.
  const other = await newPage(await env.browser.newContext(PHONE));
  await other.goto(invited[0].link);
  await other.click('label[for=ack]');
  await other.click('#start');
  await other.waitForSelector('#q-heading');
  await page.reload();
  await page.waitForSelector('text=/another tab|otra pestaña/');
  await check(page, 'take-moved');
  await other.context().close();

  // A DISC block: the second candidate has already taken the competency parts.
  await takeSections(invited[1].link, 5);
  await page.goto(invited[1].link);
  await page.click('label[for=ack]');
  await page.click('#start');
  await page.waitForSelector('ol.steps');
  await page.click('#main .actions button');
  await page.waitForSelector('#start-section');
  await check(page, 'take-intro-disc');
  await page.click('#start-section');
  await page.waitForSelector('#q-heading');
  await answerByPointer(page, 'disc', 0, 'click');
  await check(page, 'take-item-disc');

  // A data-validation task (timed) with a corrected cell and a bad total.
  const sales = await assessmentWithInvites(env.srv.url, env.srv.key, 'sales-back-office', ['Carla']);
  await takeSections(sales.invited[0].link, 4);
  await page.goto(sales.invited[0].link);
  await page.click('label[for=ack]');
  await page.click('#start');
  await page.click('#main .actions button');
  await page.waitForSelector('#start-section');
  // The content's own practice task (not marked: its feedback says what to compare).
  await page.fill('.card input[data-cell="1:start"]', '2025-10-09');
  await page.fill('.card .dv-total', '36980');
  await page.click('#practice-check');
  await page.waitForSelector('.practice-feedback .note');
  await check(page, 'take-intro-datavalidation');
  await page.click('#start-section');
  await page.waitForSelector('#timer');
  await answerByPointer(page, 'datavalidation', 0, 'click');
  await page.fill('.item .dv-total', 'twelve');
  await check(page, 'take-item-datavalidation');

  // Completion: finish the last part and hand in. The organisation has its own
  // self-identification question, so the form is checked with it.
  await setGroupField(env.srv.url, env.srv.key, { es: 'Comuna donde vives', en: 'District where you live' });
  const done = await assessmentWithInvites(env.srv.url, env.srv.key, 'ecommerce-customer-support', ['Dora']);
  await takeSections(done.invited[0].link, 6);
  await page.goto(done.invited[0].link);
  await page.click('label[for=ack]');
  await page.click('#start');
  await page.waitForSelector('#complete');
  await check(page, 'take-all-done');
  await page.click('#complete');
  await page.waitForSelector('#feedback');
  await page.waitForSelector('#sid-group-input');
  await page.fill('#sid-group-input', 'Ñuñoa');
  await check(page, 'take-complete');
  assert.match(await page.textContent('label[for=sid-group-input]'), /^(District where you live \(optional\)|Comuna donde vives \(opcional\))$/);
  assert.equal(await page.inputValue('#sid-group-input'), 'Ñuñoa', 'the answer survives the language switches');
  await page.click('#sid-gender label.option >> nth=4');
  await page.click('#sid-send');
  await page.waitForSelector('#sid-done');
  await check(page, 'take-self-id-sent');
  await ctx.close();

  assert.deepEqual(found.filter((f) => f.screen.startsWith('take')), [], 'axe violations on candidate screens');
});

test('HR console screens: no WCAG 2.2 A/AA violations, in both languages', async () => {
  const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(ctx);
  await page.goto(`${env.srv.url}/`);
  await page.waitForSelector('#si-email');
  await check(page, 'hr-signin');
  await page.fill('#si-email', 'nope');
  await page.click('#signin');
  await page.waitForSelector('#si-email-err');
  await check(page, 'hr-signin-error');
  await page.fill('#si-email', env.srv.people.owner);
  await page.fill('#si-password', env.srv.password);
  await page.click('#signin');
  await page.waitForSelector('h1:has-text("Assessments"), h1:has-text("Evaluaciones")');
  await check(page, 'hr-assessments');

  await page.goto(`${env.srv.url}/#/catalog/ecommerce`);
  await page.waitForSelector('.grid-cards');
  await check(page, 'hr-catalog');
  await page.goto(`${env.srv.url}/#/roles/ecommerce-customer-support`);
  await page.waitForSelector('#build');
  await check(page, 'hr-role');
  await page.click('#build');
  await page.waitForSelector('#create');
  await page.fill('#w-competency', '90');
  await page.click('#create');
  await page.waitForSelector('#build-error');
  await check(page, 'hr-builder-error');
  await page.fill('#w-competency', '100');
  await page.click('#create');
  await page.waitForSelector('#csv-file');
  await check(page, 'hr-invite');
  await page.fill('#r1-name', 'Elena Díaz');
  await page.click('#invite-send');
  await page.waitForSelector('#invite-links');
  await check(page, 'hr-invite-links');
  const link = await page.textContent('#invite-links code.invite-link');
  const id = page.url().split('#/a/')[1].split('/')[0];
  await completeViaAPI(env.srv.url, link, (i) => (i % 5) + 1);

  await page.goto(`${env.srv.url}/#/a/${id}/candidates`);
  await page.waitForSelector('#progress');
  await check(page, 'hr-progress');
  // Scoring runs within seconds.
  const hr = client(env.srv.url, env.srv.key);
  for (let i = 0; i < 40; i++) {
    const r = await hr('GET', `/v1/assessments/${id}/ranking`).catch(() => null);
    if (!r || (r.ranking && r.ranking.length)) break;
    await new Promise((res) => setTimeout(res, 250));
  }
  await page.goto(`${env.srv.url}/#/a/${id}/ranking`);
  await page.waitForSelector('#tab-title');
  await check(page, 'hr-ranking');
  await page.click('#ranking th a');
  await page.waitForSelector('#breakdown');
  await check(page, 'hr-candidate');
  // The decision form with its errors in place, then a recorded decision.
  await page.click('#dec-save');
  await page.waitForSelector('#dec-errors');
  await check(page, 'hr-decision-errors');
  await page.click('#decision label.option >> nth=1');
  await page.fill('#dec-note', 'Waiting for the second interview round.');
  await page.click('#dec-save');
  await page.waitForSelector('#dec-saved');
  await check(page, 'hr-decision-saved');
  // The erasure confirmation (cancelled).
  await page.click('#erase');
  await page.waitForSelector('#erase-confirm');
  await check(page, 'hr-erase-confirm');
  await page.click('#erase-cancel');
  await page.goto(`${env.srv.url}/#/a/${id}/fairness`);
  await page.waitForSelector('#fairness-form');
  await check(page, 'hr-fairness');
  await page.goto(`${env.srv.url}/#/a/${id}/stats`);
  await page.waitForSelector('#tab-title');
  await check(page, 'hr-statistics');
  await page.goto(`${env.srv.url}/#/a/${id}/reports`);
  await page.waitForSelector('#tab-title');
  if (await page.$('#report-cohort')) {
    await page.click('#report-cohort');
    const pdf = page.locator('table.reports button[data-kind="cohort"][data-format="pdf"]').first();
    await pdf.waitFor();
    await pdf.click();
    await page.waitForSelector('table.reports a.report-link');
  }
  await check(page, 'hr-reports');

  // Organisation settings, with field errors in place; the audit log.
  await page.goto(`${env.srv.url}/#/settings`);
  await page.waitForSelector('#settings-form');
  await check(page, 'hr-settings');
  await page.fill('#set-retention', '5');
  await page.fill('#group-en', 'Region');
  await page.click('#settings-save');
  await page.waitForSelector('#settings-errors');
  await check(page, 'hr-settings-errors');
  await page.goto(`${env.srv.url}/#/audit`);
  await page.waitForSelector('#audit');
  await check(page, 'hr-audit');
  await ctx.close();

  assert.deepEqual(found.filter((f) => f.screen.startsWith('hr')), [], 'axe violations on HR screens');
});

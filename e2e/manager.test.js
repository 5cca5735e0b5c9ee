// A hiring manager's path through the console, on a laptop (1440×900, English) and on a
// phone (390×844, Spanish): sign in as the demo viewer, open the assessment's ranking and
// read its headline (who cannot be told apart at the top, over the whole cohort), sort by
// a test (column header buttons with aria-sort, the order the server gives), filter by
// standing, select three candidates (at most four, with a live count) and compare them
// (plain words on which differences are within the measurement error; one T axis; cards
// side by side on the laptop, stacked on the phone), open a candidate (each test on the T
// scale) and download their report with one click. axe-core finds no WCAG 2.2 A/AA
// violation on any of these screens, in both languages, light and dark. Screenshots go
// to test-artifacts/e2e/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './lib/suite.js';
import { newPage, PHONE, axeBothLanguages, shot, settle, realProblems } from './lib/browser.js';
import { client, assessmentWithInvites, startViaAPI, valueFor } from './lib/api.js';
import { signInAs } from './lib/console.js';

const NAMES = ['Ana Ruiz', 'Bruno Díaz', 'Carla Soto', 'Diego Vera', 'Elena Paz', 'Fabio León', 'Gema Ortiz', 'Hugo Sanz', 'Inés Mora'];
let assessmentId = '';

/** Answer every section through the API at an attentive pace (4 s an item: no "too fast" caution). */
async function complete(base, link, pick) {
  const start = await startViaAPI(base, link);
  const me = client(base, start.sessionToken);
  let seq = start.session.nextSeq;
  for (const sec of start.session.sections) {
    const opened = await me('POST', `/v1/session/sections/${sec.number}/start`);
    const answers = opened.content.items.map((it, i) => ({ item: it.id, value: valueFor(sec.kind, it, i, pick), ms: 4000 }));
    for (let i = 0; i < answers.length; i += 20) {
      await me('PUT', '/v1/session/answers', { seq: seq++, section: sec.number, answers: answers.slice(i, i + 20), events: [] });
    }
    await me('POST', `/v1/session/sections/${sec.number}/finish`);
  }
  return me('POST', '/v1/session/complete');
}

const env = useServerAndBrowser(async (env) => {
  const { assessment, invited } = await assessmentWithInvites(env.srv.url, env.srv.key, 'ecommerce-customer-support', NAMES, { lang: 'en' });
  assessmentId = assessment.id;
  // Each candidate answers around their own level (1 to 5), with a little variation.
  await Promise.all(invited.map((row, k) => complete(env.srv.url, row.link, (i) => Math.max(1, Math.min(5, Math.round(1 + k / 2 + ((i % 3) - 1) * 0.6))))));
  const hr = client(env.srv.url, env.srv.key);
  for (let i = 0; i < 60; i++) {
    const r = await hr('GET', `/v1/assessments/${assessmentId}/ranking?limit=50`);
    if (r.cohort.n === NAMES.length) return;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error('the candidates were not all scored');
});

const DEVICES = [
  { name: 'laptop', lang: 'en', context: { viewport: { width: 1440, height: 900 } } },
  { name: 'phone', lang: 'es', context: { ...PHONE } },
];

for (const device of DEVICES) {
  test(`hiring manager on a ${device.name} (${device.lang}): ranking, sort, filter, compare, candidate, report`, async () => {
    const found = [];
    const hr = client(env.srv.url, env.srv.key);
    const context = await env.browser.newContext({ ...device.context, acceptDownloads: true });
    const page = await newPage(context);
    await signInAs(page, env.srv, 'viewer');
    if ((await page.getAttribute('html', 'lang')) !== device.lang) {
      await page.click('#lang-switch');
      await page.waitForFunction((l) => document.documentElement.lang === l, device.lang);
    }
    const L = device.lang;
    const shotName = (s) => `manager-${device.name}-${s}`;

    // ---- The ranking's headline: the top tier, computed over the whole cohort.
    await page.goto(`${env.srv.url}/#/a/${assessmentId}/ranking`);
    await page.waitForSelector('#tiers-headline');
    await settle(page);
    const ranking = await hr('GET', `/v1/assessments/${assessmentId}/ranking?lang=${L}&limit=500&group=ranked`);
    const tiers = ranking.tiers.filter((x) => x.group === 'ranked');
    const top = tiers[0].size;
    const want = L === 'en'
      ? (tiers.length === 1 ? (top === 1 ? /^1 candidate/ : new RegExp(`^All ${top} candidates are too close to tell apart$`))
        : (top === 1 ? /^The first candidate can be told apart from the next$/ : new RegExp(`^${top} candidates at the top who cannot be told apart$`)))
      : (tiers.length === 1 ? (top === 1 ? /^1 candidato/ : new RegExp(`^Los ${top} candidatos están demasiado parejos para distinguirlos$`))
        : (top === 1 ? /^El primer candidato se distingue del siguiente$/ : new RegExp(`^Los ${top} primeros no se distinguen entre sí$`)));
    assert.match((await page.textContent('#tiers-headline')).trim(), want, 'the headline names the top tier');
    assert.equal(tiers.reduce((n, x) => n + x.size, 0), ranking.total, 'the tiers cover the whole main group');
    // The formula is behind "How this ranking works", closed.
    assert.equal(await page.getAttribute('#rank-how', 'open'), null);
    assert.ok(!(await page.isVisible('#tier-rule')));
    assert.match(await page.textContent('#rank-norm'), L === 'en' ? /^T scores: Reference norm/ : /^Puntuaciones T: Norma de referencia/);
    // A column per test, each cell a T score with a small bar on the T axis.
    const tests = ranking.tests;
    assert.ok(tests.length >= 2, 'a column per test');
    const first = ranking.ranking[0];
    for (const ts of first.tests) {
      const cell = page.locator(`#ranked-table tr[data-candidate="${first.candidateId}"] td[data-test="${ts.test}"]`);
      if (ts.score) {
        assert.equal((await cell.locator('.tscore').textContent()), String(Math.round(50 + 10 * ts.score.value)), `${ts.test}: T`);
        assert.equal(await cell.locator('.band .point').count(), 1, `${ts.test}: a bar`);
      }
    }
    await shot(page, shotName('01-ranking'));
    await axeBothLanguages(page, shotName('ranking'), found);

    // ---- Sort by a test: the header is a button; aria-sort says the order; rows follow the server.
    const test0 = tests[0];
    const sortId = `#ranked-table-sort-test-${test0.id}`;
    assert.equal(await page.locator(`${sortId}`).evaluate((b) => b.parentElement.getAttribute('aria-sort')), null);
    assert.equal(await page.locator('#ranked-table th[aria-sort]').getAttribute('aria-sort'), 'descending', 'sorted by role fit at first');
    await page.click(sortId);
    await page.waitForFunction((id) => document.querySelector(id)?.parentElement?.getAttribute('aria-sort') === 'descending', sortId);
    const byTest = await hr('GET', `/v1/assessments/${assessmentId}/ranking?group=ranked&limit=50&sort=test:${test0.id}`);
    assert.deepEqual(await page.$$eval('#ranked-table tbody tr', (rows) => rows.map((r) => r.getAttribute('data-candidate'))),
      byTest.ranking.map((r) => r.candidateId), 'the rows in the server\'s order for the test');
    assert.equal(await page.evaluate(() => document.activeElement?.id), sortId.slice(1), 'focus stays on the sort button');
    // By keyboard: Enter on the focused button turns the order round.
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.querySelector(id)?.parentElement?.getAttribute('aria-sort') === 'ascending', sortId);
    await shot(page, shotName('02-sorted'));

    // ---- Filter by standing.
    await page.selectOption('#f-standing', 'clear');
    await page.click('#f-apply');
    await page.waitForFunction(() => document.querySelector('#f-standing')?.value === 'clear' && document.querySelector('#f-clear'));
    const clear = await hr('GET', `/v1/assessments/${assessmentId}/ranking?group=ranked&limit=50&standing=clear&sort=test:${test0.id}&dir=asc`);
    assert.equal(await page.locator('#ranked-table tbody tr').count(), clear.ranking.length, 'only the clear ones');
    await shot(page, shotName('03-filtered'));
    await page.click('#f-clear');
    await page.waitForFunction(() => !document.querySelector('#f-clear'));

    // ---- Select to compare: at most four, a live count, then three.
    const boxes = page.locator('#ranking input.select-compare');
    assert.ok((await boxes.count()) >= 5, 'enough rows to try a fifth');
    assert.ok(await page.isDisabled('#compare-go'));
    for (let i = 0; i < 4; i++) await boxes.nth(i).check();
    assert.match(await page.textContent('#compare-count'), L === 'en' ? /^4 of 4 selected to compare/ : /^4 de 4 seleccionados para comparar/);
    assert.ok(await boxes.nth(4).isDisabled(), 'a fifth cannot be selected');
    await boxes.nth(3).focus();
    await page.keyboard.press('Space'); // unselected by keyboard
    assert.ok(!(await boxes.nth(3).isChecked()));
    assert.ok(!(await boxes.nth(4).isDisabled()));
    assert.match(await page.textContent('#compare-count'), L === 'en' ? /^3 of 4 selected/ : /^3 de 4 seleccionados/);
    const chosen = await page.$$eval('#ranking input.select-compare:checked', (els) => els.map((e) => /** @type {HTMLInputElement} */ (e).value));
    assert.equal(chosen.length, 3);
    await shot(page, shotName('04-selected'));

    // ---- Compare.
    await page.click('#compare-go');
    await page.waitForSelector('#cmp-verdict');
    await settle(page);
    const cmp = await hr('GET', `/v1/assessments/${assessmentId}/compare?lang=${L}&candidates=${chosen.join(',')}`);
    assert.deepEqual(await page.$$eval('#cmp-pairs li', (els) => els.map((e) => e.getAttribute('data-apart'))), cmp.pairs.map((p) => String(p.toldApart)));
    for (const p of cmp.pairs.filter((x) => !x.toldApart)) {
      const text = await page.textContent(`#cmp-pairs li[data-pair="${p.a},${p.b}"]`);
      assert.match(text, L === 'en' ? /cannot be told apart by this assessment/ : /no se distinguen con esta evaluación/);
    }
    const beyond = cmp.pairs.flatMap((p) => p.tests.filter((d) => d.difference !== null && !d.withinUncertainty));
    assert.equal(await page.locator('#cmp-beyond li').count(), beyond.length, 'each difference beyond the error, said in words');
    if (!beyond.length) assert.match(await page.textContent('#cmp-within'), L === 'en' ? /within the measurement error/ : /dentro del error de medición/);
    // One T axis, one block per measure; the cards side by side on a laptop, stacked on a phone.
    assert.equal(await page.locator('#cmp-table tbody[data-measure="fit"] tr[data-candidate]').count(), 3);
    const boxesOf = await page.$$eval('#cmp-cards li.card', (els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y })));
    if (device.name === 'laptop') assert.ok(boxesOf[1].y === boxesOf[0].y && boxesOf[1].x > boxesOf[0].x, 'side by side');
    else assert.ok(boxesOf[1].y > boxesOf[0].y && boxesOf[1].x === boxesOf[0].x, 'stacked');
    await shot(page, shotName('05-compare'));
    await axeBothLanguages(page, shotName('compare'), found);

    // ---- A candidate: each test on the T scale, then the report in one click.
    const who = cmp.candidates[0];
    await page.click(`#cmp-cards li.card[data-candidate="${who.candidateId}"] h4 a`);
    await page.waitForSelector('#breakdown');
    await settle(page);
    assert.equal(await page.locator('#tests tbody tr').count(), who.tests.filter((x) => x.score).length, 'a row per test');
    const detail = await hr('GET', `/v1/assessments/${assessmentId}/candidates/${who.candidateId}?lang=${L}`);
    assert.match(await page.textContent('#cand-tier'), L === 'en' ? new RegExp(`^Group ${detail.rank.tier}:`) : new RegExp(`^Grupo ${detail.rank.tier}:`));
    const n = detail.cautions.length;
    if (n) assert.match(await page.textContent('#cautions-count'), L === 'en' ? (n === 1 ? /^1 caution\b/ : /^\d+ cautions\b/) : (n === 1 ? /^1 alerta\b/ : /^\d+ alertas\b/));
    await shot(page, shotName('06-candidate'));
    await axeBothLanguages(page, shotName('candidate'), found);
    // The candidate's report is rendered shortly after scoring: wait for it in the list.
    const reportButton = `table.reports button[data-kind="candidate"][data-format="pdf"]`;
    for (let i = 0; i < 30 && !(await page.$(reportButton)); i++) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.waitForSelector('#breakdown');
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(reportButton)]);
    assert.match(download.suggestedFilename(), / - .*[^. ]\.pdf$/, `one click, one dot before the extension: ${download.suggestedFilename()}`);

    assert.deepEqual(found, [], 'axe: no violations on any screen, both languages, light and dark');
    assert.deepEqual(realProblems(page), [], 'no console errors');
    await context.close();
  });
}

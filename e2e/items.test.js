// Every other item type of the content (multiple choice with figures, situational
// judgment, a written reply, parallel cases) answered on a phone: each is stored exactly
// as given, and each screen passes axe-core (WCAG 2.2 A/AA) in both languages. The
// multiple-choice part's introduction uses the content's own practice question, checked
// by the server, while the part is still pending (no clock) until "Start part".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './lib/suite.js';
import { newPage, axe, shot, smallTargets, realProblems, PHONE } from './lib/browser.js';
import { client } from './lib/api.js';
import { answerByPointer, waitSaved, savedOnServer, sessionToken } from './lib/candidate.js';

const env = useServerAndBrowser();

const EXTRA = ['logical-reasoning', 'work-judgment', 'customer-reply', 'parallel-cases'];
const PER_SECTION = 3;

async function axeBoth(page, name, found) {
  for (let k = 0; k < 2; k++) {
    const lang = await page.getAttribute('html', 'lang');
    for (const v of await axe(page)) found.push({ screen: `${name} [${lang}]`, ...v });
    await shot(page, `items-${name}-${lang}`);
    await page.click('#lang-switch');
    await page.waitForFunction((l) => document.documentElement.lang !== l, lang);
  }
}

test('phone: choice, SJT, writing and parallel cases are stored exactly as given', async () => {
  const hr = client(env.srv.url, env.srv.key);
  const role = await client(env.srv.url)('GET', '/v1/catalog/roles/ecommerce-customer-support');
  const available = [];
  for (const id of EXTRA) {
    try { await client(env.srv.url)('GET', `/v1/catalog/instruments/${id}`); available.push(id); } catch { /* not in this content */ }
  }
  assert.ok(available.length > 0, 'the content has instruments of the other kinds');
  const a = await hr('POST', '/v1/assessments', { roleId: role.id, remove: role.mix.map((m) => m.instrument.id), add: available });
  const inv = await hr('POST', `/v1/assessments/${a.id}/invites`, { candidates: [{ name: 'Iris Items' }] });

  const context = await env.browser.newContext(PHONE);
  const page = await newPage(context);
  await page.goto(inv.invited[0].link);
  await page.locator('label[for=ack]').tap();
  await page.locator('#start').tap();
  await page.waitForSelector('ol.steps');
  const sections = (await client(env.srv.url, await sessionToken(page))('GET', '/v1/session')).sections;
  const found = [];
  for (const sec of sections) {
    if (!(await page.$('#start-section'))) await page.locator('#main .actions button').last().tap();
    await page.waitForSelector('#start-section');
    const me = client(env.srv.url, await sessionToken(page));
    if (sec.kind === 'choice') {
      const intro = await me('GET', `/v1/session/sections/${sec.number}`);
      assert.ok(intro.intro.practice.length > 0, 'the content has practice questions for this part');
      assert.deepEqual(await page.$$eval('.card.practice', (els) => els.map((e) => e.dataset.practice)), intro.intro.practice.map((p) => p.id));
      assert.equal((await page.textContent('#intro-instructions')).trim(), intro.intro.instructions.trim());
      // Answer the practice question (the second option) and get the server's feedback.
      await page.locator('.card.practice').first().locator('label.option').nth(1).tap();
      await page.locator('#practice-check').tap();
      await page.waitForSelector('#practice-fb-1 .note');
      const fb = await page.textContent('#practice-fb-1');
      assert.match(fb, /^(Right|Not quite)\./);
      assert.ok(fb.length > 'Not quite. '.length + 3, `the feedback explains: ${fb}`);
      // Still no clock: the part stays pending until the explicit Start.
      assert.equal(await page.$('#timer'), null);
      const before = (await me('GET', '/v1/session')).sections[sec.number - 1];
      assert.equal(before.state, 'pending');
      assert.equal(before.startedAt, undefined);
    }
    await axeBoth(page, `intro-${sec.kind}`, found);
    await page.locator('#start-section').tap();
    await page.waitForSelector('#q-heading');
    assert.equal((await me('GET', '/v1/session')).sections[sec.number - 1].state, 'open', 'Start opens the part');
    const expected = {};
    for (let i = 0; i < Math.min(PER_SECTION, sec.items); i++) {
      const { item, value } = await answerByPointer(page, sec.kind, i, 'tap');
      expected[item] = value;
      if (i === 0) {
        assert.deepEqual(await smallTargets(page), [], `targets under 44 px on a ${sec.kind} question`);
        await axeBoth(page, `item-${sec.kind}`, found);
      }
      await page.locator('#next').tap();
    }
    // Jump to the end and review (the rest stays unanswered): reaching the review sends
    // the batch; then the server holds exactly what was given. Finish.
    if (!(await page.$('#finish-section'))) {
      await page.locator('.jump summary').tap();
      await page.locator('.jump-grid button').last().tap();
      await page.locator('#next').tap();
    }
    await page.waitForSelector('#finish-section');
    await waitSaved(page);
    const { saved } = await savedOnServer(env.srv.url, page, sec.number);
    assert.deepEqual(saved, expected, `stored answers of the ${sec.kind} part equal what was given`);
    await page.locator('#finish-section').tap();
    await page.waitForSelector(sec.number < sections.length ? '#start-section' : '#complete');
  }
  assert.deepEqual(found, [], 'axe violations on item screens');
  assert.deepEqual(realProblems(page), []);
  await context.close();
});

// The notice before Start on one phone screen (390×844), in both languages and in dark
// mode; the times a candidate is told are the assessment's real limits × their extra
// time; a finished invite says so; a laptop at 200% zoom (720×450 CSS px) keeps the page
// free of a sticky header.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './lib/suite.js';
import { newPage, PHONE, axe, shot, realProblems } from './lib/browser.js';
import { client, completeViaAPI, valueFor } from './lib/api.js';

const env = useServerAndBrowser();

/** An assessment whose first timed part is cut to 60 s, and one invite with 1.5× time. */
async function timedInvite(lang, name) {
  const hr = client(env.srv.url, env.srv.key);
  const plain = await hr('POST', '/v1/assessments', { roleId: 'sales-back-office', lang });
  const timed = plain.config.sections.find((s) => s.timeLimitSeconds);
  assert.ok(timed, 'Sales Back Office has a timed part');
  const a = await hr('POST', '/v1/assessments', { roleId: 'sales-back-office', lang, timeLimits: { [timed.instrument]: 60 } });
  const res = await hr('POST', `/v1/assessments/${a.id}/invites`, { candidates: [{ name, extraTime: 1.5 }] });
  return { assessment: a, timed, link: res.invited[0].link };
}

test('phone: the notice fits 844 px in both languages, the full text is one tap away, times are real', async () => {
  for (const lang of ['en', 'es']) {
    const { link } = await timedInvite(lang, `Nora ${lang}`);
    for (const scheme of ['light', 'dark']) {
      const ctx = await env.browser.newContext({ ...PHONE, colorScheme: scheme });
      const page = await newPage(ctx);
      await page.goto(link);
      await page.waitForSelector('#start');
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      // Summary, checkbox, Start and the notice version all within the first screen.
      const box = await page.evaluate(() => {
        const r = (id) => document.getElementById(id).getBoundingClientRect();
        const sum = r('notice-summary');
        return {
          summaryTop: sum.top, summary: sum.bottom, full: r('notice-full').bottom, ack: r('ack').bottom,
          start: r('start').bottom, startTop: r('start').top, version: r('notice-version').bottom, vh: innerHeight,
        };
      });
      assert.equal(box.vh, 844);
      assert.ok(box.summaryTop >= 0 && box.summary > box.summaryTop, `[${lang} ${scheme}] the summary is on screen: ${JSON.stringify(box)}`);
      assert.ok([box.summary, box.full, box.ack, box.start, box.version].every((b) => b <= 844) && box.startTop >= 0,
        `[${lang} ${scheme}] summary, "read the full notice", checkbox, Start and version fit one screen: ${JSON.stringify(box)}`);
      console.log(`[${lang} ${scheme}] notice on a 390×844 phone: Start ends at ${Math.round(box.start)} px, the version at ${Math.round(box.version)} px`);
      // The real limit: 60 s × 1.5 = 90 s, said as such (not "16 minutes", not "1 min").
      const full = page.locator('#notice-full');
      assert.equal(await full.evaluate((d) => d.open), false, 'the full notice starts closed');
      assert.match(await page.textContent('#notice-parts'), lang === 'es' ? /Con tiempo: 1 min 30 s/ : /Timed: 1 min 30 s/);
      assert.match(await page.textContent('#notice-extra'), /50/);
      const v = await axe(page);
      assert.deepEqual(v, [], `[${lang} ${scheme}] axe on the notice: ${JSON.stringify(v, null, 1)}`);
      await shot(page, `notice-phone-${lang}-${scheme}`);
      await page.locator('#notice-full > summary').tap();
      assert.equal(await full.evaluate((d) => d.open), true);
      assert.ok(await page.isVisible('#org-notice'), 'the organisation\'s own notice is inside');
      assert.deepEqual(await axe(page), [], `[${lang} ${scheme}] axe on the opened notice`);
      await shot(page, `notice-phone-${lang}-${scheme}-full`);
      assert.deepEqual(realProblems(page), []);
      await ctx.close();
    }
  }
});

test('phone: the introduction of the shortened part says its real time with extra time', async () => {
  const { link } = await timedInvite('en', 'Ines Intro');
  const ctx = await env.browser.newContext(PHONE);
  const page = await newPage(ctx);
  await page.goto(link);
  await page.waitForSelector('#start');
  await page.locator('label[for=ack]').tap();
  await page.locator('#start').tap();
  await page.waitForSelector('ol.steps');
  assert.match(await page.textContent('ol.steps'), /1 min 30 s/, 'the overview lists the timed part at 90 s');
  await shot(page, 'notice-overview-extra-time');
  await ctx.close();
});

test('a finished invite opened again says it is finished, never "already started"', async () => {
  const { link } = await timedInvite('es', 'Fina Fin');
  await completeViaAPI(env.srv.url, link);
  for (const lang of ['es', 'en']) {
    const ctx = await env.browser.newContext({ ...PHONE, locale: lang });
    const page = await newPage(ctx);
    await page.addInitScript((l) => localStorage.setItem('shortlist.lang', l), lang);
    await page.goto(link);
    await page.waitForSelector('#problem');
    assert.match(await page.textContent('#problem'), lang === 'es' ? /Ya terminaste/ : /You have finished/);
    assert.equal(await page.$('#start'), null, 'no Start, no notice');
    assert.equal(await page.$('#ack'), null);
    assert.deepEqual(await axe(page), []);
    await shot(page, `notice-finished-${lang}`);
    await ctx.close();
  }
});

test('laptop at 200% zoom (720×450): the header scrolls away; only a slim timer bar stays', async () => {
  const { link } = await timedInvite('en', 'Zoe Zoom');
  const ctx = await env.browser.newContext({ viewport: { width: 720, height: 450 } });
  const page = await newPage(ctx);
  await page.goto(link);
  await page.waitForSelector('#start');
  await page.check('#ack');
  await page.click('#start');
  await page.waitForSelector('ol.steps');
  // The parts before the shortened timed one are taken through the API; a reload resumes.
  const me = client(env.srv.url, await page.evaluate(() => sessionStorage.getItem('shortlist.session')));
  const ss = await me('GET', '/v1/session');
  const timedNo = ss.sections.find((s) => s.timeLimitSeconds === 90).number;
  let seq = ss.nextSeq;
  for (const sec of ss.sections.slice(0, timedNo - 1)) {
    const opened = await me('POST', `/v1/session/sections/${sec.number}/start`);
    const answers = opened.content.items.map((it, i) => ({ item: it.id, value: valueFor(sec.kind, it, i, () => 3), ms: 1200 }));
    await me('PUT', '/v1/session/answers', { seq: seq++, section: sec.number, answers, events: [] });
    await me('POST', `/v1/session/sections/${sec.number}/finish`);
  }
  await page.reload();
  await page.waitForSelector('ol.steps');
  await page.locator('#main .actions button').last().click();
  await page.waitForSelector('#start-section');
  assert.match(await page.textContent('#main'), /1 min 30 s/, 'the introduction says the real limit');
  await page.click('#start-section');
  await page.waitForSelector('#timer');
  await page.evaluate(() => window.scrollTo(0, 400));
  const m = await page.evaluate(() => {
    const top = document.querySelector('.topbar').getBoundingClientRect();
    const bar = document.getElementById('status-line').getBoundingClientRect();
    return { headerVisible: Math.max(0, Math.min(top.bottom, innerHeight) - Math.max(top.top, 0)), bar: bar.height, barBottom: bar.bottom, vh: innerHeight };
  });
  assert.equal(m.vh, 450);
  assert.ok(m.headerVisible + m.bar <= 0.1 * m.vh, `what stays fixed on screen is at most 10% of it: ${JSON.stringify(m)}`);
  assert.ok(await page.isVisible('#timer'), 'the timer stays in view');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'zoom200-timed-part');
  await ctx.close();
});

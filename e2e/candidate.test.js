// Candidate journeys in a real browser (Debian chromium through playwright-core):
//  1. a phone (390×844, touch) completes a whole seed-role assessment, with touch-sized
//     targets, a reload mid-way through the timed section (timer intact, the unsent
//     answers back from the device), every stored answer equal to what was tapped, one
//     autosave batch per part (sent at the review screen) and no finish request at all;
//  2. the network drops for 20 s during autosave and every answer still arrives;
//  3. finishing a part is lazy: no request, the next Start closes it on the server, a
//     reload never shows it again, and leaving between parts (hidden, closed, or the next
//     load) sends the finish;
//  4. the same kind of journey, keyboard only, with a visible focus ring.
// After completion the candidate is offered the voluntary self-identification, including
// the organisation's own group question (its label set by HR through the API): the phone
// candidate answers it after a reload mid-way (the label read again from the preview;
// stored apart, read back through HR's export), the keyboard candidate sees it in Spanish
// and skips everything with one key press (nothing stored).
// 5. "Preview as candidate" (/take/#preview=…, as the builder opens it): the employer's
//    name, the notice, the overview and each part's introduction with the real limit ×
//    extra time and the practice item, "Preview — nothing is saved" on every screen, axe
//    clean in both languages, light and dark; no request that writes, nothing stored.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './lib/suite.js';
import { newPage, shot, smallTargets, realProblems, axeBothLanguages, PHONE } from './lib/browser.js';
import { client, assessmentWithInvites, setGroupField } from './lib/api.js';
import {
  answerByPointer, answerByKeyboard, tabTo, focusVisible, sessionToken, waitSaved,
  savedOnServer, timerSeconds, currentItem,
} from './lib/candidate.js';

const GROUP = { es: 'Región donde vives', en: 'Region where you live' };
// The organisation's own self-identification question, as HR sets it.
const env = useServerAndBrowser(async () => {
  const org = await setGroupField(env.srv.url, env.srv.key, GROUP);
  assert.deepEqual(org.groupField, GROUP);
});

async function noSmallTargets(page, where) {
  const small = await smallTargets(page);
  assert.deepEqual(small, [], `targets under 44 px on ${where}`);
}

async function candidateStatus(assessmentId, name) {
  const hr = client(env.srv.url, env.srv.key);
  const res = await hr('GET', `/v1/assessments/${assessmentId}/candidates`);
  return res.candidates.find((c) => c.name === name);
}

test('phone: a whole Sales Back Office assessment by touch, reload in the timed part, no answer lost', async () => {
  const { assessment, invited } = await assessmentWithInvites(env.srv.url, env.srv.key, 'sales-back-office', ['Paula Phone']);
  const context = await env.browser.newContext(PHONE);
  const page = await newPage(context);
  // Every autosave batch and finish the app sends (each one a DynamoDB write).
  const puts = [];
  const finishes = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && r.url().endsWith('/v1/session/answers')) puts.push(JSON.parse(r.postData()).section);
    if (/\/v1\/session\/sections\/\d+\/finish$/.test(r.url())) finishes.push(r.url());
  });
  const link = invited[0].link;
  assert.match(link, /\/take\/#sli_/);

  // The invite opens from the fragment, which leaves the address bar at once.
  await page.goto(link);
  await page.waitForSelector('#start');
  assert.ok(!page.url().includes('#'), `the token is gone from the address bar: ${page.url()}`);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('shortlist.invite')), link.split('#')[1]);
  await noSmallTargets(page, 'notice');
  await shot(page, 'phone-01-notice');

  // Start needs the acknowledgement.
  await page.locator('#start').tap();
  await page.waitForSelector('#ack-error');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'ack');
  await page.locator('label[for=ack]').tap();
  await page.locator('#start').tap();
  await page.waitForSelector('ol.steps');
  await noSmallTargets(page, 'overview');
  await shot(page, 'phone-02-overview');

  const ss = await client(env.srv.url, await sessionToken(page))('GET', '/v1/session');
  const sections = ss.sections;
  assert.equal(sections.length, 5);
  let reloaded = false;

  for (const sec of sections) {
    // Overview (first part) or the previous part's end → the introduction, with practice.
    if (!(await page.$('#start-section'))) await page.locator('#main .actions button').last().tap();
    await page.waitForSelector('#start-section');
    if (sec.number === 1 || sec.kind === 'datavalidation') {
      await noSmallTargets(page, `intro of part ${sec.number}`);
      await shot(page, `phone-03-intro-${sec.kind}`);
      await page.locator('#practice-check').tap();
      await page.waitForSelector('.practice-feedback .note');
    }
    await page.locator('#start-section').tap();
    await page.waitForSelector('#q-heading');
    if (sec.timeLimitSeconds) {
      await page.waitForSelector('#timer');
    }
    if (sec.number > 1) {
      // Starting this part closed the previous one on the server (the app never sent its finish).
      const now = (await client(env.srv.url, await sessionToken(page))('GET', '/v1/session')).sections;
      assert.deepEqual([now[sec.number - 2].state, now[sec.number - 1].state], ['closed', 'open'], `Start part ${sec.number} closes part ${sec.number - 1}`);
    }

    const expected = {};
    let reloadedHere = false;
    for (let i = 0; i < sec.items; i++) {
      const { item, value } = await answerByPointer(page, sec.kind, i, 'tap');
      expected[item] = value;
      if (i === 0) {
        await noSmallTargets(page, `a ${sec.kind} question`);
        await shot(page, `phone-04-item-${sec.kind}`);
      }
      if (sec.timeLimitSeconds && i === 4 && !reloaded) {
        // Reload mid-section: the timer continues from the server's deadline, the same
        // question comes back with its answer, and nothing typed is lost. The answers have
        // not been sent yet (a batch waits for 20 answers, a timer of minutes or the
        // review): they come back from this device.
        assert.equal(await page.getAttribute('#save-state', 'data-state'), 'pending');
        // At least 8 s into the part, so a timer that restarted from the full limit would
        // show: a fast run can reach this question in under that.
        const elapsed = sec.timeLimitSeconds - (await timerSeconds(page));
        if (elapsed < 8) await page.waitForTimeout((8 - elapsed) * 1000);
        const before = await timerSeconds(page);
        const server = await savedOnServer(env.srv.url, page, sec.number);
        assert.deepEqual(server.saved, {}, 'no batch sent before the reload');
        assert.ok(Math.abs(before - server.section.remainingSeconds) <= 3, `timer ${before}s vs server ${server.section.remainingSeconds}s`);
        await page.reload();
        await page.waitForSelector('#timer');
        await page.waitForSelector('.item[data-item]');
        const afterReload = await timerSeconds(page);
        assert.ok(afterReload <= before && afterReload >= before - 10, `timer after reload ${afterReload}s, before ${before}s`);
        assert.ok(afterReload < sec.timeLimitSeconds - 5, 'the timer did not restart');
        assert.equal(await currentItem(page), item, 'the same question is shown after the reload');
        const [key, text] = Object.entries(value.cells)[0];
        assert.equal(await page.inputValue(`.item input[data-cell="${key}"]`), text);
        assert.equal(await page.inputValue('.item .dv-total'), String(value.total));
        await shot(page, 'phone-05-after-reload');
        reloaded = true;
        reloadedHere = true;
      }
      await page.locator('#next').tap();
    }

    // Review screen: reaching it sends the batch; before finishing, the server holds
    // exactly what was tapped. A part of up to 20 questions is one batch (the reloaded one
    // also sends what was cut when the page was hidden, and again after the reload).
    await page.waitForSelector('#finish-section');
    await waitSaved(page);
    const { saved } = await savedOnServer(env.srv.url, page, sec.number);
    assert.deepEqual(saved, expected, `stored answers of part ${sec.number} equal the taps`);
    const batches = puts.filter((n) => n === sec.number).length;
    const most = Math.ceil(sec.items / 20) + (reloadedHere ? 2 : 0);
    assert.ok(batches >= 1 && batches <= most, `part ${sec.number} (${sec.items} questions) took ${batches} autosave batches, at most ${most}`);
    await noSmallTargets(page, 'review');
    if (sec.number === 1) await shot(page, 'phone-06-review');
    await page.locator('#finish-section').tap();
    await page.waitForSelector(sec.number < sections.length ? '#start-section' : '#complete');
    if (sec.number < sections.length) {
      // The next part's introduction, with no request: the server still has this part open.
      assert.match(await page.textContent('h1'), new RegExp(`^Part ${sec.number + 1} of`));
      const now = (await client(env.srv.url, await sessionToken(page))('GET', '/v1/session')).sections;
      assert.equal(now[sec.number - 1].state, 'open', `part ${sec.number} is closed by the next Start, not by a request of its own`);
    }
  }
  assert.ok(reloaded, 'the timed part was reloaded');
  assert.deepEqual(finishes, [], 'no finish request: Start and completion close the parts');

  await shot(page, 'phone-07-all-parts-done');
  await page.locator('#complete').tap();
  await page.waitForSelector('text=/complete/i');
  const st = await candidateStatus(assessment.id, 'Paula Phone');
  assert.ok(['completed', 'scored'].includes(st.status), `status ${st.status}`);

  // Voluntary self-identification, after completion: optional, explained, stored apart.
  await page.waitForSelector('#sid-form');
  assert.match(await page.textContent('#selfid'), /voluntary/);
  assert.match(await page.textContent('#selfid'), /never read by scoring/);
  await noSmallTargets(page, 'self-identification');
  await shot(page, 'phone-08-done');
  await page.locator('#sid-gender label.option:has-text("Woman")').tap();
  await page.locator('#sid-ageBand label.option:has-text("25 to 34")').tap();
  // The organisation's own question, labelled in the interface language, free text,
  // optional (leaving it empty is said to be fine).
  assert.equal(await page.textContent('label[for=sid-group-input]'), `${GROUP.en} (optional)`);
  assert.match(await page.textContent('#sid-group-hint'), /Leaving it empty is fine/);
  assert.equal(await page.getAttribute('#sid-group-input', 'maxlength'), '60');
  await page.locator('#sid-group-input').tap();
  await page.locator('#sid-group-input').fill('  Norte grande  ');
  await page.locator('#sid-send').tap();
  await page.waitForSelector('#sid-done');
  await shot(page, 'phone-09-self-id-sent');
  const hr = client(env.srv.url, env.srv.key);
  const exported = await hr('GET', `/v1/candidates/${invited[0].candidateId}/export`);
  assert.deepEqual(exported.selfIdentification, { gender: 'woman', ageBand: '25-34', group: 'Norte grande' });
  // Asked once: a reload shows the completion page without the questions.
  await page.reload();
  await page.waitForSelector('#feedback');
  assert.equal(await page.$('#sid-form'), null);
  assert.deepEqual(realProblems(page), []);
  await context.close();
});

test('offline for 20 s during autosave: every answer still arrives', async () => {
  const { invited } = await assessmentWithInvites(env.srv.url, env.srv.key, 'ecommerce-customer-support', ['Omar Offline']);
  const context = await env.browser.newContext(PHONE);
  const page = await newPage(context);
  await page.goto(invited[0].link);
  await page.locator('label[for=ack]').tap();
  await page.locator('#start').tap();
  await page.locator('#main .actions button').last().tap();
  await page.locator('#start-section').tap();
  await page.waitForSelector('#q-heading');

  const expected = {};
  const answer = async (i) => {
    const { item, value } = await answerByPointer(page, 'likert', i, 'tap');
    expected[item] = value;
    await page.locator('#next').tap();
  };
  for (let i = 0; i < 5; i++) await answer(i);
  // Kept on the device, not sent yet: a batch waits for 20 answers, a timer of minutes
  // or the review.
  assert.equal(await page.getAttribute('#save-state', 'data-state'), 'pending');
  assert.deepEqual((await savedOnServer(env.srv.url, page, 1)).saved, {}, 'nothing sent before the review');

  // Drop the network, answer the other five: the review screen sends the batch, offline.
  await context.setOffline(true);
  const offlineAt = Date.now();
  for (let i = 5; i < 10; i++) {
    await answer(i);
    await page.waitForTimeout(1500);
  }
  await page.waitForSelector('#finish-section');
  await page.waitForSelector('#save-state[data-state="offline"]');
  const shown = await page.textContent('#save-state');
  assert.match(shown, /^Offline: answers kept on this device/);
  await shot(page, 'offline-01-review-while-offline');
  // The unsent answers are in localStorage: they survive a closed tab.
  const stored = await page.evaluate(() => {
    const k = Object.keys(localStorage).find((x) => x.startsWith('shortlist.answers.'));
    const s = JSON.parse(localStorage.getItem(k));
    const items = new Set();
    for (const b of s.queue) for (const a of b.answers) items.add(a.item);
    for (const p of Object.values(s.pending)) for (const it of Object.keys(p)) items.add(it);
    return [...items];
  });
  assert.equal(stored.length, 10, `answers kept on the device while offline: ${stored.length}`);
  await page.waitForTimeout(Math.max(0, 20000 - (Date.now() - offlineAt)));
  await context.setOffline(false);

  await waitSaved(page, 30000);
  const { saved } = await savedOnServer(env.srv.url, page, 1);
  assert.deepEqual(saved, expected, 'all ten answers arrived after the outage');
  await shot(page, 'offline-02-saved-again');
  await page.locator('#finish-section').tap();
  await page.waitForSelector('#start-section');
  assert.deepEqual(realProblems(page), []);
  await context.close();
});

/** Records every fetch the app makes (URL, method, keepalive) in window.__fetches. */
function spyOnFetch() {
  window.__fetches = [];
  const real = window.fetch;
  window.fetch = (url, init = {}) => {
    window.__fetches.push({ url: String(url), method: init.method || 'GET', keepalive: !!init.keepalive });
    return real(url, init);
  };
}

const FINISH = /\/v1\/session\/sections\/(\d+)\/finish$/;

async function finishesSent(page) {
  return page.evaluate((src) => window.__fetches.filter((f) => new RegExp(src).test(f.url)), FINISH.source);
}

/** Make the page hidden (as when the phone locks or the candidate switches apps). */
async function hide(page) {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
}

async function eventually(what, fn, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`not within ${timeout} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('finishing a part sends nothing; the next Start closes it; leaving between parts sends the finish', async () => {
  const { invited } = await assessmentWithInvites(env.srv.url, env.srv.key, 'ecommerce-customer-support', ['Lena Lazy']);
  const context = await env.browser.newContext(PHONE);
  await context.addInitScript(spyOnFetch);
  let page = await newPage(context);
  const finishRequests = [];
  page.on('request', (r) => { if (FINISH.test(r.url())) finishRequests.push(r.url()); });
  await page.goto(invited[0].link);
  await page.locator('label[for=ack]').tap();
  await page.locator('#start').tap();
  await page.waitForSelector('ol.steps');
  let me = client(env.srv.url, await sessionToken(page));
  const states = async () => (await me('GET', '/v1/session')).sections.map((s) => s.state);
  const marker = () => page.evaluate(() => {
    const k = Object.keys(localStorage).find((x) => x.startsWith('shortlist.finished.'));
    return k ? localStorage.getItem(k) : null;
  });

  // From a question: jump to the review, (wait for the save,) finish; part `next`'s
  // introduction shows.
  const finishPart = async (next, { saved = false } = {}) => {
    await page.locator('.jump summary').tap();
    await page.locator('.jump-grid button').last().tap();
    await page.locator('#next').tap();
    await page.waitForSelector('#finish-section');
    if (saved) await waitSaved(page);
    await page.locator('#finish-section').tap();
    await page.waitForFunction((n) => document.querySelector('h1')?.textContent.startsWith(`Part ${n} of`), next);
  };

  // Part n: one answer, jump to the review, finish; the next part's introduction shows.
  const takePart = async (n) => {
    if (!(await page.$('#start-section'))) await page.locator('#main .actions button').last().tap();
    await page.waitForSelector('#start-section');
    await page.locator('#start-section').tap();
    await page.waitForSelector('#q-heading');
    assert.match(await page.textContent('h1'), new RegExp(`^Part ${n} of`));
    await answerByPointer(page, 'likert', 0, 'tap');
    await finishPart(n + 1, { saved: true });
    await page.waitForSelector('#start-section');
  };

  // 1. Finishing part 1 makes no request: the server still has it open, this device
  //    remembers it finished; starting part 2 closes it.
  await takePart(1);
  assert.deepEqual(finishRequests, [], 'no request to /finish when finishing a part');
  assert.deepEqual((await states()).slice(0, 2), ['open', 'pending']);
  assert.equal(await marker(), '1');
  await page.locator('#start-section').tap();
  await page.waitForSelector('#q-heading');
  assert.match(await page.textContent('h1'), /^Part 2 of/);
  assert.deepEqual((await states()).slice(0, 2), ['closed', 'open'], 'Start part 2 closed part 1');
  assert.deepEqual(finishRequests, [], 'still no request to /finish');
  assert.equal(await marker(), null, 'forgotten once the server has it closed');

  // 2. A reload between parts never shows the finished part again, even when its finish
  //    cannot reach the server.
  await finishPart(3);
  await page.route(FINISH, (r) => r.abort());
  await page.reload();
  await page.waitForSelector('ol.steps');
  assert.equal(await page.$('#q-heading'), null, 'part 2 is not shown again');
  assert.match(await page.textContent('#main .actions button'), /part 3/);
  await page.unroute(FINISH);
  await page.locator('#main .actions button').tap();
  await page.waitForSelector('#start-section');
  await page.locator('#start-section').tap();
  await page.waitForSelector('#q-heading');
  assert.deepEqual((await states()).slice(0, 3), ['closed', 'closed', 'open']);

  // 3. Finish part 3, then the tab closes while offline (the finish cannot go): the next
  //    load on this device sends it, as a normal request, and shows the overview.
  await finishPart(4, { saved: true });
  await context.setOffline(true);
  await page.close();
  await context.setOffline(false);
  assert.equal((await states())[2], 'open', 'the finish did not reach the server while offline');
  page = await newPage(context);
  await page.goto(invited[0].link);
  await page.locator('label[for=ack]').tap();
  await page.locator('#start').tap();
  await page.waitForSelector('ol.steps');
  me = client(env.srv.url, await sessionToken(page));
  assert.deepEqual((await states()).slice(0, 4), ['closed', 'closed', 'closed', 'pending']);
  assert.deepEqual((await finishesSent(page)).map((f) => [f.method, f.url.match(FINISH)[1], f.keepalive]), [['POST', '3', false]]);
  assert.equal(await page.$('#q-heading'), null, 'part 3 is not shown again');
  assert.match(await page.textContent('#main .actions button'), /part 4/);
  assert.equal(await marker(), null);

  // 4. Finish part 4, then the page is hidden: the finish goes with keepalive.
  await takePart(4);
  assert.equal((await states())[3], 'open');
  await hide(page);
  await eventually('part 4 closed on the server after the page was hidden', async () => (await states())[3] === 'closed');
  assert.deepEqual((await finishesSent(page)).filter((f) => f.url.endsWith('/4/finish')).map((f) => [f.method, f.keepalive]), [['POST', true]]);
  await eventually('the device forgets part 4 once the server has it closed', async () => (await marker()) === null);
  await page.evaluate(() => { delete document.visibilityState; document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); });

  // 5. Finish part 5, then the tab is closed: the finish still reaches the server.
  await takePart(5);
  assert.equal((await states())[4], 'open');
  await page.close();
  await eventually('part 5 closed on the server after the tab was closed', async () => (await states())[4] === 'closed');
  assert.deepEqual((await states()).slice(4), ['closed', 'pending']);
  await context.close();
});

test('keyboard only: a whole E-commerce Customer Support assessment', async () => {
  const { assessment, invited } = await assessmentWithInvites(env.srv.url, env.srv.key, 'ecommerce-customer-support', ['Kim Keys'], { lang: 'es' });
  const context = await env.browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await newPage(context);
  await page.goto(invited[0].link);
  await page.waitForSelector('#start');
  // Focus starts on the page heading; the skip link is the first stop before it and
  // moves focus to the content.
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  await tabTo(page, '#skip', { back: true });
  assert.ok(await focusVisible(page), 'the skip link shows focus');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await tabTo(page, '#ack');
  assert.ok(await focusVisible(page), 'the checkbox shows focus');
  await page.keyboard.press('Space');
  await tabTo(page, '#start');
  assert.ok(await focusVisible(page), 'Start shows focus');
  await page.keyboard.press('Enter');
  await page.waitForSelector('ol.steps');
  // The assessment is in Spanish: the interface follows it.
  assert.equal(await page.getAttribute('html', 'lang'), 'es');

  const me = client(env.srv.url, await sessionToken(page));
  const sections = (await me('GET', '/v1/session')).sections;
  for (const sec of sections) {
    if (!(await page.$('#start-section'))) {
      await tabTo(page, '#main .actions button');
      await page.keyboard.press('Enter');
    }
    await page.waitForSelector('#start-section');
    if (sec.number === 1 || sec.kind === 'disc') {
      // The practice question works from the keyboard too.
      await tabTo(page, '#practice-h ~ * input[type=radio], .card input[type=radio]');
      await page.keyboard.press('Space');
      if (sec.kind === 'disc') {
        await tabTo(page, '.card fieldset:nth-of-type(2) input[type=radio]');
        await page.keyboard.press('Space');
      }
      await tabTo(page, '#practice-check');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.practice-feedback .note');
    }
    await tabTo(page, '#start-section');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#q-heading');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q-heading', 'focus moves to the question');

    const expected = {};
    for (let i = 0; i < sec.items; i++) {
      const { item, value } = await answerByKeyboard(page, sec.kind, i);
      expected[item] = value;
      await tabTo(page, '#next');
      await page.keyboard.press('Enter');
      if (i < sec.items - 1) {
        await page.waitForFunction((prev) => document.querySelector('.item')?.dataset.item !== prev, item);
      }
    }
    await page.waitForSelector('#finish-section');
    await waitSaved(page);
    const { saved } = await savedOnServer(env.srv.url, page, sec.number);
    assert.deepEqual(saved, expected, `stored answers of part ${sec.number} equal the keys pressed`);
    await tabTo(page, '#finish-section');
    await page.keyboard.press('Enter');
    await page.waitForSelector(sec.number < sections.length ? '#start-section' : '#complete');
  }
  await tabTo(page, '#complete');
  await page.keyboard.press('Enter');
  await page.waitForSelector('text=/completa/i');
  await shot(page, 'keyboard-done-es');
  const st = await candidateStatus(assessment.id, 'Kim Keys');
  assert.ok(['completed', 'scored'].includes(st.status), `status ${st.status}`);
  // The organisation's question is in Spanish too; skipping the voluntary questions is
  // one key press, and nothing is stored.
  await page.waitForSelector('#sid-group-input');
  assert.equal(await page.textContent('label[for=sid-group-input]'), `${GROUP.es} (opcional)`);
  await tabTo(page, '#sid-skip');
  assert.ok(await focusVisible(page), 'the skip button shows focus');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#sid-done');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sid-done');
  const exported = await client(env.srv.url, env.srv.key)('GET', `/v1/candidates/${invited[0].candidateId}/export`);
  assert.equal(exported.selfIdentification, undefined);
  assert.deepEqual(realProblems(page), []);
  await context.close();
});

/** The preview URL the builder opens: /take/#preview=<base64url of the JSON spec>. */
function previewURL(spec) {
  return `${env.srv.url}/take/#preview=${Buffer.from(JSON.stringify(spec), 'utf8').toString('base64url')}`;
}

test('preview as candidate: notice, parts with their real times, practice; nothing written, nothing stored', async () => {
  const anon = client(env.srv.url);
  const role = await anon('GET', '/v1/catalog/roles/sales-back-office');
  const dv = role.mix.find((m) => m.instrument.kind === 'datavalidation').instrument;
  const first = role.mix.find((m) => m.instrument.id !== dv.id).instrument;
  const spec = {
    lang: 'en', name: 'Back office, spring intake', orgName: 'Acme Hiring', accentColor: '#0b6e4f', retentionDays: 90,
    sections: [{ instrument: first.id }, { instrument: dv.id, seconds: 60 }], extraTime: 1.5,
  };
  const context = await env.browser.newContext(PHONE);
  const page = await newPage(context);
  const requests = [];
  page.on('request', (r) => requests.push({ method: r.method(), path: new URL(r.url()).pathname }));
  const found = [];
  await page.goto(previewURL(spec));
  await page.waitForSelector('#start');
  const banner = async () => assert.equal((await page.textContent('#preview-banner')).trim(), 'Preview — nothing is saved');
  await banner();
  assert.equal((await page.textContent('#brand')).trim(), 'Acme Hiring');
  assert.match(await page.textContent('#notice-lead'), /Acme Hiring invites you to the assessment “Back office, spring intake”/);
  // The real limit of the shortened part with 1.5× extra time: 60 s × 1.5 = 1 min 30 s.
  assert.match(await page.textContent('#notice-parts'), /Timed: 1 min 30 s/);
  assert.match(await page.textContent('#notice-extra'), /50%/);
  assert.match(await page.textContent('#notice-keep'), /90 days/);
  const fits = await page.evaluate(() => ['notice-summary', 'ack', 'start'].map((id) => document.getElementById(id).getBoundingClientRect().bottom));
  assert.ok(fits.every((b) => b <= 844), `the previewed notice fits one phone screen: ${fits}`);
  await axeBothLanguages(page, 'preview-notice', found);
  await shot(page, 'preview-01-notice');
  // Start still asks for the acknowledgement, then shows the overview: nothing started.
  await page.locator('#start').tap();
  await page.waitForSelector('#ack-error');
  await page.locator('label[for=ack]').tap();
  await page.locator('#start').tap();
  await page.waitForSelector('ol.steps');
  await banner();
  assert.match(await page.textContent('ol.steps'), /1 min 30 s/);
  await axeBothLanguages(page, 'preview-overview', found);
  await page.locator('#preview-next').tap();
  await page.waitForSelector('#preview-next-part');
  assert.match(await page.textContent('h1'), /^Part 1 of 2: /);
  await banner();
  await page.locator('#preview-next-part').tap();
  await page.waitForSelector('#preview-next');
  await page.locator('#preview-next').tap();
  await page.waitForSelector('#preview-next-part');
  // The data-validation part's introduction: its real time and the practice task, checked here.
  assert.match(await page.textContent('h1'), /^Part 2 of 2: /);
  assert.match(await page.textContent('#intro-time'), /1 min 30 s/);
  assert.equal(await page.$('#start-section'), null, 'no Start of a real part');
  assert.match(await page.textContent('#preview-clock'), /nothing starts and nothing is saved/);
  const cell = page.locator('.card.practice input[data-cell="1:amount"]');
  await cell.tap();
  await cell.fill('2300');
  await page.locator('.card.practice .dv-total').fill('3800');
  await page.locator('#practice-check').tap();
  await page.waitForSelector('#practice-fb-1 .note.ok');
  await axeBothLanguages(page, 'preview-intro-datavalidation', found);
  await shot(page, 'preview-02-intro-dv');
  await page.locator('#preview-next-part').tap();
  await page.waitForSelector('#preview-end');
  await banner();
  await shot(page, 'preview-03-end');

  const writes = requests.filter((r) => !['GET', 'HEAD'].includes(r.method));
  assert.deepEqual(writes, [], 'the preview sends no request that writes');
  const api = requests.filter((r) => r.path.startsWith('/v1/')).map((r) => r.path);
  assert.ok(api.length > 0 && api.every((p) => p.startsWith('/v1/catalog/')), `only the public catalog is read: ${api}`);
  const kept = await page.evaluate(() => [...Object.keys(sessionStorage), ...Object.keys(localStorage).filter((k) => k !== 'shortlist.lang')]);
  assert.deepEqual(kept, [], 'nothing kept in the browser but the language chosen');
  assert.deepEqual(found, [], `axe: ${JSON.stringify(found, null, 1)}`);
  assert.deepEqual(realProblems(page), []);

  // A payload that is not the builder's says so, and reads nothing.
  const bad = await newPage(context);
  const badRequests = [];
  bad.on('request', (r) => badRequests.push(new URL(r.url()).pathname));
  await bad.goto(`${env.srv.url}/take/#preview=bm90IGpzb24`);
  await bad.waitForSelector('h1');
  assert.match(await bad.textContent('h1'), /preview link does not work/);
  assert.equal(badRequests.filter((p) => p.startsWith('/v1/')).length, 0);
  await context.close();
});

// The HR console in a real browser: sign in with the demo organisation's API key, find
// "E-commerce Customer Support" in the catalog, build an assessment from its mix, invite
// by CSV upload, copy a link, watch a candidate complete, then open the ranking and
// download a report through its signed link (or see "not available yet" where the
// server has no such endpoint yet).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.js';
import { launch, newPage, shot, realProblems } from './lib/browser.js';
import { client, completeViaAPI } from './lib/api.js';

let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('HR: build from E-commerce Customer Support, invite by CSV, watch completion, ranking and report', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.url });
  const page = await newPage(context);

  // Sign in: a malformed key is refused before any request, a wrong one by the server.
  await page.goto(`${srv.url}/`);
  await page.waitForSelector('#apikey');
  await shot(page, 'hr-01-signin');
  await page.fill('#apikey', 'slk_nope');
  await page.click('#signin');
  await page.waitForSelector('#apikey-err');
  await page.fill('#apikey', `slk_${'A'.repeat(43)}`);
  await page.click('#signin');
  await page.waitForSelector('#apikey-err:has-text("not accepted")');
  await page.fill('#apikey', srv.key);
  await page.click('#signin');
  await page.waitForSelector('h1:has-text("Assessments")');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('shortlist.hrkey')), srv.key);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => localStorage.getItem(k)?.includes('slk_')).length), 0, 'the key is never in localStorage');
  await shot(page, 'hr-02-assessments');

  // Catalog → industry → role.
  await page.click('.console-nav a[href="#/catalog"]');
  await page.waitForSelector('h1:has-text("Role catalog")');
  await page.click('.tabs a:has-text("E-commerce")');
  await page.waitForSelector('a:has-text("E-commerce Customer Support")');
  await shot(page, 'hr-03-catalog');
  await page.click('a:has-text("E-commerce Customer Support")');
  await page.waitForSelector('#build');
  await shot(page, 'hr-04-role');
  const role = await client(srv.url)('GET', '/v1/catalog/roles/ecommerce-customer-support?lang=en');
  for (const m of role.mix) assert.ok(await page.isVisible(`text=${m.instrument.name}`), `the mix shows ${m.instrument.name}`);

  // Builder: the role's mix, one test dropped, one time limit, one minimum, Spanish.
  await page.click('#build');
  await page.waitForSelector('#create');
  const fullEstimate = await page.textContent('#estimate');
  assert.match(fullEstimate, new RegExp(`${role.minutes} minutes`));
  await page.fill('#a-name', 'Soporte e-commerce, marzo');
  await page.selectOption('#a-lang', 'es');
  const dropped = role.mix.find((m) => m.instrument.id === 'resilience') || role.mix[3];
  await page.uncheck(`#inc-${dropped.instrument.id}`);
  assert.match(await page.textContent('#estimate'), new RegExp(`${role.minutes - dropped.instrument.minutes} minutes`));
  const first = role.mix[0].instrument.id;
  await page.fill(`#time-${first}`, '6');
  await page.fill(`#min-${first}`, '40');
  await shot(page, 'hr-05-builder');
  await page.click('#create');
  await page.waitForSelector('#csv-file');
  const assessmentId = decodeURIComponent(page.url().split('#/a/')[1].split('/')[0]);
  const hr = client(srv.url, srv.key);
  const a = await hr('GET', `/v1/assessments/${assessmentId}`);
  assert.equal(a.config.lang, 'es');
  assert.equal(a.config.name, 'Soporte e-commerce, marzo');
  assert.ok(!a.config.sections.some((s) => s.instrument === dropped.instrument.id), 'the dropped test is not in the assessment');
  const s1 = a.config.sections.find((s) => s.instrument === first);
  assert.equal(s1.timeLimitSeconds, 360);
  assert.equal(s1.minimum, 40);

  // Invite by CSV: three good rows and one bad one.
  const csv = 'name,email,externalId,extraTime\nAna Ruiz,ana@example.com,A-1,\nBruno Díaz,bruno@example.com,A-2,1.5\nCarla Soto,,A-3,\nBad Email,not-an-email,A-4,\n';
  await page.setInputFiles('#csv-file', { name: 'candidates.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.click('#csv-send');
  await page.waitForSelector('#invite-links');
  const links = await page.$$eval('#invite-links code.invite-link', (els) => els.map((e) => e.textContent));
  assert.equal(links.length, 3);
  for (const l of links) assert.match(l, /\/take\/#sli_/);
  assert.match(await page.textContent('#rejected'), /4/);
  await shot(page, 'hr-06-invited');
  await page.click('#invite-links button >> nth=0');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), links[0]);

  // A candidate completes (through the API), another starts; the console shows it.
  await completeViaAPI(srv.url, links[0]);
  await client(srv.url)('POST', '/v1/sessions', { inviteToken: links[1].split('#')[1], acknowledged: true, noticeVersion: '2026-11' });
  await page.click('.tabs a[href$="/candidates"]');
  await page.waitForSelector('#progress');
  await page.click('#refresh');
  await page.waitForSelector('#progress tr[data-status="completed"], #progress tr[data-status="scored"]');
  const statuses = await page.$$eval('#progress tbody tr', (rows) => rows.map((r) => r.dataset.status));
  assert.equal(statuses.length, 3);
  assert.ok(statuses.includes('started'));
  assert.ok(statuses.includes('invited'));
  await shot(page, 'hr-07-progress');

  // Ranking with bands and tie groups, the candidate's breakdown, statistics.
  await page.click('.tabs a[href$="/ranking"]');
  await page.waitForSelector('#tab-title:has-text("Ranking")');
  if (await page.$('#not-available')) {
    // The scoring endpoints are not on this server yet: the screens say so.
    await shot(page, 'hr-08-ranking-not-available');
  } else {
    // Scoring runs within seconds of completion.
    for (let i = 0; i < 20 && !(await page.$('#ranking a:has-text("Ana Ruiz")')); i++) {
      await page.waitForTimeout(500);
      await page.click('.tabs a[href$="/candidates"]');
      await page.waitForSelector('#progress');
      await page.click('.tabs a[href$="/ranking"]');
      await page.waitForSelector('#tab-title:has-text("Ranking")');
    }
    await page.waitForSelector('#ranking a:has-text("Ana Ruiz")');
    assert.match(await page.textContent('#ranking'), /to/, 'the ranking shows a band');
    await shot(page, 'hr-08-ranking');
    await page.click('#ranking a:has-text("Ana Ruiz")');
    await page.waitForSelector('#breakdown');
    assert.ok(await page.isVisible('h3:has-text("Areas to probe")'));
    await shot(page, 'hr-09-candidate');
  }
  await page.click('.tabs a[href$="/stats"]');
  await page.waitForSelector('#tab-title:has-text("statistics")');
  await shot(page, 'hr-10-statistics');

  // Reports: the cohort PDF through its short-lived signed link.
  await page.click('.tabs a[href$="/reports"]');
  await page.waitForSelector('#tab-title:has-text("Reports")');
  if (await page.$('#not-available')) {
    await shot(page, 'hr-11-reports-not-available');
  } else {
    await page.click('#report-cohort');
    const pdf = page.locator('table.reports button[data-kind="cohort"][data-format="pdf"]').first();
    await pdf.waitFor();
    await pdf.click();
    const link = page.locator('table.reports a.report-link').first();
    await link.waitFor();
    const url = await link.getAttribute('href');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /\.pdf$/);
    const res = await fetch(new URL(url, srv.url));
    assert.equal(res.status, 200);
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(body.subarray(0, 5).toString(), '%PDF-');
    // A tampered signature is refused.
    const bad = new URL(url, srv.url);
    const sig = bad.searchParams.get('X-Signature') || bad.searchParams.get('X-Amz-Signature');
    if (sig) {
      bad.searchParams.set(bad.searchParams.has('X-Signature') ? 'X-Signature' : 'X-Amz-Signature', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
      assert.notEqual((await fetch(bad)).status, 200, 'a link with a changed signature fails');
    }
    await shot(page, 'hr-11-reports');
  }

  // Signing out forgets the key.
  await page.click('#signout');
  await page.waitForSelector('#apikey');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('shortlist.hrkey')), null);
  assert.deepEqual(realProblems(page), []);
  await context.close();
});

// The HR console in a real browser: the demo organisation's owner signs in with email and
// password (errors in place first), finds
// "E-commerce Customer Support" in the catalog, build an assessment from its mix (the
// library of tests comes from GET /v1/catalog/instruments; "Preview as candidate" opens
// the candidate app's preview of that selection), invite by CSV upload, copy a link, watch
// a candidate complete and the assessments list count it (status and counts, on a laptop
// and a phone), then open the ranking (places with their likely range
// on the T scale, "Review first" apart) and the candidate's detail, and download a report
// through its signed link. Then human oversight and privacy: record a decision (the note is
// required; the signed-in person is the reviewer) and see it in the candidate's history and
// in the ranking, export a
// candidate's data, erase another (with a confirmation step) and see them gone, set the
// organisation's retention and notice (errors in place) and see a candidate read that
// notice and acknowledge its version, read the audit log (who did what, by name) and the
// fairness monitor; sign out, and a reload stays signed out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './lib/suite.js';
import { readFile } from 'node:fs/promises';
import { newPage, shot, realProblems, axe, PHONE } from './lib/browser.js';
import { client, completeViaAPI, startViaAPI } from './lib/api.js';
import { signInAs } from './lib/console.js';

const env = useServerAndBrowser();

test('HR: build from E-commerce Customer Support, invite by CSV, watch completion, ranking and report', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.srv.url });
  const page = await newPage(context);

  // Sign in: a malformed email is refused before any request, a wrong password by the
  // server (in the console's words, in place), then the owner's own.
  await page.goto(`${env.srv.url}/`);
  await page.waitForSelector('#si-email');
  await shot(page, 'hr-01-signin');
  let requests = 0;
  page.on('request', (r) => { if (r.url().endsWith('/v1/auth/sign-in')) requests++; });
  await page.fill('#si-email', 'owner@');
  await page.click('#signin');
  await page.waitForSelector('#si-email-err');
  assert.match(await page.textContent('#si-email-err'), /such as ana@example\.com/);
  assert.equal(await page.getAttribute('#si-email', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#si-password-err'), /Enter your password/);
  assert.equal(requests, 0, 'nothing is sent with errors in the form');
  await page.fill('#si-email', env.srv.people.owner);
  await page.fill('#si-password', 'not-the-password');
  await page.click('#signin');
  await page.waitForSelector('#auth-error:has-text("do not match")');
  assert.equal(await page.inputValue('#si-password'), '', 'a refused password is cleared');
  assert.ok(!(await page.textContent('#main')).includes('invalid email or password'), 'the API\'s own text is not shown');
  await signInAs(page, env.srv, 'owner');
  await page.waitForSelector('h1:has-text("Assessments")');
  assert.equal(await page.textContent('#who-email'), env.srv.people.owner);
  assert.equal(await page.textContent('#who-role'), 'Owner');
  assert.equal(await page.textContent('#who-org'), (await client(env.srv.url, env.srv.key)('GET', '/v1/organisation')).name);
  const stored = await page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));
  assert.deepEqual(stored.session, [], 'nothing in sessionStorage');
  assert.ok(stored.local.every((k) => k === 'shortlist.console.lang'), `only the language in localStorage: ${stored.local}`);
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
  const role = await client(env.srv.url)('GET', '/v1/catalog/roles/ecommerce-customer-support?lang=en');
  for (const m of role.mix) assert.ok(await page.isVisible(`text=${m.instrument.name}`), `the mix shows ${m.instrument.name}`);

  // Builder: the role's mix, one test dropped, one time limit, one minimum, Spanish.
  await page.click('#build');
  await page.waitForSelector('#create');
  // The library offers every instrument of the catalog that is not in the role's mix.
  const all = await client(env.srv.url)('GET', '/v1/catalog/instruments?lang=en');
  const offered = await page.$$eval('#add-test option[value]:not([value=""])', (els) => els.map((e) => e.value));
  assert.deepEqual(offered.slice().sort(), all.instruments.map((i) => i.id).filter((id) => !role.mix.some((m) => m.instrument.id === id)).sort());
  // Mix advice: the seed mix is all self-description; the work samples built for the job
  // are suggested beside it, and adding one changes the selection (never the seed).
  assert.match(await page.textContent('#self-share'), /Self-description share: 100 % of the ranking weight/);
  assert.equal(role.advice.selfReportShare, 1);
  const suggestedIds = await page.$$eval('#advice button[id^="suggest-"]', (els) => els.map((e) => e.id.slice('suggest-'.length)));
  assert.ok(suggestedIds.includes('parallel-cases') && suggestedIds.includes('customer-reply'), `suggested: ${suggestedIds}`);
  assert.ok(await page.isVisible('#advice-summary'), 'the summary of the seed mix is shown');
  assert.deepEqual(await axe(page), [], 'axe on the builder with its advice');
  await page.click('#suggest-parallel-cases');
  await page.waitForSelector('#inc-parallel-cases:checked');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'inc-parallel-cases');
  assert.ok(!(await page.$('#suggest-parallel-cases')), 'an added suggestion leaves the list');
  const share = Number((await page.textContent('#self-share')).match(/(\d+) %/)[1]);
  assert.ok(share < 100, `share after adding a work sample: ${share}`);
  assert.ok(!(await page.isVisible('#advice-summary')), 'the seed summary hides once the selection differs');
  await page.uncheck('#inc-parallel-cases');
  assert.match(await page.textContent('#self-share'), /100 %/);
  // The rest of this journey starts again from the untouched seed mix.
  await page.goBack();
  await page.waitForSelector('#build');
  await page.click('#build');
  await page.waitForSelector('#create');
  assert.ok(await page.$('#suggest-parallel-cases'), 'a fresh builder starts from the seed mix again');
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
  // "Preview as candidate" opens the candidate app in a new tab with this selection: the
  // parts in order (the dropped one left out, the time limit set here), the language.
  const [popup] = await Promise.all([context.waitForEvent('page'), page.click('#preview-candidate')]);
  const payload = new URL(popup.url()).hash.replace(/^#preview=/, '');
  const spec = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  assert.equal(spec.lang, 'es');
  assert.equal(spec.name, 'Soporte e-commerce, marzo');
  assert.equal(spec.roleId, 'ecommerce-customer-support');
  assert.deepEqual(spec.sections.map((x) => x.instrument), role.mix.map((m) => m.instrument.id).filter((id) => id !== dropped.instrument.id));
  assert.deepEqual(spec.sections[0], { instrument: first, seconds: 360 });
  assert.equal(spec.orgName, (await client(env.srv.url, env.srv.key)('GET', '/v1/organisation')).name);
  await popup.waitForSelector('#preview-banner');
  await popup.close();
  await page.click('#create');
  await page.waitForSelector('#csv-file');
  const assessmentId = decodeURIComponent(page.url().split('#/a/')[1].split('/')[0]);
  const hr = client(env.srv.url, env.srv.key);
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
  await completeViaAPI(env.srv.url, links[0]);
  await startViaAPI(env.srv.url, links[1]);
  await page.click('.tabs a[href$="/candidates"]');
  await page.waitForSelector('#progress');
  await page.click('#refresh');
  await page.waitForSelector('#progress tr[data-status="completed"], #progress tr[data-status="scored"]');
  const statuses = await page.$$eval('#progress tbody tr', (rows) => rows.map((r) => r.dataset.status));
  assert.equal(statuses.length, 3);
  assert.ok(statuses.includes('started'));
  assert.ok(statuses.includes('invited'));
  await shot(page, 'hr-07-progress');

  // The assessments list: each assessment's status and counts (kept as candidates move on,
  // never read from every candidate): 3 invited, 1 completed, invites open.
  await page.click('.console-nav a[href="#/"]');
  const listRow = page.locator(`#assessments tr[data-assessment="${assessmentId}"]`);
  await listRow.waitFor();
  const listed = (await hr('GET', '/v1/assessments')).assessments.find((x) => x.id === assessmentId);
  assert.deepEqual({ ...listed.progress, invitesUntil: undefined, sessionsUntil: undefined }, { status: 'open', invited: 3, completed: 1, invitesUntil: undefined, sessionsUntil: undefined });
  assert.equal(await listRow.getAttribute('data-status'), 'open');
  assert.deepEqual(await listRow.locator('td.num').allInnerTexts(), ['3', '1'], 'invited, completed');
  const until = await page.evaluate((iso) => new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(iso)), listed.progress.invitesUntil);
  assert.equal((await listRow.locator('td.status').innerText()).replace(/\s+/g, ' ').trim(), `Open Invites open until ${until}`);
  assert.deepEqual(await page.$$eval('#assessments thead th', (ths) => ths.map((th) => th.textContent)), ['Name', 'Status', 'Invited', 'Completed', 'Created']);
  await page.setViewportSize({ width: 1440, height: 900 });
  await shot(page, 'hr-list-laptop-1440x900');
  await page.click('#lang-switch');
  await listRow.locator('td.status:has-text("Abierta")').waitFor();
  assert.deepEqual(await page.$$eval('#assessments thead th', (ths) => ths.map((th) => th.textContent)), ['Nombre', 'Estado', 'Invitados', 'Terminaron', 'Creada']);
  assert.deepEqual(await axe(page), [], 'axe on the assessments list (Spanish)');
  await page.click('#lang-switch');
  await listRow.locator('td.status:has-text("Open")').waitFor();
  await page.setViewportSize({ width: 1280, height: 900 });
  {
    const phoneContext = await env.browser.newContext(PHONE);
    const phone = await newPage(phoneContext);
    await signInAs(phone, env.srv, 'owner');
    await phone.waitForSelector(`#assessments tr[data-assessment="${assessmentId}"][data-status="open"]`);
    assert.deepEqual(await axe(phone), [], 'axe on the assessments list on a phone');
    // A card per assessment: each count under its own label.
    assert.deepEqual((await phone.locator(`#assessments tr[data-assessment="${assessmentId}"] td.num`).allInnerTexts()).map((x) => x.replace(/\s+/g, ' ')),
      ['Invited 3', 'Completed 1']);
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
    await shot(phone, 'hr-list-phone-390x844');
    await phoneContext.close();
  }
  await listRow.locator('a').first().click();
  await page.waitForSelector('#progress');

  // Ranking: each place with its likely range, role fit on the T scale with its band, the
  // cohort label; a candidate with a serious caution is held apart in "Review first",
  // above the ranked list. Then the candidate's detail with the same figures.
  await page.click('.tabs a[href$="/ranking"]');
  await page.waitForSelector('#tab-title:has-text("Ranking")');
  // Scoring runs within seconds of completion.
  for (let i = 0; i < 20 && !(await page.$('#ranking a:has-text("Ana Ruiz")')); i++) {
    await page.waitForTimeout(500);
    await page.click('.tabs a[href$="/candidates"]');
    await page.waitForSelector('#progress');
    await page.click('.tabs a[href$="/ranking"]');
    await page.waitForSelector('#tab-title:has-text("Ranking")');
  }
  await page.waitForSelector('#ranking a:has-text("Ana Ruiz")');
  const ranking = await hr('GET', `/v1/assessments/${assessmentId}/ranking?lang=en`);
  const ana = ranking.ranking.find((r) => r.name === 'Ana Ruiz');
  const T = (z) => String(Math.round(50 + 10 * z));
  const chance = (p) => (p < 0.005 ? '<1%' : p >= 0.995 ? '>99%' : `${Math.round(p * 100)}%`);
  const squash = (s) => s.replace(/\s+/g, ' ').trim();
  assert.equal(squash(await page.textContent('#cohort-label')).split(' · ')[0],
    squash(`As of ${await page.evaluate((iso) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)), ranking.cohort.asOf)}, n = ${ranking.cohort.n} scored`));
  const anaRow = page.locator(`#ranking tr[data-candidate="${ana.candidateId}"]`);
  assert.equal(squash(await anaRow.locator('td.place').textContent()),
    ana.rankHigh > ana.rankLow ? `${ana.rank} · likely ${ana.rankLow}–${ana.rankHigh}` : String(ana.rank), 'the place with its likely range');
  assert.equal(squash(await anaRow.locator('td.num').first().innerText()), `${T(ana.composite)} 95%: ${T(ana.band.low)} – ${T(ana.band.high)}`, 'role fit as T with its band');
  assert.equal(await page.locator('#ranking .t-axis').first().textContent(), '20304050607080', 'the band chart has a labelled T axis');
  for (const code of ana.cautions) {
    const label = await anaRow.locator(`[data-caution="${code}"]`).textContent();
    assert.ok(label && label !== code, `caution ${code} shown in words ("${label}")`);
  }
  // With no more candidates than K, everyone is in the top K: no "chance of top K" column.
  assert.equal(await page.locator('#ranking th:has-text("Chance of top")').count(), ranking.cohort.n > ranking.cohort.topK ? 1 : 0);
  assert.equal(await page.isVisible('#provisional-note'), ranking.cohort.norms.some((x) => x.provisional), 'withheld percentiles are explained');
  // The rank rule is behind "How this ranking works", not the first thing on the screen.
  assert.equal(await page.getAttribute('#rank-how', 'open'), null);
  assert.equal(squash(await page.textContent('#rank-rule')), squash(ranking.rankRule));
  assert.ok(!(await page.isVisible('#rank-rule')));
  const review = await hr('GET', `/v1/assessments/${assessmentId}/ranking?group=review`);
  if (review.total) {
    // Every candidate with a serious caution, and only they, are in "Review first", above the ranked list.
    assert.match(await page.textContent('#review-h'), new RegExp(`Review first: ${review.total} candidates?$`));
    assert.match(await page.textContent('#review-lead'), /Nobody is rejected automatically/);
    assert.deepEqual(await page.$$eval('#review-table tbody tr', (rows) => rows.map((r) => r.dataset.candidate)), review.ranking.map((r) => r.candidateId));
    assert.ok(await page.evaluate(() => Boolean(document.getElementById('review-first').compareDocumentPosition(document.getElementById('ranked')) & Node.DOCUMENT_POSITION_FOLLOWING)));
    assert.equal(await page.locator('#ranked-table tr[data-candidate]').count(), ranking.total - review.total);
  } else {
    assert.equal(await page.$('#review-first'), null, 'no "Review first" section without a serious caution');
  }
  assert.equal(await anaRow.locator('xpath=ancestor::table').getAttribute('id'), ana.reviewFirst ? 'review-table' : 'ranked-table');
  const others = ranking.total - review.total;
  if (others) assert.equal(await page.textContent('#ranked-range'), others === 1 ? '1 of 1' : `1–${others} of ${others}`);
  else assert.match(await page.textContent('#ranked'), /Every candidate here is in the review-first group above/);
  await shot(page, 'hr-08-ranking');
  assert.deepEqual(await axe(page), [], 'axe on the ranking');

  await page.click('#ranking a:has-text("Ana Ruiz")');
  await page.waitForSelector('#breakdown');
  const anaDetail = await hr('GET', `/v1/assessments/${assessmentId}/candidates/${ana.candidateId}?lang=en`);
  const rk = anaDetail.rank;
  assert.equal(await page.textContent('#cand-rank'), [`Place ${rk.rank} of ${rk.of}`,
    ...(rk.rankHigh > rk.rankLow ? [`likely ${rk.rankLow}–${rk.rankHigh}`] : []),
    ...(rk.of > rk.topK ? [`${chance(rk.pTop)} chance of top ${rk.topK}`] : [])].join(' · '));
  assert.equal(rk.rank, ana.rank, 'the detail and the ranking give the same place');
  assert.equal(await page.textContent('#cand-fit'), `T ${T(anaDetail.fit.value)} (95%: ${T(anaDetail.fit.band.low)} – ${T(anaDetail.fit.band.high)})`);
  const ab = anaDetail.abilityComposite;
  assert.match(await page.textContent('#cand-ability'), ab ? new RegExp(`^T ${T(ab.value)} \\(95%: ${T(ab.band.low)} – ${T(ab.band.high)}\\)$`) : /^—None/, 'role fit without self-report');
  assert.match(await page.textContent('#cohort-label'), new RegExp(`n = ${anaDetail.cohort.n} scored`));
  assert.equal(await page.locator('#breakdown tbody tr').count(), Object.keys(anaDetail.scales).length);
  for (const [id, s] of Object.entries(anaDetail.scales)) {
    const cells = page.locator(`#breakdown tr[data-scale="${id}"] td`);
    assert.equal(await cells.nth(1).textContent(), T((s.t - 50) / 10), `${id}: T`);
    if (s.percentile === null) assert.match(await cells.nth(3).textContent(), /^—Withheld/, `${id}: a withheld percentile says why`);
    else assert.equal(await cells.nth(3).textContent(), String(Math.round(s.percentile)));
    assert.equal(await cells.nth(5).textContent(), `${s.answered} of ${s.items}`);
  }
  assert.equal(await page.isVisible('#review-callout'), anaDetail.reviewFirst);
  const nCautions = anaDetail.cautions.length;
  assert.match(await page.textContent('#cautions-count'), nCautions ? new RegExp(`^${nCautions} cautions?`) : /^No cautions/);
  if (nCautions) {
    assert.match(await page.textContent('#cautions-count'), nCautions === 1 ? /^1 caution\b/ : /^\d+ cautions\b/);
    assert.equal(await page.locator('#cautions li').count(), nCautions);
    assert.equal(await page.locator('#cautions li .pill.bad').count(), anaDetail.cautions.filter((c) => c.serious).length, 'serious cautions are marked');
  }
  assert.ok(await page.isVisible('h3:has-text("Areas to probe")'));
  await shot(page, 'hr-09-candidate');
  assert.deepEqual(await axe(page), [], 'axe on the candidate detail');
  // In Spanish: the plural agrees ("1 alerta", "2 alertas").
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  await page.waitForSelector('#breakdown');
  if (nCautions) assert.match(await page.textContent('#cautions-count'), nCautions === 1 ? /^1 alerta\b/ : /^\d+ alertas\b/);
  assert.match(await page.textContent('#cand-rank'), new RegExp(`^Lugar ${rk.rank} de ${rk.of}`));
  assert.deepEqual(await axe(page), [], 'axe on the candidate detail in Spanish');
  await page.click('.tabs a[href$="/ranking"]');
  await page.waitForSelector('#ranking');
  assert.match(await page.textContent('#cohort-label'), /^Datos al .*, n = \d+ puntuados/);
  assert.deepEqual(await axe(page), [], 'axe on the ranking in Spanish');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('#ranking');

  await page.click('.tabs a[href$="/stats"]');
  await page.waitForSelector('#tab-title:has-text("statistics")');
  // Fewer than 30 responses: α is withheld (never a number, never a negative one), as said.
  {
    const stats = await hr('GET', `/v1/assessments/${assessmentId}/statistics`);
    const few = (stats.scales || []).filter((s) => (s.n || 0) < (stats.reliabilityMin || 30));
    assert.ok(few.length, 'this small cohort has scales below the minimum');
    assert.ok(await page.isVisible('#stats-wait'));
    for (const sc of few) {
      assert.equal(await page.locator(`#scale-stats tr[data-scale="${sc.scale}"] td.alpha .dash`).count(), 1, `α of ${sc.scale} (n = ${sc.n}) withheld`);
    }
  }
  await shot(page, 'hr-10-statistics');

  // Reports: the cohort PDF through its short-lived signed link.
  await page.click('.tabs a[href$="/reports"]');
  await page.waitForSelector('#tab-title:has-text("Reports")');
  await page.click('#report-cohort');
  const pdf = page.locator('table.reports button[data-kind="cohort"][data-format="pdf"]').first();
  await pdf.waitFor();
  // One click downloads: the console asks for a fresh signed link and starts it.
  const [download] = await Promise.all([page.waitForEvent('download'), pdf.click()]);
  assert.match(download.suggestedFilename(), / - .*[^. ]\.pdf$/, `one dot before the extension: ${download.suggestedFilename()}`);
  const link = page.locator('table.reports a.report-link').first();
  await link.waitFor();
  const url = await link.getAttribute('href');
  {
    const res = await fetch(new URL(url, env.srv.url));
    assert.equal(res.status, 200);
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(body.subarray(0, 5).toString(), '%PDF-');
    // A tampered signature is refused.
    const bad = new URL(url, env.srv.url);
    const sig = bad.searchParams.get('X-Signature') || bad.searchParams.get('X-Amz-Signature');
    if (sig) {
      bad.searchParams.set(bad.searchParams.has('X-Signature') ? 'X-Signature' : 'X-Amz-Signature', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
      assert.notEqual((await fetch(bad)).status, 200, 'a link with a changed signature fails');
    }
    await shot(page, 'hr-11-reports');
  }

  // ---- Human oversight: a person records a decision about Ana, with a required note.
  const list = (await hr('GET', `/v1/assessments/${assessmentId}/candidates`)).candidates;
  const byName = Object.fromEntries(list.map((c) => [c.name, c.candidateId]));
  await page.goto(`${env.srv.url}/#/a/${assessmentId}/c/${byName['Ana Ruiz']}`);
  await page.waitForSelector('#decision-form');
  assert.match(await page.textContent('#dec-statement'), /Scores support the decision; a person makes it/);
  assert.match(await page.textContent('#dec-latest'), /No decision/);
  await page.click('#dec-save');
  await page.waitForSelector('#dec-errors');
  assert.equal(await page.getAttribute('#dec-note', 'aria-invalid'), 'true', 'the missing note is marked in place');
  assert.match(await page.textContent('#dec-note-err'), /reason/);
  assert.equal(await page.evaluate(() => document.activeElement.name), 'dec-choice', 'focus goes to the first field in error');
  // No reviewer to type: the decision is the signed-in person's.
  assert.equal(await page.$('#dec-reviewer'), null);
  assert.match(await page.textContent('#dec-as'), new RegExp(`\\(${env.srv.people.owner}\\)`));
  await page.click('#decision label.option:has-text("Advance")');
  await page.fill('#dec-note', 'Clear, kind replies in the writing task; invite to the interview.');
  const [decReq] = await Promise.all([page.waitForRequest((r) => r.url().endsWith('/decision')), page.click('#dec-save')]);
  assert.deepEqual(Object.keys(JSON.parse(decReq.postData())).sort(), ['decision', 'note'], 'no reviewer is sent');
  await page.waitForSelector('#dec-saved');
  assert.equal(await page.locator('#decisions tbody tr').count(), 1);
  assert.match(await page.textContent('#dec-latest'), new RegExp(`Advance, by ${env.srv.people.owner}`));
  await shot(page, 'hr-12-decision');
  const detail = await hr('GET', `/v1/assessments/${assessmentId}/candidates/${byName['Ana Ruiz']}`);
  assert.deepEqual(detail.decisions.map((d) => [d.decision, d.reviewer]), [['advance', env.srv.people.owner]]);
  // The history comes back from the server, and the ranking shows the latest decision.
  await page.reload();
  await page.waitForSelector('#decisions');
  assert.match(await page.textContent('#decisions'), /invite to the interview/);
  await page.click('.tabs a[href$="/ranking"]');
  await page.waitForSelector(`#ranking tr[data-candidate="${byName['Ana Ruiz']}"] td.decision [data-decision="advance"]`);

  // ---- Access request: Ana's data downloaded as JSON.
  await page.goto(`${env.srv.url}/#/a/${assessmentId}/c/${byName['Ana Ruiz']}`);
  await page.waitForSelector('#export');
  const [exported] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  assert.match(exported.suggestedFilename(), /^candidate-.+\.json$/);
  const dump = JSON.parse(await readFile(await exported.path(), 'utf8'));
  assert.equal(dump.candidate.name, 'Ana Ruiz');
  assert.equal(dump.decisions.length, 1);

  // ---- Erasure: a confirmation step, then Carla is gone from the list.
  await page.click('.tabs a[href$="/candidates"]');
  await page.waitForSelector('#progress');
  await page.click(`#progress a[href$="/c/${byName['Carla Soto']}"]`);
  await page.waitForSelector('#erase');
  await page.click('#erase');
  await page.waitForSelector('#erase-confirm');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'erase-h', 'focus moves to the confirmation');
  await shot(page, 'hr-13-erase-confirm');
  await page.click('#erase-cancel');
  assert.equal(await page.$('#erase-confirm'), null, 'cancel erases nothing');
  assert.equal((await hr('GET', `/v1/assessments/${assessmentId}/candidates`)).candidates.length, 3);
  await page.click('#erase');
  await page.click('#erase-confirm-go');
  await page.waitForSelector('#flash');
  assert.match(await page.textContent('#flash'), /Carla Soto was erased/);
  const names = await page.$$eval('#progress tbody th', (els) => els.map((e) => e.textContent));
  assert.ok(!names.some((n) => n.includes('Carla Soto')), 'Carla is no longer listed');
  assert.equal(names.length, 2);
  assert.ok(!(await hr('GET', `/v1/assessments/${assessmentId}/candidates`)).candidates.some((c) => c.name === 'Carla Soto'));
  await shot(page, 'hr-14-erased');

  // ---- Organisation settings: errors in place, then a custom notice and retention.
  await page.click('.console-nav a[href="#/settings"]');
  await page.waitForSelector('#settings-form');
  await page.fill('#set-retention', '10');
  await page.fill('#notice-es', 'Aviso de {org}: tus datos se guardan {days} días.');
  await page.click('#settings-save');
  await page.waitForSelector('#settings-errors');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'set-retention');
  assert.match(await page.textContent('#set-retention-err'), /30 to 1095/);
  assert.match(await page.textContent('#set-notice-err'), /both languages/);
  await shot(page, 'hr-15-settings-errors');
  await page.fill('#set-retention', '120');
  await page.fill('#notice-en', 'Notice from {org}: your data is kept for {days} days.');
  await page.click('#settings-save');
  await page.waitForSelector('#settings-saved');
  const org = await hr('GET', '/v1/organisation');
  assert.equal(org.retentionDays, 120);
  assert.equal(org.customNotice, true);
  assert.match(await page.textContent('#settings-saved'), new RegExp(org.noticeVersion));
  await shot(page, 'hr-16-settings');

  // A candidate invited now reads that notice (the assessment is in Spanish) and Start
  // acknowledges its version.
  const fresh = await hr('POST', `/v1/assessments/${assessmentId}/invites`, { candidates: [{ name: 'Diego Paz' }] });
  const phone = await newPage(await env.browser.newContext(PHONE));
  await phone.goto(fresh.invited[0].link);
  await phone.waitForSelector('#start');
  // The summary says the retention at once; the organisation's own text is in the full notice.
  assert.match(await phone.textContent('#notice-summary'), /120 días/);
  await phone.locator('#notice-full > summary').tap();
  await phone.waitForSelector('#org-notice');
  assert.equal(await phone.getAttribute('html', 'lang'), 'es', 'the notice opens in the assessment\'s language');
  assert.equal((await phone.textContent('#org-notice')).trim(), `Aviso de ${org.name}: tus datos se guardan 120 días.`);
  assert.match(await phone.textContent('#notice-keep'), /120 días/);
  assert.deepEqual(await phone.$$eval('#notice-parts > li strong', (els) => els.map((e) => e.textContent)),
    (await client(env.srv.url)('POST', '/v1/invites/preview', { inviteToken: fresh.invited[0].link.split('#')[1] })).assessment.sections.map((x) => x.name));
  await shot(phone, 'hr-17-candidate-custom-notice');
  await phone.locator('label[for=ack]').tap();
  const [startReq] = await Promise.all([phone.waitForRequest((r) => r.url().endsWith('/v1/sessions') && r.method() === 'POST'), phone.locator('#start').tap()]);
  assert.equal(JSON.parse(startReq.postData()).noticeVersion, org.noticeVersion);
  await phone.waitForSelector('ol.steps');
  const diego = await hr('GET', `/v1/candidates/${fresh.invited[0].candidateId}/export`);
  assert.equal(diego.session.noticeVersion, org.noticeVersion, 'the session records the version read');
  assert.deepEqual(realProblems(phone), []);
  await phone.context().close();

  // ---- The audit log names what was done, a page of 50 at a time (newest first).
  for (let i = 0; i < 50; i++) await hr('GET', `/v1/assessments/${assessmentId}/ranking`); // 50 more events
  await page.click('.console-nav a[href="#/audit"]');
  await page.waitForSelector('#audit');
  assert.equal(await page.locator('#audit tbody tr').count(), 50);
  assert.ok(await page.isDisabled('#audit-newer'));
  const seen = await page.$$eval('#audit tbody tr', (rows) => rows.map((r) => r.dataset.action));
  await page.click('#audit-older');
  await page.waitForSelector('#audit-page:has-text("Page 2")');
  // Focus stays on "Older events", or, on the last page where it is disabled, on the page number.
  const lastPage = await page.isDisabled('#audit-older');
  assert.equal(await page.evaluate(() => document.activeElement.id), lastPage ? 'audit-page' : 'audit-older');
  seen.push(...await page.$$eval('#audit tbody tr', (rows) => rows.map((r) => r.dataset.action)));
  for (const a of ['candidate.decide', 'candidate.erase', 'candidate.export', 'organisation.settings', 'assessment.create']) {
    assert.ok(seen.includes(a), `the audit log shows ${a}`);
  }
  // Who: the person's email or the key's label, never the id the API records beside it.
  const actors = new Set(await page.$$eval('#audit td.actor', (els) => els.map((e) => e.textContent)));
  const demoKey = (await hr('GET', '/v1/keys')).keys.find((k) => !k.revokedAt);
  assert.ok(actors.has(env.srv.people.owner), `the owner by email: ${[...actors]}`);
  assert.ok(actors.has(`API key “${demoKey.label}”`), `the demo key by label: ${[...actors]}`);
  assert.ok(![...actors].some((x) => /^(user|key):/.test(x)), 'no raw actor ids');
  await shot(page, 'hr-18-audit-page-2');
  await page.click('#audit-newer');
  await page.waitForSelector('#audit-page:has-text("Page 1")');

  // ---- The fairness monitor: a bad cut-off is refused in place; then the tables.
  await page.goto(`${env.srv.url}/#/a/${assessmentId}/fairness`);
  await page.waitForSelector('#fairness-form');
  assert.match(await page.textContent('#fair-rule'), /0\.80/);
  await page.fill('#fair-cut', '9');
  await page.click('#fair-show');
  await page.waitForSelector('#fair-cut-err');
  await page.fill('#fair-cut', '0.5');
  await page.selectOption('#fair-field', 'ageBand');
  await page.click('#fair-show');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'fair-results');
  assert.match(await page.textContent('#fair-results'), /0\.5/);
  await shot(page, 'hr-19-fairness');

  // Signing out ends the sign-in: a reload stays signed out.
  await page.click('#signout');
  await page.waitForSelector('#si-email');
  assert.equal(await page.$('#whoami'), null, 'nobody is named in the header');
  await page.reload();
  await page.waitForSelector('#si-email');
  assert.deepEqual(realProblems(page), []);
  await context.close();
});

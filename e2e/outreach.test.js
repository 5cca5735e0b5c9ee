// Reaching candidates by email, and webhooks, in the HR console: reminders chosen in the
// builder; three candidates invited by a pasted list (a repeated address reported on its
// line first) and emailed; their emails read in the dev server's outbox (text, and the HTML
// in a sandboxed frame that the console's CSP lets render), one link opened from it; a
// simulated bounce shown on the candidate's row, and a re-send to that address refused in
// words; a re-send to another candidate, after which the old link fails and the new one
// (from the outbox) works. Webhooks: a private address refused on its field, an endpoint
// added (secret shown once, copied), a delivery listed and replayed, the secret rotated
// (the old one valid 24 h more), the endpoint deleted after a confirmation. axe on every
// new screen in both languages, light and dark.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './lib/suite.js';
import { newPage, realProblems, shot, axeBothLanguages, settle, PHONE } from './lib/browser.js';
import { client, completeViaAPI } from './lib/api.js';
import { signInAs } from './lib/console.js';

const LAPTOP = { viewport: { width: 1280, height: 900 } };
const env = useServerAndBrowser();

function axeLog() {
  const found = [];
  const check = (page, name) => axeBothLanguages(page, name, found);
  check.assertClean = () => assert.deepEqual(found, [], 'axe violations');
  return check;
}

const LINK = /https?:\/\/\S+\/take\/#sli_\S+/;
/** The invite token of a link (the dev server's emails name localhost, the API the host asked). */
const tokenOf = (link) => link.split('#')[1];
const outbox = async (limit = 50) => (await client(env.srv.url)('GET', `/v1/dev/outbox?limit=${limit}`)).messages;

/** Open a candidate's link in a fresh phone context; resolves to what the page shows: 'notice' or 'bad'. */
async function openLink(link) {
  const ctx = await env.browser.newContext(PHONE);
  const page = await newPage(ctx);
  await page.goto(link);
  await page.waitForSelector('#start, #problem');
  const seen = (await page.$('#start')) ? 'notice' : 'bad';
  const text = await page.textContent('#main');
  await ctx.close();
  return { seen, text };
}

test('email: reminders, a pasted list emailed, the outbox, a bounce, and a re-send that replaces the link', async () => {
  const check = axeLog();
  const ctx = await env.browser.newContext(LAPTOP);
  const page = await newPage(ctx);
  await signInAs(page, env.srv, 'owner');

  // The builder: reminders 3 and 1 days before expiry by default; only 1 kept.
  await page.goto(`${env.srv.url}/#/build/ecommerce-customer-support`);
  await page.waitForSelector('#reminders');
  assert.equal(await page.isChecked('#remind-3'), true);
  assert.equal(await page.isChecked('#remind-1'), true);
  await page.fill('#a-name', 'Outreach check');
  await page.uncheck('#remind-3');
  await check(page, 'outreach-builder-reminders');
  await page.click('#create');
  await page.waitForSelector('#paste-text');
  const id = decodeURIComponent(page.url().split('#/a/')[1].split('/')[0]);
  const hr = client(env.srv.url, env.srv.key);
  assert.deepEqual((await hr('GET', `/v1/assessments/${id}`)).config.reminders, [1]);

  // A pasted list: the three forms of a line, and a repeated address reported on its line.
  assert.equal(await page.isChecked('#deliver-email'), true, 'by email while every row has an address');
  await page.fill('#paste-text', [
    'Ana Ruiz <ana.ruiz@example.com>',
    'Bruno Díaz, bruno@example.com',
    'carla.soto_m@example.com',
    'Ana again <ANA.RUIZ@example.com>',
  ].join('\n'));
  await page.waitForSelector('#paste-issues li');
  assert.match(await page.textContent('#paste-issues'), /Line 4: ANA\.RUIZ@example\.com is already on line 1/);
  assert.equal(await page.getAttribute('#paste-text', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#paste-text', 'aria-describedby'), /paste-issues/);
  assert.deepEqual(await page.$$eval('#paste-rows tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent))), [
    ['1', 'Ana Ruiz', 'ana.ruiz@example.com'], ['2', 'Bruno Díaz', 'bruno@example.com'],
    ['3', 'Carla Soto M', 'carla.soto_m@example.com'], ['4', 'Ana again', 'ANA.RUIZ@example.com']]);
  await page.click('#paste-send');
  await page.waitForSelector('#paste-errors');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'paste-text');
  await check(page, 'outreach-paste-errors');
  // A name without an address turns the choice to links; removing it turns it back.
  await page.fill('#paste-text', 'Ana Ruiz <ana.ruiz@example.com>\nBruno Díaz, bruno@example.com\nNo Address');
  assert.equal(await page.isChecked('#deliver-links'), true);
  await page.fill('#paste-text', 'Ana Ruiz <ana.ruiz@example.com>\nBruno Díaz, bruno@example.com\ncarla.soto_m@example.com');
  assert.equal(await page.isChecked('#deliver-email'), true);
  assert.equal(await page.$('#paste-issues li'), null);
  await page.click('#paste-send');
  await page.waitForSelector('#invite-result');
  assert.match(await page.textContent('#invite-result'), /3 candidates invited\. 3 invitations were emailed\./);
  const invited = await page.$$eval('#invite-links tbody tr', (rows) => rows.map((r) => ({
    name: r.querySelector('th').textContent, emailed: r.dataset.emailed, sent: r.children[1].textContent, link: r.querySelector('code.invite-link').textContent })));
  assert.deepEqual(invited.map((r) => [r.name, r.emailed, r.sent]), [
    ['Ana Ruiz', 'true', 'Emailed to ana.ruiz@example.com'], ['Bruno Díaz', 'true', 'Emailed to bruno@example.com'],
    ['Carla Soto M', 'true', 'Emailed to carla.soto_m@example.com']]);
  await check(page, 'outreach-invited');
  const linkOf = Object.fromEntries(invited.map((r) => [r.name, r.link]));

  // The outbox: one invitation each, with that candidate's link.
  assert.ok(await page.$('.console-nav a[href="#/outbox"]'), 'the outbox is in the menu on the dev server');
  await page.click('.console-nav a[href="#/outbox"]');
  await page.waitForSelector('#outbox');
  const rows = await page.$$eval('#outbox tbody tr', (trs) => trs.map((r) => ({ to: r.dataset.to, kind: r.dataset.kind })));
  for (const to of ['ana.ruiz@example.com', 'bruno@example.com', 'carla.soto_m@example.com']) assert.ok(rows.some((r) => r.to === to && r.kind === 'invitation'), to);
  const mails = await outbox();
  for (const [name, to] of [['Ana Ruiz', 'ana.ruiz@example.com'], ['Bruno Díaz', 'bruno@example.com'], ['Carla Soto M', 'carla.soto_m@example.com']]) {
    const m = mails.find((x) => x.to === to && x.tags.kind === 'invitation');
    assert.ok(m && m.text.includes(tokenOf(linkOf[name])), `${to}: the email carries the link`);
  }
  await check(page, 'outreach-outbox');

  // Carla's email, read: the text (its link opened as the candidate) and the HTML preview.
  await page.click('#outbox tr[data-to="carla.soto_m@example.com"] button');
  await page.waitForSelector('#mail-text');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'mail-h');
  const carlaLink = (await page.textContent('#mail-text')).match(LINK)[0];
  assert.equal(tokenOf(carlaLink), tokenOf(linkOf['Carla Soto M']));
  const preview = page.frameLocator('#mail-html');
  await preview.locator('body').waitFor();
  assert.match(await preview.locator('body').textContent(), /Hello Carla Soto M/);
  // The email's inline styles are applied (through the CSSOM), without a CSP violation.
  assert.equal(await preview.locator('body > div').evaluate((el) => getComputedStyle(el).maxWidth), '560px');
  assert.equal(await page.$('#mail-html-off'), null);
  await check(page, 'outreach-outbox-reader');
  assert.equal((await openLink(carlaLink)).seen, 'notice', 'the link from the email opens the notice');

  // A bounce for Ana: her row says so, and a re-send is refused in words.
  await page.click('#outbox tr[data-to="ana.ruiz@example.com"] button');
  await page.waitForSelector('#mail-to:has-text("ana.ruiz@example.com")');
  await page.click('#mail-bounce');
  await page.waitForSelector('#outbox-status');
  assert.match(await page.textContent('#outbox-status'), /A bounce was recorded for ana\.ruiz@example\.com/);
  await page.goto(`${env.srv.url}/#/a/${id}/candidates`);
  await page.waitForSelector('#progress');
  const ana = page.locator('#progress tr', { hasText: 'Ana Ruiz' });
  assert.equal(await ana.getAttribute('data-email'), 'bounced');
  assert.match(await ana.textContent(), /Email bounced/);
  assert.match(await page.textContent('#progress tr:has-text("Bruno Díaz")'), /Invited by email/);
  await ana.locator('button[data-act="resend"]').click();
  await page.waitForSelector('#resend-h');
  assert.match(await page.textContent('#resend-confirm'), /stops working at once/);
  await page.click('#resend-confirm-go');
  await page.waitForSelector('#resend-error');
  assert.match(await page.textContent('#resend-error'), /Not sent: email to ana\.ruiz@example\.com bounced/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'resend-error');
  await check(page, 'outreach-resend-refused');
  await page.click('#resend-cancel');

  // Bruno: re-sent; the old link no longer works, the new one (from the outbox) does.
  const before = (await outbox()).length;
  await page.locator('#progress tr', { hasText: 'Bruno Díaz' }).locator('button[data-act="resend"]').click();
  await page.waitForSelector('#resend-h');
  await check(page, 'outreach-resend-confirm');
  await page.click('#resend-confirm-go');
  await page.waitForSelector('#resend-done');
  assert.match(await page.textContent('#resend-done'), /A new invitation was emailed to bruno@example\.com\. The previous link no longer works/);
  const after = await outbox();
  assert.equal(after.length, before + 1);
  const newLink = after[0].text.match(LINK)[0];
  assert.equal(after[0].to, 'bruno@example.com');
  assert.notEqual(tokenOf(newLink), tokenOf(linkOf['Bruno Díaz']));
  const old = await openLink(linkOf['Bruno Díaz']);
  assert.equal(old.seen, 'bad');
  assert.match(old.text, /no longer valid/);
  assert.equal((await openLink(newLink)).seen, 'notice');
  await shot(page, 'outreach-candidates');
  assert.deepEqual(realProblems(page), []);
  await ctx.close();
  check.assertClean();
});

test('webhooks: a private address refused, an endpoint added (secret once), deliveries replayed, rotated, deleted', async () => {
  const check = axeLog();
  const ctx = await env.browser.newContext(LAPTOP);
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.srv.url });
  const page = await newPage(ctx);
  await signInAs(page, env.srv, 'owner');
  await page.click('.console-nav a[href="#/webhooks"]');
  await page.waitForSelector('#hook-form');
  assert.ok(await page.$('#hooks-none'));
  await check(page, 'outreach-webhooks-empty');

  // A private address: refused by the server, said on the field.
  await page.fill('#hook-url', 'https://127.0.0.1/x');
  await page.click('#hook-create');
  await page.waitForSelector('#hook-url-err');
  assert.match(await page.textContent('#hook-url-err'), /private, local or not allowed/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'hook-url');
  assert.equal(await page.getAttribute('#hook-url', 'aria-invalid'), 'true');
  await check(page, 'outreach-webhooks-error');

  // Added: the secret shown once and copied.
  await page.fill('#hook-url', 'https://example.com/hook');
  for (const ev of ['candidate.scored', 'report.ready', 'decision.recorded', 'candidate.erased']) await page.uncheck(`#ev-${ev.replace('.', '-')}`);
  await page.click('#hook-create');
  await page.waitForSelector('#hook-made-h');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'hook-made-h');
  const secret = await page.textContent('#hook-secret');
  assert.match(secret, /^whsec_/);
  await page.click('#hook-copy');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
  await check(page, 'outreach-webhooks-secret');
  await page.click('#hook-made-done');
  assert.equal(await page.$('#hook-secret'), null);
  const row = page.locator('#webhooks tbody tr', { hasText: 'https://example.com/hook' });
  assert.match(await row.textContent(), /Candidate completedActive/, 'only the event chosen');

  // An event: a candidate completes; its delivery is listed (it cannot reach example.com here) and replayed.
  const hr = client(env.srv.url, env.srv.key);
  const a = await hr('POST', '/v1/assessments', { roleId: 'ecommerce-customer-support' });
  const inv = await hr('POST', `/v1/assessments/${a.id}/invites`, { candidates: [{ name: 'Hook Test' }] });
  await completeViaAPI(env.srv.url, inv.invited[0].link);
  await row.locator('button[data-act="deliveries"]').click();
  await page.waitForSelector('#deliveries-h');
  for (let i = 0; i < 20 && !(await page.$('#delivery-list tbody tr')); i++) {
    await page.waitForTimeout(500);
    await row.locator('button[data-act="deliveries"]').click(); // hide
    await row.locator('button[data-act="deliveries"]').click(); // and read again
    await page.waitForSelector('#deliveries-h');
  }
  const first = page.locator('#delivery-list tbody tr').first();
  assert.match(await first.textContent(), /Candidate completed/);
  assert.equal(await page.locator('#delivery-list tbody tr').count(), 1);
  assert.match(await first.getAttribute('data-status'), /^(pending|retrying|failed|delivered)$/);
  await check(page, 'outreach-webhooks-deliveries');
  await first.locator('button[data-act="replay"]').click();
  await page.waitForSelector('#hooks-status');
  assert.match(await page.textContent('#hooks-status'), /queued again/);
  assert.match(await page.textContent('#delivery-list tbody tr:first-child'), /\(replay\)/, 'the replay is a new delivery, listed first');

  // Rotated: a new secret, shown once; the old one signs for 24 h more.
  await row.locator('button[data-act="rotate"]').click();
  await page.waitForSelector('#hook-made-h:has-text("New signing secret")');
  const rotated = await page.textContent('#hook-secret');
  assert.match(rotated, /^whsec_/);
  assert.notEqual(rotated, secret);
  assert.match(await page.textContent('#hook-prev'), /previous secret keeps signing.*24 hours/);
  await check(page, 'outreach-webhooks-rotated');
  await page.click('#hook-made-done');
  assert.match(await row.textContent(), /Previous secret valid until/);

  // Deleted after a confirmation (cancel first).
  await row.locator('button[data-act="delete"]').click();
  await page.waitForSelector('#hook-delete-h');
  await check(page, 'outreach-webhooks-delete');
  await page.click('#hook-delete-cancel');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.act), 'delete');
  await row.locator('button[data-act="delete"]').click();
  await page.click('#hook-delete-confirm-go');
  await page.waitForSelector('#hooks-status:has-text("was deleted")');
  assert.ok(await page.$('#hooks-none'));
  assert.deepEqual((await hr('GET', '/v1/webhooks')).webhooks, []);
  // Nothing secret is left in the page.
  assert.doesNotMatch(await page.textContent('#main'), /whsec_/);
  await settle(page);
  await shot(page, 'outreach-webhooks');
  assert.deepEqual(realProblems(page), []);
  await ctx.close();
  check.assertClean();
});

// Forms: an API's field errors are said in the console's words beside their field, once
// (never "candidates[1].email…"), in both languages, on a phone; axe clean, light and dark.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './lib/suite.js';
import { newPage, PHONE, axeBothLanguages, settle, shot } from './lib/browser.js';
import { client } from './lib/api.js';
import { signInAs } from './lib/console.js';

const env = useServerAndBrowser();

test('invite form: a bad email is marked on its own field, translated, never the raw API path', async () => {
  const a = await client(env.srv.url, env.srv.key)('POST', '/v1/assessments', { roleId: 'sales-back-office', lang: 'es' });
  const ctx = await env.browser.newContext(PHONE);
  const page = await newPage(ctx);
  await signInAs(page, env.srv, 'owner');
  await page.goto(`${env.srv.url}/#/a/${a.id}/invite`);
  await page.waitForSelector('#r1-name');
  await settle(page);
  await page.fill('#r1-name', 'Ana Buena');
  await page.click('#add-row');
  await page.fill('#r2-name', 'Beto Malo');
  await page.fill('#r2-email', 'beto-at-example');
  await page.click('#invite-send');
  await page.waitForSelector('#r2-email[aria-invalid="true"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'r2-email', 'focus goes to the field in error');
  const lang = await page.getAttribute('html', 'lang');
  const text = await page.textContent('#main');
  assert.doesNotMatch(text, /candidates\[/, 'no raw API path');
  assert.match(await page.textContent('#r2-email-err'), lang === 'es' ? /no es una dirección de correo válida/ : /not a valid email address/);
  assert.equal((text.match(lang === 'es' ? /no es una dirección de correo válida/g : /not a valid email address/g) || []).length, 1, 'said once');
  assert.match(await page.getAttribute('#r2-email', 'aria-describedby'), /r2-email-err/);
  const found = [];
  await axeBothLanguages(page, 'invite-field-error', found);
  assert.deepEqual(found, []);
  assert.equal(await page.inputValue('#r2-email'), 'beto-at-example', 'what was typed survives the language switches');
  // The field's message follows a language switch.
  await page.click('#lang-switch');
  await page.waitForFunction((l) => document.documentElement.lang !== l, lang);
  await page.waitForSelector('#r2-email-err');
  assert.match(await page.textContent('#r2-email-err'), lang === 'es' ? /not a valid email address/ : /no es una dirección de correo válida/);
  await shot(page, 'forms-invite-field-error');
  await ctx.close();
});

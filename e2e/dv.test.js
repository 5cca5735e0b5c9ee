// The data-validation task (Excel: sales data validation) completed through a real invite,
// every task of the part, in a browser:
//  1. a phone (390×844, touch), in Spanish and in English: each row is a card under its own document, the
//     page never scrolls sideways, the header numbers the tasks from the order shown
//     ("Tarea 1 de 12", "Task 1 of 12"; the content never says "Tarea 9."); cells that differ from their
//     document are corrected by tapping and typing, the answer typed; the server holds
//     exactly that, the part is finished and the assessment completed;
//  2. a laptop (1440×900), in English and in Spanish, keyboard only: the column takes the window, the
//     document of the row being edited sits beside the sheet (its field highlighted), the
//     sheet is one tab stop with arrow keys between cells, and the answer field is a few
//     Tab presses from the task's heading (measured and printed);
// axe (WCAG 2.2 A/AA) on the task and its introduction, light and dark; screenshots in
// test-artifacts/e2e/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './lib/suite.js';
import { newPage, axe, shot, smallTargets, realProblems, PHONE } from './lib/browser.js';
import { client } from './lib/api.js';
import { sessionToken, waitSaved, savedOnServer, currentItem } from './lib/candidate.js';

const env = useServerAndBrowser();
const LAPTOP = { viewport: { width: 1440, height: 900 } };

/** An assessment of the role's data-validation part alone, in `lang`, and one invite. */
async function dvInvite(lang, name) {
  const anon = client(env.srv.url);
  const hr = client(env.srv.url, env.srv.key);
  const role = await anon('GET', '/v1/catalog/roles/sales-back-office');
  const dv = role.mix.find((m) => m.instrument.kind === 'datavalidation');
  assert.ok(dv, 'Sales Back Office has a data-validation part');
  const others = role.mix.filter((m) => m !== dv).map((m) => m.instrument.id);
  const a = await hr('POST', '/v1/assessments', { roleId: role.id, lang, remove: others });
  assert.deepEqual(a.config.sections.map((s) => s.instrument), [dv.instrument.id]);
  const res = await hr('POST', `/v1/assessments/${a.id}/invites`, { candidates: [{ name }] });
  return { assessment: a, link: res.invited[0].link, candidateId: res.invited[0].candidateId };
}

/** Text as the scoring compares it: no spaces, accents or case; numbers as numbers. */
function same(a, b) {
  const norm = (s) => String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, '').toLowerCase();
  const num = (s) => (/^-?\d+([.,]\d+)?$/.test(String(s).trim()) ? Number(String(s).trim().replace(',', '.')) : NaN);
  if (!Number.isNaN(num(a)) && !Number.isNaN(num(b))) return num(a) === num(b);
  return norm(a) === norm(b);
}

/**
 * The corrections the task on screen needs: for every cell, its document's value for that
 * column (read from the documents the page shows, inside the row cards or beside the
 * sheet) where the cell differs. → [{key, r, c, value}]
 */
async function corrections(page) {
  const t = await page.evaluate(() => {
    const cells = [...document.querySelectorAll('.item input[data-cell]')].map((i) => ({
      key: i.dataset.cell, r: Number(i.dataset.r), c: Number(i.dataset.c), value: i.value,
    }));
    const docs = [...document.querySelectorAll('.item tr.dv-docrow .doc')].map((d) =>
      Object.fromEntries([...d.querySelectorAll('.doc-field')].filter((f) => f.dataset.column)
        .map((f) => [f.dataset.column, f.querySelector('dd').textContent])));
    return { cells, docs };
  });
  const out = [];
  for (const cell of t.cells) {
    const col = cell.key.split(':')[1];
    const want = t.docs[cell.r] && t.docs[cell.r][col];
    if (want !== undefined && !same(want, cell.value)) out.push({ ...cell, value: want });
  }
  return out;
}

async function axeLightDark(page, name) {
  const found = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(300);
    for (const v of await axe(page)) found.push({ screen: `${name} [${scheme}]`, ...v });
    await shot(page, `dv-${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

async function startPart(page, link, touch) {
  const act = (sel) => (touch ? page.locator(sel).tap() : page.click(sel));
  await page.goto(link);
  await page.waitForSelector('#start');
  await act('label[for=ack]');
  await act('#start');
  await page.waitForSelector('ol.steps');
  await act('#main .actions button');
  await page.waitForSelector('#start-section');
}

const HEADING = { es: (k) => `Tarea ${k} de 12`, en: (k) => `Task ${k} of 12` };
const PANE = { es: (row) => `Documento de la fila ${row}`, en: (row) => `Document of row ${row}` };

for (const lang of ['es', 'en']) test(`phone (${lang}): every task completed by touch, each row a card under its document`, async () => {
  const name = `Dana Datos ${lang}`;
  const { assessment, link } = await dvInvite(lang, name);
  const ctx = await env.browser.newContext(PHONE);
  const page = await newPage(ctx);
  await startPart(page, link, true);
  const found = [];
  // The introduction's practice task, on the same layout.
  assert.equal(await page.getAttribute('html', 'lang'), lang);
  found.push(...await axeLightDark(page, `phone-intro-${lang}`));
  await page.locator('#start-section').tap();
  await page.waitForSelector('#q-heading');
  await page.waitForSelector('#timer');
  const me = client(env.srv.url, await sessionToken(page));
  const n = (await me('GET', '/v1/session')).sections[0].items;
  assert.equal(n, 12);

  const expected = {};
  for (let i = 0; i < n; i++) {
    await page.waitForFunction((want) => document.querySelector('#q-heading')?.textContent === want, HEADING[lang](i + 1));
    const stem = (await page.textContent('.item .stem')).trim();
    assert.doesNotMatch(stem, /^(Tarea|Task) \d+\./, 'the content does not number itself');
    if (i === 0) {
      // No sideways scrolling; the document of each row sits right above its cells.
      const m = await page.evaluate(() => {
        const rows = [...document.querySelectorAll('.item tr.dv-row')];
        return {
          scrollW: document.documentElement.scrollWidth, vw: innerWidth,
          pane: getComputedStyle(document.querySelector('.item .dv-pane')).display,
          gaps: rows.map((tr) => {
            const doc = document.querySelector(`.item tr.dv-docrow[data-row="${tr.dataset.row}"]`).getBoundingClientRect();
            const first = tr.querySelector('input').getBoundingClientRect();
            return { docBottom: Math.round(doc.bottom), inputTop: Math.round(first.top), inputRight: Math.round(first.right) };
          }),
        };
      });
      assert.ok(m.scrollW <= m.vw, `no sideways scroll on a phone: ${m.scrollW} > ${m.vw}`);
      assert.equal(m.pane, 'none', 'no side pane on a phone: the documents are in the cards');
      for (const g of m.gaps) {
        assert.ok(g.inputTop - g.docBottom >= 0 && g.inputTop - g.docBottom < 40, `a row's first cell is right under its document: ${JSON.stringify(g)}`);
        assert.ok(g.inputRight <= 390, `the cells fit the screen: ${JSON.stringify(g)}`);
      }
      assert.deepEqual(await smallTargets(page), [], 'targets under 44 px on the task');
    }
    const item = await currentItem(page);
    const fixes = await corrections(page);
    const cells = {};
    for (const f of fixes) {
      const cell = page.locator(`.item input[data-cell="${f.key}"]`);
      await cell.tap();
      await cell.fill(f.value);
      cells[f.key] = f.value.trim();
    }
    const total = 1000 + i;
    const box = page.locator('.item .dv-total');
    await box.tap();
    await box.fill(`${total},5`);
    expected[item] = { cells, total: total + 0.5 };
    if (i === 0) {
      assert.ok(fixes.length > 0, 'the first task has cells to correct');
      assert.equal(await page.locator('.item td.changed').count(), fixes.length, 'each corrected cell is marked');
      found.push(...await axeLightDark(page, `phone-task-${lang}`));
      await shot(page, `dv-phone-${lang}-task-1-fixed`);
    }
    await page.locator('#next').tap();
  }
  await page.waitForSelector('#finish-section');
  await waitSaved(page);
  const { saved } = await savedOnServer(env.srv.url, page, 1);
  assert.deepEqual(saved, expected, 'the server holds every correction and answer as typed');
  await page.locator('#finish-section').tap();
  await page.waitForSelector('#complete');
  await page.locator('#complete').tap();
  await page.waitForSelector('#feedback');
  const hr = client(env.srv.url, env.srv.key);
  const list = await hr('GET', `/v1/assessments/${assessment.id}/candidates`);
  const st = list.candidates.find((c) => c.name === name);
  assert.ok(['completed', 'scored'].includes(st.status), `status ${st.status}`);
  assert.deepEqual(found, [], `axe: ${JSON.stringify(found, null, 1)}`);
  assert.deepEqual(realProblems(page), []);
  await ctx.close();
});

/** Press keys until the focused element matches; returns the number of presses. */
async function pressUntil(page, key, selector, max = 40) {
  for (let k = 0; k <= max; k++) {
    if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) return k;
    await page.keyboard.press(key);
  }
  throw new Error(`${selector} not reached with ${max} × ${key}`);
}

for (const lang of ['en', 'es']) test(`laptop (${lang}), keyboard only: full width, the document beside its row, one tab stop for the sheet`, async () => {
  const { link } = await dvInvite(lang, `Kai Keys ${lang}`);
  const ctx = await env.browser.newContext(LAPTOP);
  const page = await newPage(ctx);
  await startPart(page, link, false);
  const found = [];
  found.push(...await axeLightDark(page, `laptop-intro-${lang}`));
  await page.locator('#start-section').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#q-heading');
  const n = (await client(env.srv.url, await sessionToken(page))('GET', '/v1/session')).sections[0].items;

  const expected = {};
  const tabCounts = [];
  for (let i = 0; i < n; i++) {
    await page.waitForFunction((want) => document.querySelector('#q-heading')?.textContent === want, HEADING[lang](i + 1));
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'q-heading');
    const item = await currentItem(page);
    if (i === 0) {
      const m = await page.evaluate(() => {
        const r = (el) => el.getBoundingClientRect();
        return {
          main: r(document.getElementById('main')).width,
          sheet: r(document.querySelector('.item .sheet-scroll')),
          pane: r(document.querySelector('.item .dv-pane')),
          docrows: getComputedStyle(document.querySelector('.item tr.dv-docrow')).display,
        };
      });
      assert.ok(m.main >= 1300, `the task takes the window's width (main ${m.main} px at 1440)`);
      assert.ok(m.pane.left >= m.sheet.right && m.pane.top < m.sheet.bottom, `the document pane is beside the sheet: ${JSON.stringify(m)}`);
      assert.equal(m.docrows, 'none', 'the documents are in the pane, not repeated in the sheet');
    }
    // From the heading: Tab into the sheet (one stop), Tab again to the answer.
    const fixes = await corrections(page);
    if (i === 0) assert.ok(fixes.length > 0, 'the first task has cells to correct');
    const toGrid = await pressUntil(page, 'Tab', '.item input[data-cell]');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.cell), await page.getAttribute('.item input[data-cell]', 'data-cell'), 'the sheet is entered at its first cell');
    let at = { r: 0, c: 0 };
    const cells = {};
    for (const f of fixes) {
      // Arrow keys to the cell, type over it (typing replaces a selected cell), Enter ends the edit.
      while (at.r < f.r) { await page.keyboard.press('ArrowDown'); at.r++; }
      while (at.r > f.r) { await page.keyboard.press('ArrowUp'); at.r--; }
      while (at.c < f.c) { await page.keyboard.press('ArrowRight'); at.c++; }
      while (at.c > f.c) { await page.keyboard.press('ArrowLeft'); at.c--; }
      assert.equal(await page.evaluate(() => document.activeElement.dataset.cell), f.key);
      if (i === 0 && f === fixes[0]) {
        // Beside the sheet: this row's document, the field of this column highlighted.
        const pane = await page.evaluate(() => ({
          title: document.querySelector('.item .dv-pane-title').textContent,
          hit: [...document.querySelectorAll('.item .dv-pane .doc-field.hit')].map((x) => x.dataset.column),
        }));
        assert.equal(pane.title, PANE[lang](f.r + 2));
        assert.deepEqual(pane.hit, [f.key.split(':')[1]]);
        await shot(page, `dv-laptop-${lang}-pane`);
      }
      await page.keyboard.type(f.value);
      await page.keyboard.press('Enter');
      cells[f.key] = f.value.trim();
    }
    const toTotal = await pressUntil(page, 'Tab', '.item .dv-total');
    const presses = toGrid + toTotal;
    tabCounts.push(presses);
    if (i === 0) {
      // eslint-disable-next-line no-console
      console.log(`[${lang}] Tab presses from the task heading to the answer field: ${presses} (${toGrid} into the sheet, ${toTotal} from it)`);
      assert.ok(presses <= 5, `the answer is ${presses} Tab presses from the heading (at most 5)`);
    }
    const total = 2000 + i;
    await page.keyboard.type(String(total));
    expected[item] = { cells, total };
    if (i === 0) {
      found.push(...await axeLightDark(page, `laptop-task-${lang}`));
    }
    // On to the next task: Tab to "Next" and press Enter.
    await pressUntil(page, 'Tab', '#next');
    await page.keyboard.press('Enter');
  }
  console.log(`[${lang}] Tab presses heading → answer, per task: ${tabCounts.join(', ')}`);
  assert.ok(tabCounts.every((x) => x <= 5), `every task: ${tabCounts}`);
  await page.waitForSelector('#finish-section');
  await waitSaved(page);
  const { saved } = await savedOnServer(env.srv.url, page, 1);
  assert.deepEqual(saved, expected, 'the server holds every correction and answer as typed');
  await shot(page, `dv-laptop-${lang}-review`);
  await pressUntil(page, 'Tab', '#finish-section');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#complete');
  await page.locator('#complete').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#feedback');
  assert.deepEqual(found, [], `axe: ${JSON.stringify(found, null, 1)}`);
  assert.deepEqual(realProblems(page), []);
  await ctx.close();
});

test('keys: Escape undoes an edit, Enter/F2 edit in place, Home/End and Ctrl+End move', async () => {
  const { link } = await dvInvite('en', 'Eva Escape');
  const ctx = await env.browser.newContext(LAPTOP);
  const page = await newPage(ctx);
  await startPart(page, link, false);
  await page.click('#start-section');
  await page.waitForSelector('#q-heading');
  await pressUntil(page, 'Tab', '.item input[data-cell]');
  const active = () => page.evaluate(() => document.activeElement.dataset.cell);
  const first = await active();
  const before = await page.inputValue(`.item input[data-cell="${first}"]`);
  // F2 edits in place: the caret is at the end, so typing appends; Escape restores.
  await page.keyboard.press('F2');
  await page.keyboard.type('XYZ');
  assert.equal(await page.inputValue(`.item input[data-cell="${first}"]`), `${before}XYZ`);
  await page.keyboard.press('Escape');
  assert.equal(await page.inputValue(`.item input[data-cell="${first}"]`), before);
  assert.equal(await page.locator('.item td.changed').count(), 0, 'nothing marked after the undo');
  // In an edit, arrows move the caret, not the cell.
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await active(), first);
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  const last = await active();
  assert.match(last, /^0:/);
  assert.notEqual(last, first);
  await page.keyboard.press('Control+End');
  const corner = await active();
  const rows = await page.locator('.item tr.dv-row').count();
  assert.match(corner, new RegExp(`^${rows - 1}:`));
  await page.keyboard.press('Control+Home');
  assert.equal(await active(), first);
  // Only one cell of the sheet is in the tab order at any time.
  assert.equal(await page.locator('.item input[data-cell][tabindex="0"]').count(), 1);
  // Shift+Tab leaves the sheet backwards in one press.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => !!document.activeElement.closest('.sheet')), false);
  assert.deepEqual(realProblems(page), []);
  await ctx.close();
});

// Driving the candidate app like a person: by touch (tap) or by keyboard only, recording
// every answer given so that the test can compare it with what the API stored.

import assert from 'node:assert/strict';
import { client } from './api.js';

/** The answer a scripted candidate gives to item number i (0-based) of a section. */
export function plannedAnswer(kind, i, cols) {
  switch (kind) {
    case 'likert': return ((i * 3) % 5) + 1;
    case 'disc': return { most: i % 4, least: (i + 2) % 4 };
    case 'datavalidation': return { cells: { [`0:${cols[1]}`]: `Fix ${i + 1}` }, total: 1000 + i };
    default: throw new Error(`no plan for ${kind}`);
  }
}

export async function currentItem(page) {
  await page.waitForSelector('.item[data-item]');
  return page.getAttribute('.item', 'data-item');
}

/** Answer the item on screen by tapping (mode 'tap') or clicking (mode 'click'). */
export async function answerByPointer(page, kind, i, mode = 'tap') {
  const item = await currentItem(page);
  const act = (loc) => (mode === 'tap' ? loc.tap() : loc.click());
  let value;
  if (kind === 'likert') {
    value = plannedAnswer(kind, i);
    await act(page.locator('.item label.option').nth(value - 1));
  } else if (kind === 'disc') {
    value = plannedAnswer(kind, i);
    await act(page.locator('.item fieldset').nth(0).locator('label.option').nth(value.most));
    await act(page.locator('.item fieldset').nth(1).locator('label.option').nth(value.least));
  } else if (kind === 'datavalidation') {
    const cols = await page.$$eval('.item input[data-cell^="0:"]', (els) => els.map((e) => e.dataset.cell.split(':')[1]));
    value = plannedAnswer(kind, i, cols);
    const [key, text] = Object.entries(value.cells)[0];
    const cell = page.locator(`.item input[data-cell="${key}"]`);
    await act(cell);
    await cell.fill(text);
    const total = page.locator('.item .dv-total');
    await act(total);
    await total.fill(String(value.total));
  } else if (kind === 'choice') {
    const n = await page.locator('.item label.option').count();
    value = i % n;
    await act(page.locator('.item label.option').nth(value));
  } else if (kind === 'sjt') {
    value = { best: i % 4, worst: (i + 1) % 4 };
    await act(page.locator('.item fieldset').nth(0).locator('label.option').nth(value.best));
    await act(page.locator('.item fieldset').nth(1).locator('label.option').nth(value.worst));
  } else if (kind === 'writing') {
    value = { text: `Reply ${i + 1}: I am sorry for the trouble. I have checked your order and will fix it today.` };
    const ta = page.locator('.item textarea');
    await act(ta);
    await ta.fill(value.text);
  } else if (kind === 'cases') {
    // Move the first case down once, then choose the first reply for every case.
    await act(page.locator('.item .case').first().locator('button').nth(1));
    const order = await page.$$eval('.item .case[data-case]', (els) => els.map((e) => e.dataset.case));
    const replies = {};
    for (const id of order) {
      await act(page.locator(`.item .case[data-case="${id}"] label.option`).first());
      replies[id] = 0;
    }
    value = { order, replies };
  } else {
    throw new Error(`cannot answer ${kind}`);
  }
  return { item, value };
}

/** Press Tab until the focused element matches selector (keyboard-only navigation). */
export async function tabTo(page, selector, { max = 60, back = false } = {}) {
  for (let n = 0; n < max; n++) {
    if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  const at = await page.evaluate(() => document.activeElement && document.activeElement.outerHTML.slice(0, 120));
  throw new Error(`could not Tab to ${selector}; focus is on ${at}`);
}

/** The focused element has a visible focus indicator (outline or box-shadow). */
export async function focusVisible(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const target = el.matches('input[type=radio], input[type=checkbox]') ? el.closest('label') || el : el;
    const cs = getComputedStyle(target);
    const own = getComputedStyle(el);
    return (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || (own.outlineStyle !== 'none' && parseFloat(own.outlineWidth) >= 2);
  });
}

/** Select index `target` in the radio group the focus is in, with Space and arrow keys. */
async function pickRadio(page, target) {
  await page.keyboard.press('Space');
  for (let n = 0; n < 10; n++) {
    const v = await page.evaluate(() => Number(document.activeElement.value));
    if (v === target) {
      if (!(await page.evaluate(() => document.activeElement.checked))) await page.keyboard.press('Space');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`radio ${target} not reached`);
}

/** Answer the item on screen with the keyboard only. Focus starts on the question heading. */
export async function answerByKeyboard(page, kind, i) {
  const item = await currentItem(page);
  let value;
  if (kind === 'likert') {
    value = plannedAnswer(kind, i);
    await tabTo(page, '.item input[type=radio]');
    await pickRadio(page, value - 1);
  } else if (kind === 'disc') {
    value = plannedAnswer(kind, i);
    await tabTo(page, '.item fieldset:nth-of-type(1) input[type=radio]');
    await pickRadio(page, value.most);
    await tabTo(page, '.item fieldset:nth-of-type(2) input[type=radio]');
    await pickRadio(page, value.least);
  } else {
    throw new Error(`no keyboard plan for ${kind}`);
  }
  assert.ok(await focusVisible(page), 'the focused radio shows a focus ring');
  return { item, value };
}

export async function sessionToken(page) {
  return page.evaluate(() => sessionStorage.getItem('shortlist.session'));
}

/** Wait until the app says every answer is saved. */
export async function waitSaved(page, timeout = 30000) {
  await page.waitForSelector('#save-state[data-state="saved"]', { timeout });
}

/** What the server holds for the open section n (GET /v1/session, as the candidate). */
export async function savedOnServer(base, page, n) {
  const me = client(base, await sessionToken(page));
  const ss = await me('GET', '/v1/session');
  const sec = ss.sections.find((s) => s.number === n);
  assert.equal(sec.state, 'open', `section ${n} is open`);
  return { saved: sec.saved || {}, session: ss, section: sec };
}

/** Seconds shown by the timer ("m:ss" or "h:mm:ss"). */
export async function timerSeconds(page) {
  const text = (await page.textContent('#timer')).trim();
  return text.split(':').map(Number).reduce((a, b) => a * 60 + b, 0);
}

// @ts-check
// The item runner: a part opened with the server's clock, one item at a time with the
// position remembered, the review before finishing, the deadline, and the part finished
// on this device until the server closes it (no request: see markFinished).

import { h, mount } from '../dom.js';
import { t, txt } from '../i18n.js';
import { intro, overview } from './intro.js';
import { answered, renderItem } from './items.js';
import { apiFailure } from './problems.js';
import { $main, Countdown, K, S, call, drawStatus, ensureSaver, inviteHash, screen, sleep, status, stopTimer } from './shell.js';
import { adoptSession } from './welcome.js';

/** Open (or reopen after a reload) section n and show its questions. */
export async function openSection(n) {
  let res;
  try {
    res = await call('POST', `/v1/session/sections/${n}/start`);
  } catch (e) {
    if (e.status === 409) {
      // Closed meanwhile (deadline, another tab): refresh and go on.
      try { adoptSession(await call('GET', '/v1/session')); } catch (e2) { return apiFailure(e2, () => openSection(n)); }
      return overview();
    }
    return apiFailure(e, () => openSection(n));
  }
  adoptSession(res.session);
  const section = res.section;
  const content = res.content || {};
  const saver = await ensureSaver();
  saver.setServerSeq(res.session.nextSeq);
  const answers = { ...(section.saved || {}), ...saver.unsaved(n) };
  const items = content.items || [];
  const serverNow = Date.parse(res.session.serverTime);
  const started = Date.parse(section.startedAt);
  const savedPos = (sessionStorage.getItem(K.pos) || '').split(':');
  let index = savedPos[0] === String(n) ? Number(savedPos[1]) || 0 : firstUnanswered(items, answers);
  if (index > items.length) index = 0;
  S.sec = {
    n, kind: section.kind, name: section.name, items, answers, index,
    instructions: content.instructions,
    agreement: content.agreement,
    contentLang: S.session.assessment.lang,
    itemMs: {}, shownAt: performance.now(),
    elapsedAtOpen: Number.isFinite(serverNow - started) ? Math.max(0, serverNow - started) : 0,
    openedAt: performance.now(),
    closing: false,
  };
  stopTimer();
  if (typeof section.remainingSeconds === 'number') {
    S.timer = new Countdown(section.remainingSeconds, timeUp);
  }
  status.save = status.save || 'saved';
  saver.report();
  drawStatus();
  if (saver.count()) saver.cut();
  showItem(index, true);
}

export function firstUnanswered(items, answers) {
  const i = items.findIndex((it) => !answered(answers[it.id]));
  return i < 0 ? items.length : i;
}

export function noteEvent(type) {
  const sec = S.sec;
  if (!sec || !S.saver || sec.closing) return;
  const item = sec.items[sec.index];
  const atMs = Math.round(sec.elapsedAtOpen + performance.now() - sec.openedAt);
  S.saver.event(sec.n, { type, item: item ? item.id : undefined, atMs });
}

export function onVisibility() {
  if (document.visibilityState === 'hidden') {
    noteEvent('blur');
    if (S.saver) S.saver.flushOnHide();
    sendOwedFinishOnHide();
    banked();
  } else if (S.sec && S.timer) {
    // Phones freeze timers in the background: ask the server how long is really left.
    call('GET', '/v1/session').then((ss) => {
      const sec = ss.sections[S.sec.n - 1];
      if (sec && sec.state === 'open' && typeof sec.remainingSeconds === 'number' && S.timer) S.timer.set(sec.remainingSeconds);
      else if (sec && sec.state === 'closed' && S.sec && !S.sec.closing) timeUp();
    }).catch(() => {});
  }
  if (S.sec) S.sec.shownAt = performance.now();
}

/** Add the time spent on the current item so far to its total. */
export function banked() {
  const sec = S.sec;
  if (!sec) return 0;
  const item = sec.items[sec.index];
  if (!item) return 0;
  const now = performance.now();
  if (document.visibilityState !== 'hidden') sec.itemMs[item.id] = (sec.itemMs[item.id] || 0) + (now - sec.shownAt);
  sec.shownAt = now;
  return sec.itemMs[item.id];
}

/** Kinds whose items are tasks ("Task 3 of 12") rather than questions. */
const TASK_KINDS = new Set(['datavalidation', 'writing', 'cases']);

export function showItem(index, focusItem) {
  const sec = S.sec;
  banked();
  sec.index = Math.max(0, Math.min(index, sec.items.length));
  sessionStorage.setItem(K.pos, `${sec.n}:${sec.index}`);
  sec.shownAt = performance.now();
  if (sec.index >= sec.items.length) return review();
  const total = sec.items.length;
  // Numbered from the order shown (items are shuffled per session): the content never numbers itself.
  const label = () => t(TASK_KINDS.has(sec.kind) ? 'section.task' : 'section.question', { i: sec.index + 1, n: total });
  screen(() => `${sec.name}: ${label()}`, () => {
    const item = sec.items[sec.index];
    const qh = h('h2', { id: 'q-heading', class: 'item-count' }, label());
    const title = h('h1', { class: 'section-title' }, `${t('intro.title', { n: sec.n, total: S.session.sections.length, name: sec.name })}`);
    const r = renderItem(sec.kind, item, {
      value: sec.answers[item.id],
      lang: sec.contentLang,
      agreement: sec.agreement,
      onChange: (v) => {
        sec.answers[item.id] = v;
        const ms = banked();
        S.saver.record(sec.n, item.id, v, ms);
        updateJump();
      },
      onEvent: (ev) => noteEvent(ev.type),
    });
    const isLast = sec.index === total - 1;
    const prev = h('button', { type: 'button', class: 'secondary', id: 'prev', disabled: sec.index === 0, onclick: () => showItem(sec.index - 1, true) }, h('span', { 'aria-hidden': 'true' }, '← '), t('section.prev'));
    const next = h('button', { type: 'button', id: 'next', onclick: () => showItem(sec.index + 1, true) }, isLast ? t('section.review') : [t('section.next'), h('span', { 'aria-hidden': 'true' }, ' →')]);
    const jump = h('details', { class: 'jump' });
    const updateJump = () => {
      const n = sec.items.filter((it) => answered(sec.answers[it.id])).length;
      const wasOpen = jump.open;
      mount(jump,
        h('summary', {}, t('section.jump', { answered: n, n: total })),
        h('ul', { class: 'jump-grid' }, sec.items.map((it, i) => h('li', {}, h('button', {
          type: 'button',
          'aria-label': t('section.jump.item', { i: i + 1, state: t(answered(sec.answers[it.id]) ? 'section.jump.answered' : 'section.jump.unanswered') }),
          'aria-current': i === sec.index ? 'true' : null,
          dataset: { answered: String(answered(sec.answers[it.id])) },
          onclick: () => showItem(i, true),
        }, String(i + 1))))));
      jump.open = wasOpen;
    };
    updateJump();
    const instr = txt(sec.instructions, sec.contentLang);
    $main().classList.toggle('task-wide', sec.kind === 'datavalidation');
    mount($main(), title,
      instr ? h('details', { class: 'instructions-box' }, h('summary', {}, t('section.instructions')), h('p', { class: 'instructions', lang: sec.contentLang }, instr)) : null,
      h('div', { class: 'item-head' }, qh),
      h('div', { class: 'item', lang: sec.contentLang, 'data-item': item.id }, r.el),
      h('div', { class: 'item-nav' }, prev, next),
      jump);
    return focusItem ? qh : null;
  });
}

export function review() {
  const sec = S.sec;
  const total = sec.items.length;
  // The end of the part: send what is pending now, without holding up the screen.
  S.saver.flush();
  screen(() => t('section.review.title', { n: sec.n }), () => {
    const h1 = h('h1', {}, t('section.review.title', { n: sec.n }));
    const missing = sec.items.map((it, i) => (answered(sec.answers[it.id]) ? null : i + 1)).filter(Boolean);
    const finishBtn = h('button', { type: 'button', id: 'finish-section', onclick: () => finishSection(finishBtn) }, t('section.review.finish', { n: sec.n }));
    mount($main(), h1,
      h('p', {}, t('section.review.count', { answered: total - missing.length, n: total })),
      missing.length ? h('p', { class: 'note warn' }, t('section.review.missing', { list: missing.join(', ') })) : null,
      h('p', {}, t('section.review.note')),
      h('div', { id: 'finish-msg', role: 'status' }),
      h('div', { class: 'actions split' },
        h('button', { type: 'button', class: 'secondary', id: 'back-to-questions', onclick: () => showItem(missing.length ? missing[0] - 1 : 0, true) }, t('section.review.back')),
        finishBtn));
    return h1;
  });
}

export async function finishSection(btn) {
  const sec = S.sec;
  if (sec.closing) return;
  sec.closing = true;
  btn.disabled = true;
  const msg = document.getElementById('finish-msg');
  msg.textContent = t('section.finishing');
  const slow = setTimeout(() => { msg.textContent = t('section.waiting'); }, 4000);
  await S.saver.flush();
  clearTimeout(slow);
  // No request: the server closes this part when the next one starts (or at completion),
  // which saves a write; this device remembers it as finished meanwhile.
  markFinished(sec.n);
  sessionStorage.removeItem(K.pos);
  stopTimer();
  S.sec = null;
  drawStatus();
  const next = S.session.sections.find((s) => s.state !== 'closed');
  if (next) intro(next.number); else overview();
}

// ---------------------------------------------------------------- parts finished on this device

export async function loadFinished() {
  S.finishedKey = `${K.finished}.${await inviteHash()}`;
  let n = 0;
  try { n = Number(localStorage.getItem(S.finishedKey)) || 0; } catch { /* storage blocked */ }
  S.finished = Number.isInteger(n) && n > 0 ? n : 0;
  S.finishOwed = false;
}

export function saveFinished() {
  if (!S.finishedKey) return;
  try {
    if (S.finished) localStorage.setItem(S.finishedKey, String(S.finished));
    else localStorage.removeItem(S.finishedKey);
  } catch { /* private mode: remembered in this tab only */ }
}

/** Part n is finished here: remember it (a reload never shows it again) and close it in this view. */
export function markFinished(n) {
  S.finished = n;
  saveFinished();
  overlayFinished();
}

/**
 * Apply the part finished on this device to the server's session just adopted: while the
 * server still has it open, this view has it closed and its finish is owed; once the
 * server reports it closed (next Start, completion, deadline, a sent finish), forget it.
 */
export function overlayFinished() {
  const ss = S.session;
  const n = S.finished;
  if (!n || !ss || !Array.isArray(ss.sections)) return;
  const sec = ss.sections[n - 1];
  if (!sec || sec.state !== 'open') {
    S.finished = 0;
    S.finishOwed = false;
    saveFinished();
    return;
  }
  S.finishOwed = true;
  ss.sections[n - 1] = { ...sec, state: 'closed', remainingSeconds: undefined, saved: undefined };
}

/** The page is hidden or closing between parts: send the owed finish, outliving the page. */
export function sendOwedFinishOnHide() {
  if (!S.finishOwed || S.finishSending || !S.token) return;
  const n = S.finished;
  S.finishSending = true;
  call('POST', `/v1/session/sections/${n}/finish`, undefined, { keepalive: true })
    .then(() => {
      // Closed on the server; this view already has it closed.
      if (S.finished === n) { S.finished = 0; S.finishOwed = false; saveFinished(); }
    })
    .catch(() => { /* the next Start, a later hide or the next load sends it */ })
    .finally(() => { S.finishSending = false; });
}

/** The section's deadline passed: send what is queued (within the server's grace), close. */
export async function timeUp() {
  const sec = S.sec;
  if (!sec || sec.closing) return;
  sec.closing = true;
  stopTimer();
  await Promise.race([S.saver.flush(), sleep(8000)]);
  try { await call('POST', `/v1/session/sections/${sec.n}/finish`); } catch { /* closed already */ }
  try { adoptSession(await call('GET', '/v1/session')); } catch { /* keep the last view */ }
  sessionStorage.removeItem(K.pos);
  S.sec = null;
  drawStatus();
  screen(() => t('section.timeup.title', { n: sec.n }), () => {
    const h1 = h('h1', {}, t('section.timeup.title', { n: sec.n }));
    const next = S.session.sections.find((s) => s.state !== 'closed');
    mount($main(), h1, h('p', { class: 'note warn' }, t('section.timeup.body')),
      h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => (next ? intro(next.number) : overview()) }, t('section.next.part'))));
    return h1;
  });
}

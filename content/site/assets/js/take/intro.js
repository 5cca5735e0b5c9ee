// @ts-check
// Between parts: the overview of the parts and each part's introduction before its clock
// (instructions, real time limit, practice questions). Nothing here starts a clock.

import { h, mount } from '../dom.js';
import { getLang, t, txt } from '../i18n.js';
import { complete } from './finish.js';
import { renderItem } from './items.js';
import { limitText, totalMinutes } from './notice.js';
import { PRACTICE } from './practice.js';
import { apiFailure } from './problems.js';
import { openSection } from './runner.js';
import { $main, S, call, screen, stopTimer } from './shell.js';
import { adoptSession } from './welcome.js';

/** A part's real time limit (extra time included by the server): "15 min", "1 min 30 s", "45 s". */
export function minutesOf(sec) {
  return sec.timeLimitSeconds ? limitText(sec.timeLimitSeconds) : null;
}

export function overview() {
  S.sec = null;
  stopTimer();
  const ss = S.session;
  const next = ss.sections.find((s) => s.state !== 'closed');
  screen(() => t('overview.title'), () => {
    const { h1, nodes } = overviewView({
      name: ss.assessment.name, lang: ss.assessment.lang, sections: ss.sections, next,
      minutes: S.preview ? totalMinutes(S.preview.assessment.sections) : ss.assessment.minutes,
      action: next
        ? h('button', { type: 'button', class: 'block', onclick: () => intro(next.number) },
          next.state === 'open' ? t('overview.continue', { n: next.number }) : t('overview.begin', { n: next.number }))
        : h('button', { type: 'button', class: 'block', id: 'complete', onclick: (ev) => complete(ev.currentTarget) }, t('overview.finish')),
    });
    mount($main(), nodes);
    return h1;
  });
}

/**
 * The overview's content: the parts in order with their questions, real time limits and
 * states, then `action` (begin or continue the next part, or finish).
 * @param {{name: string, lang: string, minutes: number, next: any, action: any,
 *   sections: {number: number, name: string, items: number, timeLimitSeconds?: number, state: string}[]}} o
 */
export function overviewView({ name, lang, minutes, sections, next, action }) {
  const h1 = h('h1', {}, t('overview.title'));
  const items = sections.map((s) => h('li', { 'aria-current': next && s.number === next.number ? 'step' : null },
    h('span', { class: 'grow' }, h('strong', {}, `${s.number}. `), h('span', { lang }, s.name), h('br'),
      h('span', { class: 'muted' }, [t('overview.items', { n: s.items }), ' · ',
        s.timeLimitSeconds ? t('overview.timed', { time: minutesOf(s) }) : t('overview.untimed')])),
    h('span', { class: `pill ${s.state === 'closed' ? 'ok' : s.state === 'open' ? 'brand' : ''}` }, t(`overview.state.${s.state}`))));
  const nodes = [h1,
    h('p', { class: 'lead' }, t('overview.lead', { name, n: sections.length, min: minutes })),
    h('h2', {}, t('overview.parts')),
    h('ol', { class: 'steps' }, items),
    next ? null : h('p', { class: 'note ok' }, t('overview.all.done')),
    h('div', { class: 'actions' }, action)];
  return { h1, nodes };
}

/**
 * A part's introduction, before its clock: the content's instructions (and how it is
 * scored), the content's practice questions (choice items checked by the server), or the
 * site's own practice item for kinds whose content has none. GET /v1/session/sections/{n}
 * does not start anything; only "Start part n" does.
 */
export async function intro(n) {
  const ss = S.session;
  const sec = ss.sections[n - 1];
  if (sec.state === 'open') return openSection(n);
  S.sec = null;
  stopTimer();
  let data = S.intros.get(n);
  if (!data) {
    screen(() => t('intro.title', { n, total: ss.sections.length, name: sec.name }), () => { mount($main(), h('p', { role: 'status' }, t('loading'))); return null; });
    try {
      data = await call('GET', `/v1/session/sections/${n}`);
      S.intros.set(n, data);
    } catch (e) {
      if (e.status === 401 || e.status === 410) return apiFailure(e, () => intro(n));
      data = null; // the site's own introduction and practice still let the candidate start
    }
  }
  if (data && data.section && data.section.state === 'open') return openSection(n);
  if (data && data.section && data.section.state === 'closed') {
    try { adoptSession(await call('GET', '/v1/session')); } catch (e) { return apiFailure(e, () => intro(n)); }
    return overview();
  }
  const info = (data && data.intro) || {};
  const contentLang = ss.assessment.lang;
  const timeLimit = (data && data.section && data.section.timeLimitSeconds) || sec.timeLimitSeconds;
  const fromContent = Array.isArray(info.practice) && info.practice.length > 0;
  const site = PRACTICE[sec.kind];
  // One practice card per item: [{item, lang, open, check(value) → feedback}], state kept across redraws.
  const cards = fromContent
    ? info.practice.map((item) => ({ item, lang: contentLang, check: (v) => checkContentPractice(n, sec.kind, item, v, contentLang) }))
    : site ? [{ item: site.item, lang: null, check: (v) => checkSitePractice(site, v) }] : [];
  const state = cards.map(() => ({ value: null, feedback: null, busy: false }));

  screen(() => t('intro.title', { n, total: ss.sections.length, name: sec.name }), () => {
    const { h1, nodes } = introView({
      n, total: ss.sections.length, sec, info, contentLang, timeLimit, cards, state,
      back: h('button', { type: 'button', class: 'secondary', onclick: overview }, t('intro.back')),
      start: h('button', { type: 'button', id: 'start-section', onclick: (ev) => { ev.currentTarget.disabled = true; openSection(n); } }, t('intro.start', { n })),
    });
    $main().classList.toggle('task-wide', sec.kind === 'datavalidation');
    mount($main(), nodes);
    return h1;
  });
  return undefined;
}

/**
 * A part's introduction: how it works (the content's instructions, or the kind's own
 * words), its questions and real time limit, how it is scored, then one card per practice
 * item (`cards[i].check(value)` → feedback; `state[i]` keeps the answer across redraws),
 * and the `back` and `start` buttons.
 * @param {{n: number, total: number, sec: {name: string, kind: string, items: number},
 *   info: any, contentLang: string, timeLimit?: number, cards: any[], state: any[], back: any, start: any}} o
 */
export function introView({ n, total, sec, info, contentLang, timeLimit, cards, state, back, start }) {
  const ui = getLang();
  const h1 = h('h1', {}, t('intro.title', { n, total, name: sec.name }));
  const parts = [h1,
    h('h2', {}, t('intro.how')),
    info.instructions
      ? h('p', { class: 'instructions', id: 'intro-instructions', lang: contentLang }, info.instructions)
      : h('p', { class: 'instructions' }, t(`kind.${sec.kind}`)),
    Array.isArray(info.rubric) && info.rubric.length ? [
      h('h3', {}, t('intro.rubric')),
      h('ul', { lang: contentLang }, info.rubric.map((c) => h('li', {}, h('strong', {}, c.name), c.description ? `: ${c.description}` : ''))),
    ] : null,
    h('p', {}, t('intro.count', { n: sec.items })),
    h('p', { class: timeLimit ? 'note warn' : 'note', id: 'intro-time' },
      timeLimit ? t('intro.timed', { time: minutesOf({ timeLimitSeconds: timeLimit }), n }) : t('intro.untimed')),
    info.howScored ? h('details', { class: 'instructions-box', id: 'intro-scoring' },
      h('summary', {}, t('intro.scoring')), h('p', { class: 'instructions', lang: contentLang }, info.howScored)) : null];
  if (cards.length) parts.push(h('p', { class: 'muted', id: 'intro-clock' }, t('intro.clock')));
  cards.forEach((card, i) => {
    const st = state[i];
    const num = i + 1;
    const hid = num === 1 ? 'practice-h' : `practice-h-${num}`;
    const fbBox = h('div', { class: 'practice-feedback', role: 'status', id: `practice-fb-${num}` });
    const r = renderItem(sec.kind, card.item, {
      value: st.value, lang: card.lang || ui, agreement: card.lang ? info.agreement : undefined,
      onChange: (v) => { st.value = v; }, onEvent: () => {},
    });
    const btn = h('button', {
      type: 'button', class: 'secondary', id: num === 1 ? 'practice-check' : `practice-check-${num}`,
      'aria-describedby': `practice-fb-${num}`,
      onclick: async () => {
        if (st.busy) return;
        if (st.value === null || st.value === undefined) {
          st.feedback = { tone: 'warn', text: () => t('practice.incomplete') };
        } else {
          st.busy = true;
          mount(document.getElementById(`practice-fb-${num}`) || fbBox, h('p', { class: 'muted' }, t('practice.checking')));
          st.feedback = await card.check(st.value);
          st.busy = false;
        }
        drawFeedback(document.getElementById(`practice-fb-${num}`) || fbBox, st.feedback);
      },
    }, t('intro.practice.check'));
    parts.push(h('section', { class: 'card practice', 'aria-labelledby': hid, dataset: { practice: card.item.id } },
      h('h2', { id: hid }, cards.length > 1 ? t('intro.practice.n', { i: num, n: cards.length }) : t('intro.practice')),
      h('p', { class: 'muted' }, t('intro.practice.note')),
      h('div', { lang: card.lang || ui }, r.el),
      h('div', { class: 'actions' }, btn),
      fbBox));
    drawFeedback(fbBox, st.feedback);
  });
  parts.push(h('div', { class: 'actions split' }, back, start));
  return { h1, nodes: parts };
}

/** Practice feedback: {tone: ok|warn|info, text, detail?, detailLang?} in its status box. */
export function drawFeedback(box, fb) {
  if (!fb) return mount(box);
  const text = typeof fb.text === 'function' ? fb.text() : fb.text;
  return mount(box, h('p', { class: `note ${fb.tone === 'info' ? '' : fb.tone}`.trim() }, text,
    fb.detail ? [' ', h('span', { lang: fb.detailLang || null }, fb.detail)] : null));
}

/** A content practice item: choice items are checked by the server; others are not marked. */
export async function checkContentPractice(n, kind, item, value, contentLang) {
  const unchecked = { tone: 'info', text: () => t(kind === 'datavalidation' ? 'practice.unchecked.datavalidation' : 'practice.unchecked') };
  if (kind !== 'choice' || typeof value !== 'number') return unchecked;
  try {
    const r = await call('POST', '/v1/session/practice', { section: n, item: item.id, answer: value });
    return { tone: r.right ? 'ok' : 'warn', text: () => t(r.right ? 'practice.right' : 'practice.wrong'), detail: r.explanation, detailLang: contentLang };
  } catch (e) {
    if (e.status === 400) return unchecked; // an item without a right answer to check
    return { tone: 'warn', text: () => t('practice.fail') };
  }
}

/** The site's own practice item (kinds without content practice), checked here. */
export function checkSitePractice(practice, value) {
  if (practice.open) return { tone: 'ok', text: () => t('practice.any') };
  const why = practice.check(value);
  return why ? { tone: 'warn', text: () => t('practice.not', { why: txt(why, getLang()) }) } : { tone: 'ok', text: () => t('practice.ok') };
}

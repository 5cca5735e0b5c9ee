// @ts-check
// The notice before Start, on one phone screen (390×844): who invites, what and how long,
// the four facts a candidate must know (who sees the data, how long it is kept, who
// decides, adjustments), then the checkbox and Start. The organisation's own notice and
// every detail are one tap away in "Read the full notice" (a <details>), never repeated.

import { h } from '../dom.js';
import { t, getLang, fmtDate } from '../i18n.js';

/**
 * @typedef {{name: string, observes?: string, minutes: number, timeLimitSeconds?: number}} PreviewPart
 * @typedef {{
 *   organisation: string, candidate: string, lang: string,
 *   assessment: {name: string, minutes: number, sections: PreviewPart[]},
 *   notice?: {es?: string, en?: string}, noticeVersion: string, retentionDays: number,
 *   decidedBy?: string, expiresAt?: string, started?: boolean, finished?: boolean, extraTime?: number,
 *   groupField?: {es?: string, en?: string}
 * }} Preview
 */

/** Minutes a part takes as the candidate is told: a timed part's real limit (extra time included), else the estimate. */
export function partMinutes(/** @type {PreviewPart} */ sec) {
  return sec.timeLimitSeconds ? Math.ceil(sec.timeLimitSeconds / 60) : sec.minutes;
}

/** A time limit as it will be counted: "15 min", "1 min 30 s", "45 s". */
export function limitText(/** @type {number} */ seconds) {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (!m) return `${s} s`;
  return s ? `${m} min ${s} s` : `${m} min`;
}

/** The total, from the parts themselves (never a stored estimate that disagrees with them). */
export function totalMinutes(/** @type {PreviewPart[]} */ sections) {
  return sections.reduce((sum, s) => sum + partMinutes(s), 0);
}

/**
 * The notice screen's content. `st` keeps the checkbox and its error across redraws;
 * `onStart(box, button)` runs when Start is pressed.
 * @param {Preview} p
 * @param {{checked: boolean, error: boolean, open: boolean}} st
 * @param {{message?: string, onStart: (box: HTMLInputElement, btn: HTMLButtonElement) => void}} opts
 * @returns {{h1: HTMLElement, nodes: any[]}}
 */
export function noticeView(p, st, opts) {
  const ui = getLang();
  const h1 = h('h1', {}, t('notice.title'));
  const errId = 'ack-error';
  const box = /** @type {HTMLInputElement} */ (h('input', {
    type: 'checkbox', id: 'ack', checked: st.checked, 'aria-describedby': st.error ? errId : null, 'aria-invalid': st.error ? 'true' : null,
    onchange: (/** @type {Event} */ ev) => { st.checked = /** @type {HTMLInputElement} */ (ev.currentTarget).checked; },
  }));
  const startBtn = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'block', id: 'start' }, p.started ? t('notice.continue') : t('notice.start')));
  startBtn.addEventListener('click', () => opts.onStart(box, startBtn));

  const sections = (p.assessment && p.assessment.sections) || [];
  const timed = sections.filter((s) => s.timeLimitSeconds).length;
  const minutes = totalMinutes(sections);
  // The organisation's notice, in the interface language (both are required when it is custom).
  const text = (p.notice && (p.notice[ui] || p.notice.en || p.notice.es)) || '';
  const noticeLang = p.notice && p.notice[ui] ? ui : (p.notice && p.notice.en ? 'en' : 'es');
  const paras = text.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean);
  const decided = ui === p.lang && p.decidedBy ? h('p', { lang: p.lang }, p.decidedBy) : h('p', {}, t('notice.decide.1'));
  const section = (/** @type {string} */ id, /** @type {string} */ title, /** @type {any[]} */ ...body) =>
    h('section', { 'aria-labelledby': `n-${id}` }, h('h3', { id: `n-${id}` }, title), body);

  const full = h('details', { class: 'notice-full', id: 'notice-full', open: st.open,
    ontoggle: (/** @type {Event} */ ev) => { st.open = /** @type {HTMLDetailsElement} */ (ev.currentTarget).open; } },
  h('summary', {}, t('notice.full')),
  section('org', t('notice.org.h', { org: p.organisation }),
    h('div', { class: 'org-notice', id: 'org-notice', lang: noticeLang }, paras.map((x) => h('p', {}, x)))),
  section('what', t('notice.what.h'),
    h('ol', { class: 'parts', id: 'notice-parts' }, sections.map((sec) => h('li', {},
      h('strong', { lang: p.lang }, sec.name),
      sec.observes ? [h('br'), h('span', { lang: p.lang }, sec.observes)] : null,
      h('br'),
      h('span', { class: 'muted' }, sec.timeLimitSeconds
        ? t('notice.part.timed', { time: limitText(sec.timeLimitSeconds) })
        : t('notice.part.untimed', { min: sec.minutes }))))),
    p.extraTime && p.extraTime > 1 ? h('p', { id: 'notice-extra' }, t('notice.extra', { pct: Math.round((p.extraTime - 1) * 100) })) : null,
    h('p', {}, t('notice.what.2')), h('p', {}, t('notice.what.3'))),
  section('data', t('notice.data.h'), h('p', {}, t('notice.data.1')), h('p', {}, t('notice.data.2'))),
  section('keep', t('notice.keep.h'), h('p', { id: 'notice-keep' }, t('notice.keep.1', { org: p.organisation, days: p.retentionDays }))),
  section('decide', t('notice.decide.h'), decided),
  section('access', t('notice.access.h'), h('p', {}, t('notice.access.1'))));

  const nodes = [h1,
    h('p', { class: 'lead', id: 'notice-lead' }, t('notice.lead', { candidate: p.candidate, org: p.organisation, name: p.assessment.name })),
    opts.message ? h('p', { class: 'note warn', role: 'alert', id: 'notice-changed' }, opts.message) : null,
    p.started ? h('p', { class: 'note' }, t('notice.started')) : null,
    h('ul', { class: 'notice-summary', id: 'notice-summary' },
      h('li', { id: 'notice-time' }, t(timed ? 'notice.sum.time' : 'notice.sum.time.untimed', { n: sections.length, min: minutes, timed })),
      h('li', {}, t('notice.sum.data', { org: p.organisation })),
      h('li', {}, t('notice.sum.keep', { days: p.retentionDays })),
      h('li', {}, t('notice.sum.decide'))),
    full,
    h('div', { class: 'panel notice-ack' },
      h('label', { class: 'check', for: 'ack' }, box, h('span', {}, t('notice.ack'))),
      st.error ? h('p', { id: errId, class: 'error-text' }, t('notice.ack.missing')) : null,
      startBtn,
      h('p', { class: 'muted small', id: 'notice-version' }, t('notice.version', { v: p.noticeVersion }),
        !p.started && p.expiresAt ? [' · ', t('notice.expires', { date: fmtDate(p.expiresAt) })] : null))];
  return { h1, nodes };
}

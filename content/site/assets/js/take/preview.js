// @ts-check
// "Preview as candidate": the candidate app as a hiring manager opens it from the console's
// builder, showing what a candidate sees before and between parts (the employer's name and
// accent, the notice, the overview, each part's introduction with its real time limit and
// the practice item) without any invite, session or answer on the server. Only the public
// catalog is read (GET /v1/catalog/instruments/{id}, GET /v1/catalog/roles/{roleId}); no
// request that writes is ever sent, and nothing is kept in this browser's storage. Every
// screen carries the banner "Preview — nothing is saved"; no part's clock is started.
//
// URL: /take/#preview=<payload>, where <payload> is the base64url encoding (RFC 4648 §5,
// "-" and "_", padding optional) of the UTF-8 JSON object:
//
//   {
//     "lang": "es" | "en",          // required: the assessment's language (content and default UI)
//     "name": "Ventas back office",  // optional: the assessment's name as typed in the builder
//     "roleId": "sales-back-office", // optional: a catalog role; its mix gives the parts when
//                                    //   "sections" is absent or empty
//     "orgName": "Demo hiring team", // optional: the name candidates see (display name first)
//     "accentColor": "#1d4ed8",      // optional: the organisation's accent (#rrggbb)
//     "retentionDays": 180,          // optional: the organisation's retention (default 180)
//     "sections": [                  // optional: the parts in order
//       {"instrument": "excel-sales-validation", "seconds": 60}
//     ],
//     "extraTime": 1.5               // optional: 1–3, multiplies every timed part
//   }
//
// A section's "seconds" is the part's time limit as set in the builder (the assessment's
// timeLimits[instrument], 60–7200); "minutes" is accepted instead (× 60); without either,
// the catalog's own limit applies, and an instrument without one is untimed ("seconds": 0
// shows the part untimed). The limit shown is ceil(limit × extraTime) seconds, as the
// server counts it. At most 12 sections; unknown fields are ignored; a payload that does
// not parse shows an explanation, nothing else. The public catalog does not give the
// organisation's own notice text (the preview says where it appears) nor the content's own
// instructions and practice questions (the kind's instructions and the site's practice
// item for that kind are shown instead, as for a part whose content has none).
// The console builds it with:
//   btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(obj))))
//     .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

import { h, mount } from '../dom.js';
import { api } from '../http.js';
import { t, setLang, getLang } from '../i18n.js';
import { noticeView, totalMinutes } from './notice.js';
import { PRACTICE } from './practice.js';
import { overviewView, introView, checkSitePractice } from './intro.js';
import { $main, S, screen, chrome, applyBranding } from './shell.js';

const MAX_SECTIONS = 12;
const MAX_EXTRA = 3;

/**
 * @typedef {{instrument: string, seconds?: number, minutes?: number}} PreviewSection
 * @typedef {{lang: 'es'|'en', name?: string, roleId?: string, orgName?: string, accentColor?: string,
 *   retentionDays?: number, sections?: PreviewSection[], extraTime?: number}} PreviewSpec
 */

/** The payload after "#preview=", or null when the fragment is not a preview. */
export function previewPayload(/** @type {string} */ hash) {
  const m = /^#preview=([A-Za-z0-9_-]+={0,2})$/.exec(hash || '');
  return m ? m[1] : null;
}

/**
 * Decode and check a payload. Throws an Error with a short reason when it is not usable.
 * @param {string} payload
 * @returns {PreviewSpec}
 */
export function parsePreview(payload) {
  let json;
  try {
    const b64 = payload.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch {
    throw new Error('not base64url JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('not a JSON object');
  const lang = json.lang === 'es' || json.lang === 'en' ? json.lang : null;
  if (!lang) throw new Error('lang must be "es" or "en"');
  const str = (/** @type {any} */ v, max) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);
  const id = (/** @type {any} */ v) => (typeof v === 'string' && /^[a-z0-9][a-z0-9-]{0,80}$/.test(v) ? v : undefined);
  const sections = [];
  for (const s of Array.isArray(json.sections) ? json.sections.slice(0, MAX_SECTIONS) : []) {
    const instrument = s && id(s.instrument);
    if (!instrument) throw new Error('each section needs an instrument id');
    const num = (/** @type {any} */ v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
    const seconds = num(s.seconds) ?? (num(s.minutes) !== undefined ? num(s.minutes) * 60 : undefined);
    sections.push({ instrument, seconds: seconds === undefined ? undefined : Math.round(seconds) });
  }
  const roleId = id(json.roleId);
  if (!sections.length && !roleId) throw new Error('give sections or a roleId');
  const extra = typeof json.extraTime === 'number' && Number.isFinite(json.extraTime) ? Math.min(MAX_EXTRA, Math.max(1, json.extraTime)) : 1;
  const days = Number.isInteger(json.retentionDays) && json.retentionDays > 0 ? json.retentionDays : 180;
  const accent = typeof json.accentColor === 'string' && /^#[0-9a-fA-F]{6}$/.test(json.accentColor) ? json.accentColor : undefined;
  return { lang, name: str(json.name, 120), roleId, orgName: str(json.orgName, 120), accentColor: accent, retentionDays: days, sections, extraTime: extra };
}

/** A part's limit as the candidate will have it: the builder's or the catalog's, × extra time, rounded up to a second. */
export function previewLimit(/** @type {number|undefined} */ builder, /** @type {number|undefined} */ catalog, /** @type {number} */ extra) {
  const base = builder !== undefined ? builder : catalog;
  return base ? Math.ceil(base * Math.max(1, extra || 1)) : 0;
}

/** The banner on every preview screen (in the header, so it stays when screens change). */
function banner() {
  let el = document.getElementById('preview-banner');
  if (!el) {
    el = h('p', { class: 'preview-banner', id: 'preview-banner' });
    const inner = document.querySelector('.topbar-inner');
    (inner || document.body).append(el);
  }
  el.textContent = t('preview.banner');
}

/**
 * Start the preview from the fragment's payload: read the parts from the public catalog
 * and show the notice. Nothing here touches the invite or session kept in sessionStorage.
 * @param {string} payload
 * @param {boolean} langChosen the candidate's own language choice (localStorage) wins over the spec's
 */
export async function startPreview(payload, langChosen) {
  document.documentElement.dataset.preview = 'true';
  S.previewMode = true;
  let spec;
  try {
    spec = parsePreview(payload);
  } catch (e) {
    banner();
    screen(() => t('preview.bad.title'), () => {
      const h1 = h('h1', {}, t('preview.bad.title'));
      mount($main(), h1, h('p', { class: 'note bad' }, t('preview.bad.body')), h('p', { class: 'muted' }, String(e.message || e)));
      return h1;
    });
    return;
  }
  if (!langChosen) { setLang(spec.lang); chrome(); }
  banner();
  applyBranding(spec.orgName || spec.accentColor ? { displayName: spec.orgName || '', organisation: spec.orgName || '', accentColor: spec.accentColor } : null);
  screen(() => t('notice.title'), () => { mount($main(), h('p', { role: 'status' }, t('loading'))); return null; });
  let parts;
  try {
    parts = await loadParts(spec);
  } catch (e) {
    screen(() => t('preview.bad.title'), () => {
      const h1 = h('h1', {}, t('preview.bad.title'));
      mount($main(), h1, h('p', { class: 'note bad', role: 'alert' }, t('preview.fail', { msg: String(e.message || e) })));
      return h1;
    });
    return;
  }
  // Names are read at each drawing, so a language switch redraws them in the new language.
  const P = {
    spec, parts,
    org: () => spec.orgName || t('preview.org'),
    name: () => spec.name || parts.roleName || t('preview.name'),
  };
  previewNotice(P);
}

/** The parts from the public catalog, in the spec's order (or the role's mix). */
async function loadParts(/** @type {PreviewSpec} */ spec) {
  const q = `?lang=${spec.lang}`;
  let list = spec.sections || [];
  let roleName = '';
  if (!list.length && spec.roleId) {
    const role = await api('GET', `/v1/catalog/roles/${encodeURIComponent(spec.roleId)}${q}`);
    roleName = role.name || '';
    list = (role.mix || []).map((m) => ({ instrument: m.instrument.id }));
  }
  const out = await Promise.all(list.map(async (s, i) => {
    const ins = await api('GET', `/v1/catalog/instruments/${encodeURIComponent(s.instrument)}${q}`);
    const limit = previewLimit(s.seconds, ins.timeLimitSeconds, spec.extraTime);
    return {
      number: i + 1, instrument: ins.id, kind: ins.kind, name: ins.name, observes: ins.observes,
      items: ins.items, minutes: ins.minutes, timeLimitSeconds: limit || undefined, state: 'pending',
    };
  }));
  return Object.assign(out, { roleName });
}

/** The notice as the candidate reads it; Start goes on to the overview (nothing is started). */
function previewNotice(P) {
  const st = { checked: false, error: false, open: false };
  screen(() => `${t('preview.title')} · ${t('notice.title')}`, () => {
    const preview = {
      organisation: P.org(), candidate: t('preview.candidate'), lang: P.spec.lang,
      assessment: { name: P.name(), minutes: totalMinutes(P.parts), sections: P.parts },
      notice: { [getLang()]: t('preview.notice.text') },
      noticeVersion: t('preview.version'), retentionDays: P.spec.retentionDays, extraTime: P.spec.extraTime,
    };
    const { h1, nodes } = noticeView(preview, st, {
      onStart: (box) => {
        if (!box.checked) {
          st.error = true;
          S.redraw(true);
          document.getElementById('ack').focus();
          return;
        }
        previewOverview(P, 1);
      },
    });
    mount($main(), nodes);
    return h1;
  });
}

/** The overview with part `next` up next (parts before it shown as done). */
function previewOverview(P, next) {
  const sections = P.parts.map((p) => ({ ...p, state: p.number < next ? 'closed' : 'pending' }));
  const nextSec = sections.find((s) => s.number === next);
  screen(() => `${t('preview.title')} · ${t('overview.title')}`, () => {
    const { h1, nodes } = overviewView({
      name: P.name(), lang: P.spec.lang, minutes: totalMinutes(P.parts), sections, next: nextSec,
      action: nextSec
        ? h('button', { type: 'button', class: 'block', id: 'preview-next', onclick: () => previewIntro(P, next) }, t('overview.begin', { n: next }))
        : h('p', { class: 'note', id: 'preview-end' }, t('preview.end')),
    });
    mount($main(), nodes);
    return h1;
  });
}

/** A part's introduction with its real time limit and the site's practice item for its kind. */
function previewIntro(P, n) {
  const sec = P.parts[n - 1];
  const site = PRACTICE[sec.kind];
  const cards = site ? [{ item: site.item, lang: null, check: (v) => checkSitePractice(site, v) }] : [];
  const state = cards.map(() => ({ value: null, feedback: null, busy: false }));
  const title = () => t('intro.title', { n, total: P.parts.length, name: sec.name });
  screen(() => `${t('preview.title')} · ${title()}`, () => {
    const last = n === P.parts.length;
    const { h1, nodes } = introView({
      n, total: P.parts.length, sec, info: {}, contentLang: P.spec.lang, timeLimit: sec.timeLimitSeconds, cards, state,
      back: h('button', { type: 'button', class: 'secondary', onclick: () => previewOverview(P, n) }, t('intro.back')),
      start: h('button', { type: 'button', id: 'preview-next-part', onclick: () => previewOverview(P, n + 1) },
        last ? t('preview.done') : t('preview.next', { n: n + 1 })),
    });
    $main().classList.toggle('task-wide', sec.kind === 'datavalidation');
    mount($main(), nodes, h('p', { class: 'muted', id: 'preview-clock' }, t('preview.clock', { n })));
    return h1;
  });
}

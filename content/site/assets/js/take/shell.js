// @ts-check
// The candidate app's shell, shared by every screen: the state (S), the storage keys (K),
// the header (language switch, employer branding), the status line (timer, save state),
// the server's clock, the API call with the session token and the autosaver.

import { contrast, mix, parseHex } from '../color.js';
import { announce, clock, focusHeading, h, mount } from '../dom.js';
import { api } from '../http.js';
import { drawLangChrome, getLang, setLang, t } from '../i18n.js';
import { Autosaver } from './autosave.js';
import { moved } from './problems.js';
import { timeUp } from './runner.js';

export const K = {
  invite: 'shortlist.invite',
  token: 'shortlist.session',
  lang: 'shortlist.lang',
  pos: 'shortlist.pos',
  ack: 'shortlist.ack',   // the notice version this tab acknowledged
  finished: 'shortlist.finished', // + invite hash (localStorage): the part finished here, maybe still open on the server
  brand: 'shortlist.brand', // the preview's branding and organisation name, for after a reload
};

export const S = {
  invite: null,
  token: null,
  session: null,
  saver: null,
  preview: null,    // POST /v1/invites/preview: organisation, parts, notice and its version
  intros: new Map(),// section number → GET /v1/session/sections/{n}
  sec: null,        // the open section: {n, kind, items, answers, index, …}
  finishedKey: null,// localStorage key of the part finished on this device (loadFinished)
  finished: 0,      // that part's number, until the server reports it closed; 0: none
  finishOwed: false,// the server still has that part open: send its finish when leaving
  finishSending: false,
  timer: null,
  redraw: null,     // re-renders the current screen (language switch)
  previewMode: false, // /take/#preview=…: a hiring manager's preview (preview.js), nothing sent that writes
};

export const $main = () => document.getElementById('main');
const $status = () => document.getElementById('status-line');


export function switchLang() {
  const next = getLang() === 'es' ? 'en' : 'es';
  localStorage.setItem(K.lang, next);
  setLang(next);
  chrome();
  if (S.redraw) S.redraw(true);
  document.getElementById('lang-switch').focus();
}

/** Header, footer and skip link in the current language. */
export function chrome() {
  drawLangChrome();
  drawStatus();
}

// ---------------------------------------------------------------- employer branding

// The page's backgrounds in app.css (--paper), light and dark, and the dark scheme's text on
// --brand: an accent is used in a scheme only where it keeps AA (4.5:1) there.
const PAPER = '#ffffff';
const PAPER_DARK = '#15161a';
const ON_BRAND_DARK = '#0d1526';
const AA = 4.5;

/** The organisation candidates see: its display name, or its name; '' for Shortlist. */
export let brandName = '';

/** The app's title: "<organisation> assessment", or Shortlist's. */
export function appTitle() {
  return brandName ? t('app.title.org', { name: brandName }) : t('app.title');
}

/**
 * The text colour for a fill: white or the dark scheme's ink, whichever reads better;
 * null when neither reaches AA.
 */
function onColor(fill) {
  const best = [PAPER, ON_BRAND_DARK].map((c) => ({ c, r: contrast(fill, c) })).sort((a, b) => b.r - a.r)[0];
  return best.r >= AA ? best.c : null;
}

/**
 * Hover and wash shades for an accent on a page: the hover darkened (light page) or
 * lightened (dark page) and the wash a faint tint of the page, stepped until the hover
 * colour reads on the wash at AA (pills and answered-question buttons print it there).
 */
function shades(accent, paper, dark) {
  const wash = mix(paper, accent, dark ? 0.2 : 0.1);
  for (let k = 0.2; k <= 1; k += 0.1) {
    const hover = mix(accent, dark ? '#ffffff' : '#000000', k);
    if (contrast(hover, wash) >= AA && contrast(hover, paper) >= AA && onColor(hover)) return { hover, wash };
  }
  return null;
}

/**
 * Show the organisation instead of Shortlist: its name (display name first) in the header
 * and the title, its logo (alt: the name), and its accent colour on buttons and links in
 * each colour scheme where the WCAG formula says it keeps AA against that scheme's page
 * (the server guarantees 4.5:1 with white; a dark page keeps Shortlist's accent otherwise).
 * b: {displayName, accentColor, logo?, organisation} or null (Shortlist's look).
 */
export function applyBranding(b) {
  brandName = b ? String(b.displayName || b.organisation || '').trim() : '';
  const el = document.getElementById('brand');
  if (el) {
    if (brandName) {
      el.className = 'brand branded';
      // The logo's alt text is the name; the name written beside it is for sighted readers
      // only, so a screen reader hears it once.
      mount(el, b.logo && /^data:image\/(png|jpeg|webp);base64,/.test(b.logo)
        ? [h('img', { src: b.logo, alt: brandName, class: 'brand-logo', id: 'brand-logo' }), h('span', { 'aria-hidden': 'true', id: 'brand-name' }, brandName)]
        : h('span', { id: 'brand-name' }, brandName));
    } else {
      el.className = 'brand';
      mount(el, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '●'), ' Shortlist');
    }
  }
  const root = document.documentElement;
  delete root.dataset.accent;
  delete root.dataset.accentDark;
  const accent = b && parseHex(b.accentColor) ? String(b.accentColor).toLowerCase() : '';
  if (!accent) return;
  root.style.setProperty('--accent', accent);
  const light = shades(accent, PAPER, false);
  const lightOn = onColor(accent);
  if (contrast(accent, PAPER) >= AA && lightOn && light) {
    root.style.setProperty('--accent-dark', light.hover);
    root.style.setProperty('--accent-wash', light.wash);
    root.style.setProperty('--accent-on', lightOn);
    root.dataset.accent = accent;
  }
  const dark = shades(accent, PAPER_DARK, true);
  const darkOn = onColor(accent);
  if (contrast(accent, PAPER_DARK) >= AA && darkOn && dark) {
    root.style.setProperty('--accent-dark-d', dark.hover);
    root.style.setProperty('--accent-wash-d', dark.wash);
    root.style.setProperty('--accent-on-d', darkOn);
    root.dataset.accentDark = accent;
  }
}

export function screen(title, build) {
  S.redraw = (keepFocus) => {
    document.title = `${title()} · ${appTitle()}`;
    // Only the data-validation task widens the column (runner.js and the introductions set it again).
    $main().classList.remove('task-wide');
    const h1 = build();
    if (!keepFocus && h1) focusHeading(h1);
  };
  S.redraw(false);
}


// ---------------------------------------------------------------- status line (timer, save state)

export const status = { save: null, saveN: 0, saveDetail: '' };

export function drawStatus() {
  const line = $status();
  const parts = [];
  if (S.timer && S.timer.running) {
    parts.push(h('span', {}, h('span', { class: 'visually-hidden' }, `${t('timer.label')}: `),
      h('span', { class: 'timer', role: 'timer', id: 'timer', 'aria-label': t('timer.label'), dataset: { low: String(S.timer.low()) } }, clock(S.timer.left()))));
  }
  if (status.save && S.sec) {
    parts.push(h('span', { class: 'save-state', id: 'save-state', role: 'status', dataset: { state: status.save } }, saveText()));
  }
  mount(line, parts);
}

function saveText() {
  const n = status.saveN;
  switch (status.save) {
    case 'saving': return t('save.saving');
    case 'pending': return t('save.pending', { n });
    case 'offline': return t('save.offline', { n });
    case 'retrying': return t('save.retrying', { n });
    case 'error': return t('save.error', { msg: status.saveDetail });
    case 'late': return t('save.late');
    default: return t('save.saved');
  }
}

export function setSaveState(state, n, detail) {
  status.save = state;
  status.saveN = n;
  status.saveDetail = detail || '';
  const el = document.getElementById('save-state');
  if (el && S.sec) {
    // Update in place: a live status region should change text, not be replaced.
    el.dataset.state = state;
    el.textContent = saveText();
  } else {
    drawStatus();
  }
}

// ---------------------------------------------------------------- the server clock

export class Countdown {
  constructor(remainingSeconds, onEnd) {
    this.end = performance.now() + remainingSeconds * 1000;
    this.onEnd = onEnd;
    this.running = true;
    this.said = new Set();
    this.iv = setInterval(() => this.tick(), 250);
  }
  set(remainingSeconds) { this.end = performance.now() + remainingSeconds * 1000; }
  left() { return Math.max(0, (this.end - performance.now()) / 1000); }
  low() { return this.left() <= 60; }
  tick() {
    const left = this.left();
    const el = document.getElementById('timer');
    if (el) {
      el.textContent = clock(left);
      el.dataset.low = String(this.low());
    } else {
      drawStatus();
    }
    for (const [mark, key] of /** @type {[number, string][]} */ ([[300, 'timer.5min'], [60, 'timer.1min']])) {
      if (left <= mark && left > mark - 5 && !this.said.has(mark)) { this.said.add(mark); announce(t(key)); }
    }
    if (left <= 0) {
      this.stop();
      announce(t('timer.up'), true);
      this.onEnd();
    }
  }
  stop() { this.running = false; clearInterval(this.iv); }
}

export function stopTimer() {
  if (S.timer) S.timer.stop();
  S.timer = null;
  drawStatus();
}

// ---------------------------------------------------------------- API calls

export function call(method, path, body, opts = {}) {
  // A hiring manager's preview never writes: a screen that tried would be a bug, refused here.
  if (S.previewMode && method !== 'GET') return Promise.reject(new Error(`preview: ${method} ${path} not sent`));
  return api(method, path, { token: S.token, body, ...opts });
}

/** A short hash of the invite (stable across devices' session tokens), never the token. */
export async function inviteHash() {
  const src = S.invite || S.token || 'anonymous';
  try {
    const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(src));
    return [...new Uint8Array(d)].slice(0, 12).map((b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    let x = 0;
    for (const c of src) x = (x * 31 + c.charCodeAt(0)) >>> 0;
    return x.toString(16);
  }
}

export async function storageKey() {
  return `shortlist.answers.${await inviteHash()}`;
}

export async function ensureSaver() {
  if (S.saver) return S.saver;
  S.saver = new Autosaver({
    storageKey: await storageKey(),
    send: (batch, keepalive) => call('PUT', '/v1/session/answers', batch, { keepalive, timeoutMs: 12000 }),
    onState: setSaveState,
    onClosed: (section) => {
      if (S.sec && S.sec.n === section && !S.sec.closing) {
        setSaveState('late', 0);
        timeUp();
      }
    },
    onAuth: () => moved(),
  });
  return S.saver;
}


export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

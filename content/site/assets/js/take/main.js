// @ts-check
// The candidate app at /take/#sli_…: the organisation's notice (POST /v1/invites/preview)
// → explicit Start → per part, an introduction with practice and no clock
// (GET /v1/session/sections/{n}) → the part with the server's clock → completion, then
// voluntary self-identification. The invite token is read from the URL fragment only
// (never sent in a GET), removed from the address bar at once, and kept in sessionStorage
// so a reload resumes. Answers autosave in batches (autosave.js); the server keeps time.
// Finishing a part costs no request: the server closes it when the next part starts or at
// completion; until then this device remembers it as finished (see markFinished).

import { h, mount, focusHeading, announce, clock, wireSkipLink } from '../dom.js';
import { api } from '../http.js';
import { register, t, txt, setLang, getLang, browserLang, fmtDate } from '../i18n.js';
import { strings } from './strings.js';
import { renderItem, answered } from './items.js';
import { PRACTICE } from './practice.js';
import { Autosaver } from './autosave.js';
import { selfIdCard } from './selfid.js';
import { noticeView, totalMinutes, limitText } from './notice.js';
import { parseHex, contrast, mix } from '../color.js';

register(strings);

const K = {
  invite: 'shortlist.invite',
  token: 'shortlist.session',
  lang: 'shortlist.lang',
  pos: 'shortlist.pos',
  ack: 'shortlist.ack',   // the notice version this tab acknowledged
  finished: 'shortlist.finished', // + invite hash (localStorage): the part finished here, maybe still open on the server
  brand: 'shortlist.brand', // the preview's branding and organisation name, for after a reload
};

const S = {
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
};

const $main = () => document.getElementById('main');
const $status = () => document.getElementById('status-line');

// ---------------------------------------------------------------- boot

function boot() {
  const frag = decodeURIComponent(location.hash.slice(1));
  if (/^sli_[A-Za-z0-9_-]{16,}$/.test(frag)) {
    if (sessionStorage.getItem(K.invite) !== frag) { sessionStorage.removeItem(K.token); sessionStorage.removeItem(K.brand); }
    sessionStorage.setItem(K.invite, frag);
  }
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  S.invite = sessionStorage.getItem(K.invite);
  S.token = sessionStorage.getItem(K.token);

  const chosen = localStorage.getItem(K.lang);
  setLang(chosen || browserLang());
  document.getElementById('lang-switch').addEventListener('click', switchLang);
  wireSkipLink();
  try { applyBranding(JSON.parse(sessionStorage.getItem(K.brand) || 'null')); } catch { applyBranding(null); }
  chrome();

  // An invite link opened in a tab already showing /take/ changes only the fragment.
  window.addEventListener('hashchange', () => { if (/^#sli_/.test(location.hash)) location.reload(); });
  window.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', () => { if (S.saver) S.saver.flushOnHide(); sendOwedFinishOnHide(); });
  window.addEventListener('blur', () => noteEvent('blur'));

  if (S.token) resume();
  else if (S.invite) notice();
  else noInvite();
}

function switchLang() {
  const next = getLang() === 'es' ? 'en' : 'es';
  localStorage.setItem(K.lang, next);
  setLang(next);
  chrome();
  if (S.redraw) S.redraw(true);
  document.getElementById('lang-switch').focus();
}

/** Header, footer and skip link in the current language. */
function chrome() {
  const btn = document.getElementById('lang-switch');
  btn.textContent = t('lang.switch');
  btn.lang = getLang() === 'es' ? 'en' : 'es';
  btn.setAttribute('aria-label', t('lang.switch.label'));
  document.getElementById('skip').textContent = t('skip');
  document.getElementById('footer').textContent = t('footer');
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
let brandName = '';

/** The app's title: "<organisation> assessment", or Shortlist's. */
function appTitle() {
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
function applyBranding(b) {
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

function screen(title, build) {
  S.redraw = (keepFocus) => {
    document.title = `${title()} · ${appTitle()}`;
    const h1 = build();
    if (!keepFocus && h1) focusHeading(h1);
  };
  S.redraw(false);
}

// ---------------------------------------------------------------- status line (timer, save state)

const status = { save: null, saveN: 0, saveDetail: '' };

function drawStatus() {
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

function setSaveState(state, n, detail) {
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

class Countdown {
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

function stopTimer() {
  if (S.timer) S.timer.stop();
  S.timer = null;
  drawStatus();
}

// ---------------------------------------------------------------- API calls

function call(method, path, body, opts = {}) {
  return api(method, path, { token: S.token, body, ...opts });
}

/** A short hash of the invite (stable across devices' session tokens), never the token. */
async function inviteHash() {
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

async function storageKey() {
  return `shortlist.answers.${await inviteHash()}`;
}

async function ensureSaver() {
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

function apiFailure(err, retry) {
  stopTimer();
  if (err.status === 401 && S.invite && S.token) return moved();
  if (err.status === 401) return badLink();
  if (err.status === 410) return S.token ? failScreen(t('expired.session')) : expiredInvite();
  const msg = err.status === 0 ? t('err.offline') : t('err.generic', { msg: err.message });
  return failScreen(msg, retry);
}

/** Failures of the invite itself (preview, Start): a bad link or an expired invite. */
function inviteFailure(err, retry) {
  if (err.status === 401) return badLink();
  if (err.status === 410) return expiredInvite();
  return apiFailure(err, retry);
}

// ---------------------------------------------------------------- screens

function noInvite() {
  screen(() => t('noinvite.title'), () => {
    const h1 = h('h1', {}, t('noinvite.title'));
    mount($main(), h1, h('p', {}, t('noinvite.body')));
    return h1;
  });
}

/** A page that explains one problem in plain words and what to do next. */
function problemPage(titleKey, ...bodyKeys) {
  stopTimer();
  S.sec = null;
  screen(() => t(titleKey), () => {
    const h1 = h('h1', { id: 'problem' }, t(titleKey));
    mount($main(), h1, bodyKeys.map((k, i) => h('p', { class: i === 0 ? 'note bad' : '' }, t(k))));
    return h1;
  });
}

function badLink() { problemPage('bad.title', 'bad.body', 'bad.next'); }
function expiredInvite() { problemPage('expired.title', 'expired.body', 'expired.next'); }

function failScreen(message, retry) {
  S.sec = null;
  screen(() => appTitle(), () => {
    const h1 = h('h1', {}, appTitle());
    mount($main(), h1, h('div', { class: 'note bad', role: 'alert' }, h('p', {}, message)),
      retry ? h('div', { class: 'actions' }, h('button', { type: 'button', onclick: retry }, t('err.retry'))) : null);
    return h1;
  });
}

function moved() {
  stopTimer();
  S.sec = null;
  sessionStorage.removeItem(K.token);
  S.token = null;
  if (!S.invite) return noInvite();
  screen(() => t('err.moved.title'), () => {
    const h1 = h('h1', {}, t('err.moved.title'));
    mount($main(), h1, h('p', {}, t('err.moved.body')),
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'continue-here', onclick: continueHere }, t('err.moved.go'))));
    return h1;
  });
}

/** POST /v1/invites/preview: who invites, what is assessed, the notice and its version. */
async function loadPreview() {
  S.preview = await api('POST', '/v1/invites/preview', { body: { inviteToken: S.invite } });
  const brand = { ...(S.preview.branding || {}), organisation: S.preview.organisation || '' };
  try { sessionStorage.setItem(K.brand, JSON.stringify(brand)); } catch { /* full: shown on this page only */ }
  applyBranding(brand);
  if (!localStorage.getItem(K.lang) && (S.preview.lang === 'es' || S.preview.lang === 'en') && S.preview.lang !== getLang()) {
    setLang(S.preview.lang);
    chrome();
  }
  return S.preview;
}

/** "Continue here" after another tab took over: straight back in if this tab already acknowledged this notice. */
async function continueHere() {
  try {
    await loadPreview();
  } catch (e) {
    return inviteFailure(e, continueHere);
  }
  if (S.preview.noticeVersion === sessionStorage.getItem(K.ack)) return startSession(true);
  return notice();
}

/** The notice (notice.js): a summary on one phone screen, the full text expandable; then Start. */
async function notice(message) {
  S.sec = null;
  screen(() => t('notice.title'), () => { mount($main(), h('p', { role: 'status' }, t('loading'))); return null; });
  try {
    await loadPreview();
  } catch (e) {
    return inviteFailure(e, () => notice(message));
  }
  // A finished assessment has nothing left to start: say so, never "already started".
  if (S.preview.finished) return finishedLink();
  const st = { checked: false, error: false, open: false };
  screen(() => t('notice.title'), () => {
    const { h1, nodes } = noticeView(S.preview, st, {
      message,
      onStart: (box, btn) => {
        if (!box.checked) {
          st.error = true;
          S.redraw(true);
          document.getElementById('ack').focus();
          return;
        }
        startSession(false, btn);
      },
    });
    mount($main(), nodes);
    return h1;
  });
  return undefined;
}

/** The invite's assessment is finished (on this or another device): thanks, nothing to start. */
function finishedLink() {
  problemPage('finished.title', 'finished.body', 'finished.next');
  const first = document.querySelector('#main .note');
  if (first) first.className = 'note ok';
}

async function startSession(resuming, btn) {
  if (btn) { btn.disabled = true; btn.textContent = t('notice.starting'); }
  try {
    if (!S.preview) await loadPreview();
    const version = S.preview.noticeVersion;
    const res = await api('POST', '/v1/sessions', {
      body: { inviteToken: S.invite, acknowledged: true, noticeVersion: version },
    });
    S.token = res.sessionToken;
    sessionStorage.setItem(K.token, S.token);
    sessionStorage.setItem(K.ack, version);
    await loadFinished();
    adoptSession(res.session);
    route();
  } catch (e) {
    if (btn) { btn.disabled = false; btn.textContent = S.preview && S.preview.started ? t('notice.continue') : t('notice.start'); }
    // The organisation changed its notice since this page loaded: read the new one.
    if (e.status === 400 && e.fields && e.fields.noticeVersion) return notice(t('notice.changed'));
    if (!S.token) return inviteFailure(e, () => (resuming ? startSession(true) : notice()));
    apiFailure(e, () => (resuming ? startSession(true) : notice()));
  }
  return undefined;
}

async function resume() {
  screen(() => t('app.title'), () => { mount($main(), h('p', {}, t('loading'))); return null; });
  try {
    await loadFinished();
    adoptSession(await call('GET', '/v1/session'));
    route();
  } catch (e) {
    apiFailure(e, resume);
  }
}

function adoptSession(session) {
  S.session = session;
  overlayFinished();
  if (!localStorage.getItem(K.lang) && session?.assessment?.lang) {
    setLang(session.assessment.lang);
    chrome();
  }
}

/** Go where the session says the candidate is. */
async function route() {
  const ss = S.session;
  if (!ss) return resume();
  if (ss.status === 'completed' || ss.status === 'scored') return done();
  await ensureSaver();
  S.saver.setServerSeq(ss.nextSeq);
  // A part finished on this device before a reload or a closed tab: tell the server now.
  if (S.finishOwed) {
    try {
      adoptSession(await call('POST', `/v1/session/sections/${S.finished}/finish`));
    } catch (e) {
      if (e.status === 401 || e.status === 410) return apiFailure(e, resume);
      if (e.status === 409) {
        try { adoptSession(await call('GET', '/v1/session')); } catch (e2) { return apiFailure(e2, resume); }
      }
      // Otherwise it stays closed in this view; the next Start or leaving the page sends it.
    }
  }
  const open = S.session.sections.find((s) => s.state === 'open');
  if (open) return openSection(open.number);
  return overview();
}

/** A part's real time limit (extra time included by the server): "15 min", "1 min 30 s", "45 s". */
function minutesOf(sec) {
  return sec.timeLimitSeconds ? limitText(sec.timeLimitSeconds) : null;
}

function overview() {
  S.sec = null;
  stopTimer();
  const ss = S.session;
  const next = ss.sections.find((s) => s.state !== 'closed');
  screen(() => t('overview.title'), () => {
    const h1 = h('h1', {}, t('overview.title'));
    const items = ss.sections.map((s) => h('li', { 'aria-current': next && s.number === next.number ? 'step' : null },
      h('span', { class: 'grow' }, h('strong', {}, `${s.number}. `), h('span', { lang: ss.assessment.lang }, s.name), h('br'),
        h('span', { class: 'muted' }, [t('overview.items', { n: s.items }), ' · ',
          s.timeLimitSeconds ? t('overview.timed', { time: minutesOf(s) }) : t('overview.untimed')])),
      h('span', { class: `pill ${s.state === 'closed' ? 'ok' : s.state === 'open' ? 'brand' : ''}` }, t(`overview.state.${s.state}`))));
    const action = next
      ? h('button', { type: 'button', class: 'block', onclick: () => intro(next.number) },
        next.state === 'open' ? t('overview.continue', { n: next.number }) : t('overview.begin', { n: next.number }))
      : h('button', { type: 'button', class: 'block', id: 'complete', onclick: (ev) => complete(ev.currentTarget) }, t('overview.finish'));
    mount($main(), h1,
      h('p', { class: 'lead' }, t('overview.lead', { name: ss.assessment.name, n: ss.sections.length, min: S.preview ? totalMinutes(S.preview.assessment.sections) : ss.assessment.minutes })),
      h('h2', {}, t('overview.parts')),
      h('ol', { class: 'steps' }, items),
      next ? null : h('p', { class: 'note ok' }, t('overview.all.done')),
      h('div', { class: 'actions' }, action));
    return h1;
  });
}

/**
 * A part's introduction, before its clock: the content's instructions (and how it is
 * scored), the content's practice questions (choice items checked by the server), or the
 * site's own practice item for kinds whose content has none. GET /v1/session/sections/{n}
 * does not start anything; only "Start part n" does.
 */
async function intro(n) {
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
    const ui = getLang();
    const h1 = h('h1', {}, t('intro.title', { n, total: ss.sections.length, name: sec.name }));
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
      h('p', { class: timeLimit ? 'note warn' : 'note' },
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
    parts.push(h('div', { class: 'actions split' },
      h('button', { type: 'button', class: 'secondary', onclick: overview }, t('intro.back')),
      h('button', { type: 'button', id: 'start-section', onclick: (ev) => { ev.currentTarget.disabled = true; openSection(n); } }, t('intro.start', { n }))));
    mount($main(), parts);
    return h1;
  });
  return undefined;
}

/** Practice feedback: {tone: ok|warn|info, text, detail?, detailLang?} in its status box. */
function drawFeedback(box, fb) {
  if (!fb) return mount(box);
  const text = typeof fb.text === 'function' ? fb.text() : fb.text;
  return mount(box, h('p', { class: `note ${fb.tone === 'info' ? '' : fb.tone}`.trim() }, text,
    fb.detail ? [' ', h('span', { lang: fb.detailLang || null }, fb.detail)] : null));
}

/** A content practice item: choice items are checked by the server; others are not marked. */
async function checkContentPractice(n, kind, item, value, contentLang) {
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
function checkSitePractice(practice, value) {
  if (practice.open) return { tone: 'ok', text: () => t('practice.any') };
  const why = practice.check(value);
  return why ? { tone: 'warn', text: () => t('practice.not', { why: txt(why, getLang()) }) } : { tone: 'ok', text: () => t('practice.ok') };
}

/** Open (or reopen after a reload) section n and show its questions. */
async function openSection(n) {
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

function firstUnanswered(items, answers) {
  const i = items.findIndex((it) => !answered(answers[it.id]));
  return i < 0 ? items.length : i;
}

function noteEvent(type) {
  const sec = S.sec;
  if (!sec || !S.saver || sec.closing) return;
  const item = sec.items[sec.index];
  const atMs = Math.round(sec.elapsedAtOpen + performance.now() - sec.openedAt);
  S.saver.event(sec.n, { type, item: item ? item.id : undefined, atMs });
}

function onVisibility() {
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
function banked() {
  const sec = S.sec;
  if (!sec) return 0;
  const item = sec.items[sec.index];
  if (!item) return 0;
  const now = performance.now();
  if (document.visibilityState !== 'hidden') sec.itemMs[item.id] = (sec.itemMs[item.id] || 0) + (now - sec.shownAt);
  sec.shownAt = now;
  return sec.itemMs[item.id];
}

function showItem(index, focusItem) {
  const sec = S.sec;
  banked();
  sec.index = Math.max(0, Math.min(index, sec.items.length));
  sessionStorage.setItem(K.pos, `${sec.n}:${sec.index}`);
  sec.shownAt = performance.now();
  if (sec.index >= sec.items.length) return review();
  const total = sec.items.length;
  screen(() => `${sec.name}: ${t('section.question', { i: sec.index + 1, n: total })}`, () => {
    const item = sec.items[sec.index];
    const qh = h('h2', { id: 'q-heading', class: 'item-count' }, t('section.question', { i: sec.index + 1, n: total }));
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
    mount($main(), title,
      instr ? h('details', { class: 'instructions-box' }, h('summary', {}, t('section.instructions')), h('p', { class: 'instructions', lang: sec.contentLang }, instr)) : null,
      h('div', { class: 'item-head' }, qh),
      h('div', { class: 'item', lang: sec.contentLang, 'data-item': item.id }, r.el),
      h('div', { class: 'item-nav' }, prev, next),
      jump);
    return focusItem ? qh : null;
  });
}

function review() {
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

async function finishSection(btn) {
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

async function loadFinished() {
  S.finishedKey = `${K.finished}.${await inviteHash()}`;
  let n = 0;
  try { n = Number(localStorage.getItem(S.finishedKey)) || 0; } catch { /* storage blocked */ }
  S.finished = Number.isInteger(n) && n > 0 ? n : 0;
  S.finishOwed = false;
}

function saveFinished() {
  if (!S.finishedKey) return;
  try {
    if (S.finished) localStorage.setItem(S.finishedKey, String(S.finished));
    else localStorage.removeItem(S.finishedKey);
  } catch { /* private mode: remembered in this tab only */ }
}

/** Part n is finished here: remember it (a reload never shows it again) and close it in this view. */
function markFinished(n) {
  S.finished = n;
  saveFinished();
  overlayFinished();
}

/**
 * Apply the part finished on this device to the server's session just adopted: while the
 * server still has it open, this view has it closed and its finish is owed; once the
 * server reports it closed (next Start, completion, deadline, a sent finish), forget it.
 */
function overlayFinished() {
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
function sendOwedFinishOnHide() {
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
async function timeUp() {
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

async function complete(btn) {
  btn.disabled = true;
  btn.textContent = t('complete.finishing');
  try {
    if (S.saver) await S.saver.flush();
    adoptSession(await call('POST', '/v1/session/complete'));
    done();
  } catch (e) {
    btn.disabled = false;
    btn.textContent = t('overview.finish');
    apiFailure(e, overview);
  }
}

async function done() {
  stopTimer();
  S.sec = null;
  if (S.saver) { S.saver.clear(); S.saver = null; }
  else {
    try { localStorage.removeItem(await storageKey()); } catch { /* nothing kept */ }
  }
  S.finished = 0;
  S.finishOwed = false;
  saveFinished();
  sessionStorage.removeItem(K.pos);
  // The voluntary questions are offered once per invite on this device: sent or skipped is remembered.
  const sidKey = `shortlist.selfid.${await inviteHash()}`;
  const sid = { gender: '', ageBand: '', group: '', status: localStorage.getItem(sidKey) || 'open', error: '' };
  const offerSelfId = sid.status === 'open';
  let feedback = null;
  const ready = () => feedback && feedback.status === 'ready' && typeof feedback.url === 'string';
  const fetchFeedback = async () => {
    try { feedback = await call('GET', '/v1/session/feedback'); } catch { feedback = null; }
  };
  await Promise.all([fetchFeedback(), offerSelfId ? previewForSelfId() : null]);
  const draw = () => screen(() => t('done.title'), () => {
    const h1 = h('h1', {}, t('done.title'));
    mount($main(), h1,
      h('p', { class: 'note ok' }, t('done.body')),
      h('h2', {}, t('done.next')),
      h('ul', {}, h('li', {}, t('done.next.1')), h('li', {}, t('done.next.2'))),
      h('h2', {}, t('done.feedback')),
      h('div', { id: 'feedback', role: 'status' }, ready() ? feedbackView(feedback) : h('p', {}, t('done.feedback.wait'))),
      offerSelfId ? selfIdCard(sid, {
        send: (body) => call('POST', '/v1/session/self-identification', body),
        remember: (status) => { try { localStorage.setItem(sidKey, status); } catch { /* private mode: asked again next time */ } },
        groupField: S.preview && S.preview.groupField,
        org: S.preview && S.preview.organisation,
      }) : null,
      h('p', { class: 'muted' }, t('done.close')));
    return h1;
  });
  draw();
  // Scoring runs within seconds of completion: look again for a little while.
  for (let i = 0; i < 10 && !ready(); i++) {
    await sleep(3000);
    await fetchFeedback();
    if (ready()) {
      const box = document.getElementById('feedback');
      if (box) mount(box, feedbackView(feedback));
    }
  }
}

/**
 * The organisation's own self-identification question is labelled in the invite preview.
 * The preview read for the notice is reused; after a reload (the token left the address
 * bar, sessionStorage kept it) it is read again once. Without it, that question is not shown.
 */
async function previewForSelfId() {
  if (S.preview || !S.invite) return;
  try { await loadPreview(); } catch { S.preview = null; }
}

/** The feedback report: a short-lived signed link to the PDF. */
function feedbackView(fb) {
  const url = fb && fb.url;
  if (!url || !/^(https?:\/\/|\/)/.test(url)) return h('p', {}, t('done.feedback.wait'));
  return h('p', {}, h('a', { class: 'button', id: 'feedback-link', href: url, rel: 'noopener noreferrer' }, t('done.feedback.open')));
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

boot();

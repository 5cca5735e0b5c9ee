// @ts-check
// The HR console at /: the shell every screen shares. People sign in with their email and
// password (auth.js; the access token stays in memory, session.js); this module draws the
// header (navigation, who is signed in, the language switch), routes by URL fragment,
// renders screens, says what failed, and hands the screens `app` (API calls, rendering,
// the role check, the catalog cache, drafts). The screens: assessments, catalog, roles, the
// builder and an assessment's frame (assessments.js); progress and invitations
// (candidates.js); the ranking (ranking.js); one candidate (candidate.js); statistics
// (stats.js); reports (reports.js); decisions, data export and erasure, organisation
// settings, the audit log and the fairness monitor (oversight.js); owners manage their team
// and API keys (team.js) and webhooks (webhooks.js); invitations by email or as links,
// re-sent and reminded (outreach.js); the dev server's outbox (outbox.js). What a person's
// role (viewer < recruiter < owner) does not allow is not offered, and a 403 is explained.
// Routing is by URL fragment: #/catalog, #/roles/<id>, #/build/<id>, #/a/<id>/<tab>,
// #/a/<id>/c/<candidate>, #/settings, #/audit, #/team, #/webhooks, #/outbox (dev server),
// #/account, #/signin, #/forgot, …

import { h, mount, focusHeading, wireSkipLink } from '../dom.js';
import { api, ApiError } from '../http.js';
import { register, t, setLang, getLang, browserLang, drawLangChrome } from '../i18n.js';
import { strings } from './strings.js';
import * as session from './session.js';
import { problem, say, roleName, msg } from './ui.js';
import { settingsScreen, auditScreen, fairnessTab } from './oversight.js';
import { signInScreen, forgotScreen, accountScreen, startSignIn } from './auth.js';
import { teamScreen } from './team.js';
import { webhooksScreen } from './webhooks.js';
import { outboxScreen, outboxAvailable } from './outbox.js';
import { assessments, catalogScreen, roleScreen, builder, assessmentFrame, TAB_NEEDS } from './assessments.js';
import { candidatesTab, inviteTab } from './candidates.js';
import { rankingTab } from './ranking.js';
import { candidateTab } from './candidate.js';
import { compareTab } from './compare.js';
import { statsTab } from './stats.js';
import { reportsTab } from './reports.js';

register(strings);

const K = { lang: 'shortlist.console.lang' };
// Left by earlier versions of the console (an API key, a typed reviewer name): removed at start.
const LEGACY = ['shortlist.hrkey', 'shortlist.reviewer'];
/** Routes open without signing in. */
const PUBLIC = new Set(['signin', 'forgot']);
/** The least role each route needs (the API's own rule for what the screen does). */
const NEEDS = { build: 'recruiter', settings: 'owner', audit: 'owner', team: 'owner', webhooks: 'owner' };

const S = {
  after: null,          // where to go once signed in (the route that asked for a sign-in)
  cache: new Map(),     // catalog responses by path+lang
  invited: new Map(),   // assessment id → the last invite result (links are shown once)
  timer: null,          // progress auto-refresh
  redraw: null,
  flash: null,          // {key, vars}: a message for the next screen (after an erasure)
  drafts: new Map(),    // unsaved form input, kept across a language switch
  outbox: false,        // the server keeps an outbox (the dev server): GET /v1/dev/outbox answered 200
};

const $main = () => document.getElementById('main');

// ---------------------------------------------------------------- chrome

function boot() {
  for (const k of LEGACY) sessionStorage.removeItem(k);
  setLang(localStorage.getItem(K.lang) || browserLang());
  document.getElementById('lang-switch').addEventListener('click', () => {
    const next = getLang() === 'es' ? 'en' : 'es';
    localStorage.setItem(K.lang, next);
    setLang(next);
    chrome();
    route(true);
    document.getElementById('lang-switch').focus();
  });
  window.addEventListener('hashchange', () => route(false));
  // Signed out (here or by the server), or given another role: the header and nav follow.
  session.onChange(() => chrome());
  wireSkipLink();
  chrome();
  route(false);
}

function chrome() {
  drawLangChrome();
  const nav = document.getElementById('console-nav');
  const user = document.getElementById('console-user');
  const me = session.who();
  if (!me) { mount(nav); mount(user); return; }
  const here = location.hash || '#/';
  const link = (href, label, match) => h('li', {}, h('a', { href, 'aria-current': match ? 'page' : null }, label));
  const owner = session.can('owner');
  mount(nav, h('ul', { class: 'console-nav' },
    link('#/', t('nav.assessments'), here === '#/' || here.startsWith('#/a/')),
    link('#/catalog', t('nav.catalog'), here.startsWith('#/catalog') || here.startsWith('#/roles') || here.startsWith('#/build')),
    owner ? link('#/team', t('nav.team'), here.startsWith('#/team')) : null,
    owner ? link('#/webhooks', t('nav.webhooks'), here.startsWith('#/webhooks')) : null,
    owner ? link('#/settings', t('nav.settings'), here.startsWith('#/settings')) : null,
    owner ? link('#/audit', t('nav.audit'), here.startsWith('#/audit')) : null,
    S.outbox ? link('#/outbox', t('nav.outbox'), here.startsWith('#/outbox')) : null));
  nav.querySelector('ul').setAttribute('aria-label', t('nav.label'));
  // Who is signed in, for which organisation, with which role.
  mount(user,
    h('p', { class: 'whoami', id: 'whoami' },
      h('strong', { id: 'who-org' }, me.organisation?.name || ''),
      h('span', { 'aria-hidden': 'true' }, ' · '),
      h('span', { class: 'visually-hidden' }, ` ${t('who.as')} `),
      h('span', { id: 'who-email' }, me.name),
      ' ',
      h('span', { class: 'pill', id: 'who-role', dataset: { role: me.role } }, say(roleName(me.role)))),
    h('a', { href: '#/account', id: 'account-link', 'aria-current': here.startsWith('#/account') ? 'page' : null }, t('nav.account')),
    h('button', { type: 'button', class: 'quiet', id: 'signout', onclick: signOut }, t('nav.signout')));
}

/** What one person saw in this tab is not left for the next one. */
function forget() {
  S.invited.clear();
  S.drafts.clear();
  S.flash = null;
}

async function signOut() {
  const btn = /** @type {HTMLButtonElement|null} */ (document.getElementById('signout'));
  if (btn) btn.disabled = true;
  try {
    await session.signOut();
  } catch {
    // The server could not be told; this tab forgets the sign-in all the same.
  }
  forget();
  S.after = null;
  location.hash = '#/signin';
}

/** After a sign-in: where the person was going, or the assessments. */
function enter() {
  const to = S.after && S.after !== '#/signin' ? S.after : '#/';
  S.after = null;
  forget();
  if (location.hash === to) route(false); else location.hash = to;
}

/** Render a screen: title() and build() are re-run on a language switch. */
function screen(title, build, keepFocus) {
  S.redraw = () => {
    document.title = `${title()} · ${t('app.title')}`;
    const h1 = build();
    return h1;
  };
  const h1 = S.redraw();
  if (!keepFocus && h1) focusHeading(h1);
}

function loading() {
  mount($main(), h('p', { role: 'status' }, t('loading')));
}

function fail(err, retry) {
  if (err instanceof ApiError && err.status === 401) {
    // The sign-in ended (expired, or the person was removed) and could not be renewed.
    session.clear();
    forget();
    if (!PUBLIC.has(routeName())) S.after = location.hash || '#/';
    startSignIn({ email: '', notice: msg('auth.err.ended') });
    location.hash = '#/signin';
    return;
  }
  if (err instanceof ApiError && err.status === 403) { denied(); return; }
  const m = err instanceof ApiError ? problem(err) : msg('err.generic', { msg: err.message });
  screen(() => t('app.title'), () => {
    const h1 = h('h1', {}, t('app.title'));
    mount($main(), h1, h('div', { class: 'note bad', role: 'alert' }, h('p', {}, say(m))),
      retry ? h('div', { class: 'actions' }, h('button', { type: 'button', onclick: retry }, t('err.retry'))) : null);
    return h1;
  });
}

/** A screen the signed-in person's role does not open (or a 403 from the API). */
function denied() {
  screen(() => t('denied.title'), () => {
    const h1 = h('h1', {}, t('denied.title'));
    const me = session.who() || {};
    mount($main(), h1,
      h('p', { class: 'note', id: 'denied' }, t('denied.body', { role: say(roleName(me.role || 'viewer')), org: me.organisation?.name || '' })),
      h('p', {}, h('a', { href: '#/' }, t('denied.back'))));
    return h1;
  });
}

const hr = (method, path, opts = {}) => session.call(method, path, opts);
const can = session.can;

/** What the screens (every module of the console) need from the shell. */
const app = {
  hr, screen, fail, loading, can, enter, denied, catalog,
  who: session.who,
  main: $main,
  drafts: S.drafts,
  redraw: () => S.redraw && S.redraw(),
  /** Draw the current screen again from its state, focus on its heading (a new step of a flow). */
  drawAnew: () => { if (S.redraw) focusHeading(S.redraw()); },
  flash: (key, vars) => { S.flash = { key, vars }; },
  /** The message left for this screen by the last one (read once). */
  takeFlash: () => { const f = S.flash; S.flash = null; return f; },
  /** Invite results by assessment id (links are shown once). */
  invited: S.invited,
  /** Run fn every ms until the route changes (the progress list's auto-refresh). */
  every: (fn, ms) => { clearInterval(S.timer); S.timer = setInterval(fn, ms); },
  /** Draw the current route again (a failed screen's retry). */
  reroute: () => route(false),
};

async function catalog(path) {
  const sep = path.includes('?') ? '&' : '?';
  const key = `${path}${sep}lang=${getLang()}`;
  if (!S.cache.has(key)) S.cache.set(key, await api('GET', key));
  return S.cache.get(key);
}

// ---------------------------------------------------------------- router

const routeParts = () => (location.hash || '#/').replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
const routeName = () => routeParts()[0] || '';

async function route(langSwitch) {
  clearInterval(S.timer);
  S.timer = null;
  const parts = routeParts();
  const keep = langSwitch === true;
  try {
    // A reload: a sign-in kept by the refresh cookie is picked up before anything is drawn.
    await session.restore();
    if (!session.signedIn() && !PUBLIC.has(parts[0])) {
      S.after = location.hash || '#/';
      location.replace('#/signin');
      return undefined;
    }
    if (session.signedIn() && PUBLIC.has(parts[0])) { location.replace('#/'); return undefined; }
    if (session.signedIn()) S.outbox = await outboxAvailable();
    chrome();
    if (NEEDS[parts[0]] && !can(NEEDS[parts[0]])) return denied();
    switch (parts[0] || '') {
      case 'signin': return signInScreen(app, keep);
      case 'forgot': return forgotScreen(app, keep);
      case 'account': return accountScreen(app, keep);
      case 'team': return await teamScreen(app, keep);
      case 'webhooks': return await webhooksScreen(app, keep);
      case 'outbox': return S.outbox ? await outboxScreen(app, keep) : location.replace('#/');
      case '': return await assessments(app, keep);
      case 'catalog': return await catalogScreen(app, parts[1], keep);
      case 'roles': return await roleScreen(app, parts[1], keep);
      case 'build': return await builder(app, parts[1], keep);
      case 'a': return await assessment(parts[1], parts[2] || 'candidates', parts[3], keep);
      case 'settings': return await settingsScreen(app, keep);
      case 'audit': return await auditScreen(app, keep);
      default: location.replace('#/'); return undefined;
    }
  } catch (e) {
    return fail(e, () => route(false));
  }
}

/** #/a/<id>/<tab>[/<sub>]: one assessment, read once, drawn in its frame by the tab asked for. */
async function assessment(id, tab, sub, keep) {
  loading();
  const a = await hr('GET', `/v1/assessments/${encodeURIComponent(id)}`);
  const frame = assessmentFrame(app, a, tab);
  if (TAB_NEEDS[tab] && !can(TAB_NEEDS[tab])) return denied();
  switch (tab) {
    case 'invite': return inviteTab(app, a, frame, keep);
    case 'ranking': return rankingTab(app, a, frame, keep);
    case 'c': return candidateTab(app, a, sub, frame, keep);
    case 'compare': return compareTab(app, a, sub, frame, keep);
    case 'stats': return statsTab(app, a, frame, keep);
    case 'reports': return reportsTab(app, a, frame, keep);
    case 'fairness': return fairnessTab(app, a, frame, keep);
    // Further views of one assessment (a side-by-side compare, say) are routed here.
    default: return candidatesTab(app, a, frame, keep);
  }
}

boot();

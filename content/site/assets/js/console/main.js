// @ts-check
// The HR console at /: people sign in with their email and password (auth.js; the access
// token stays in memory, session.js), browse the catalog, build an assessment from a role's
// mix, invite candidates (form or CSV) and copy their links, follow progress, and read the
// ranking, candidate details, statistics and reports; record decisions, export or erase a
// candidate's data, set the organisation's retention and notice, read the audit log and the
// fairness monitor (oversight.js); owners manage their team and API keys (team.js) and
// webhooks (webhooks.js); invitations go by email or as links, can be re-sent, and remind
// (outreach.js); the dev server's outbox can be read (outbox.js). What a
// person's role (viewer < recruiter < owner) does not allow is not offered, and a 403 is
// explained. Screens whose API is not on the server yet say so plainly.
// Routing is by URL fragment: #/catalog, #/roles/<id>, #/build/<id>, #/a/<id>/<tab>,
// #/settings, #/audit, #/team, #/webhooks, #/outbox (dev server), #/account, #/signin, #/forgot, …

import { h, mount, focusHeading, announce, download, wireSkipLink } from '../dom.js';
import { api, ApiError } from '../http.js';
import { register, t, setLang, getLang, browserLang, fmtDate, fmtNumber } from '../i18n.js';
import { strings } from './strings.js';
import * as session from './session.js';
import { problem, say, roleName, msg, copyAndSay, draft } from './ui.js';
import { settingsScreen, auditScreen, fairnessTab, decisionSection, dataSection, decisionPill } from './oversight.js';
import { signInScreen, forgotScreen, accountScreen, startSignIn } from './auth.js';
import { teamScreen } from './team.js';
import { webhooksScreen } from './webhooks.js';
import { outboxScreen, outboxAvailable } from './outbox.js';
import { parseList, deliveryChoice, emailState, canResend, resendPanel, remindersField, remindersText, REMINDER_DAYS } from './outreach.js';

register(strings);

const K = { lang: 'shortlist.console.lang' };
// Left by earlier versions of the console (an API key, a typed reviewer name): removed at start.
const LEGACY = ['shortlist.hrkey', 'shortlist.reviewer'];
const FAMILIES = ['cognitive', 'competency', 'technical', 'integrity', 'disc'];
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
  const btn = document.getElementById('lang-switch');
  btn.textContent = t('lang.switch');
  btn.lang = getLang() === 'es' ? 'en' : 'es';
  btn.setAttribute('aria-label', t('lang.switch.label'));
  document.getElementById('skip').textContent = t('skip');
  document.getElementById('footer').textContent = t('footer');
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

/** What oversight.js, auth.js and team.js need from the console. */
const app = {
  hr, screen, fail, loading, can, enter,
  who: session.who,
  main: $main,
  drafts: S.drafts,
  redraw: () => S.redraw && S.redraw(),
  /** Draw the current screen again from its state, focus on its heading (a new step of a flow). */
  drawAnew: () => { if (S.redraw) focusHeading(S.redraw()); },
  flash: (key, vars) => { S.flash = { key, vars }; },
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
      case '': return await assessments(keep);
      case 'catalog': return await catalogScreen(parts[1], keep);
      case 'roles': return await roleScreen(parts[1], keep);
      case 'build': return await builder(parts[1], keep);
      case 'a': return await assessment(parts[1], parts[2] || 'candidates', parts[3], keep);
      case 'settings': return await settingsScreen(app, keep);
      case 'audit': return await auditScreen(app, keep);
      default: location.replace('#/'); return undefined;
    }
  } catch (e) {
    return fail(e, () => route(false));
  }
}

// ---------------------------------------------------------------- assessments

async function assessments(keep) {
  loading();
  const [list, roles] = await Promise.all([hr('GET', '/v1/assessments'), catalog('/v1/catalog/roles')]);
  const roleName = Object.fromEntries((roles.roles || []).map((r) => [r.id, r.name]));
  const items = (list.assessments || []).slice().sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  screen(() => t('list.title'), () => {
    const h1 = h('h1', {}, t('list.title'));
    mount($main(), h1,
      can('recruiter') ? h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/catalog', id: 'new-assessment' }, t('list.new'))) : null,
      items.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data' },
        h('caption', { class: 'visually-hidden' }, t('list.title')),
        h('thead', {}, h('tr', {}, [t('list.name'), t('list.role'), t('list.parts'), t('list.minutes'), t('list.lang'), t('list.created')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, items.map((a) => h('tr', {},
          h('td', {}, h('a', { href: `#/a/${encodeURIComponent(a.id)}` }, a.config.name)),
          h('td', {}, roleName[a.config.roleId] || a.config.roleId),
          h('td', { class: 'num' }, String(a.config.sections.length)),
          h('td', { class: 'num' }, t('min', { n: a.config.minutes })),
          h('td', {}, a.config.lang === 'es' ? 'Español' : 'English'),
          h('td', {}, fmtDate(a.createdAt))))))) : h('p', { class: 'note' }, t('list.empty')));
    return h1;
  }, keep);
}

// ---------------------------------------------------------------- catalog

async function catalogScreen(industryId, keep) {
  loading();
  const inds = await catalog('/v1/catalog/industries');
  const industries = inds.industries || [];
  const current = industries.find((i) => i.id === industryId) || industries[0];
  const roles = current ? await catalog(`/v1/catalog/roles?industry=${encodeURIComponent(current.id)}`) : { roles: [] };
  screen(() => t('cat.title'), () => {
    const h1 = h('h1', {}, t('cat.title'));
    mount($main(), h1, h('p', {}, t('cat.lead')),
      h('nav', { 'aria-label': t('cat.industries') },
        h('ul', { class: 'tabs' }, industries.map((i) => h('li', {}, h('a', {
          href: `#/catalog/${encodeURIComponent(i.id)}`, 'aria-current': current && i.id === current.id ? 'page' : null,
        }, `${i.name} (${i.roles})`))))),
      current ? h('h2', {}, t('cat.roles', { name: current.name })) : null,
      h('ul', { class: 'grid-cards' }, (roles.roles || []).map((r) => h('li', { class: 'card' },
        h('h3', {}, h('a', { href: `#/roles/${encodeURIComponent(r.id)}` }, r.name)),
        h('p', {}, r.assess),
        h('p', { class: 'muted' }, t('cat.role.meta', { n: r.instruments, min: r.minutes }))))));
    return h1;
  }, keep);
}

const pct = (w) => `${fmtNumber(Math.round(w * 1000) / 10)}%`;

async function roleScreen(roleId, keep) {
  loading();
  const role = await catalog(`/v1/catalog/roles/${encodeURIComponent(roleId)}`);
  screen(() => role.name, () => {
    const h1 = h('h1', {}, role.name);
    mount($main(), h1,
      h('p', {}, h('a', { href: `#/catalog/${encodeURIComponent(role.industry.id)}` }, `← ${role.industry.name}`)),
      h('h2', {}, t('role.challenge')), h('p', {}, role.challenge),
      h('h2', {}, t('role.assess')), h('p', {}, role.assess),
      h('h2', {}, t('role.weight')), h('p', {}, role.weighting.note),
      h('ul', {}, (role.weighting.families || []).map((f) => h('li', {}, `${t(`fam.${f.family}`)}: ${pct(f.weight)}`))),
      h('h2', {}, t('role.mix')),
      h('ol', { class: 'steps' }, role.mix.map((m) => h('li', {},
        h('span', { class: 'grow' }, h('strong', {}, m.instrument.name), h('br'),
          h('span', {}, m.reason), h('br'),
          h('span', { class: 'muted' }, [t(`fam.${m.instrument.family}`), ' · ',
            m.instrument.timeLimitSeconds ? t('role.timed', { n: Math.round(m.instrument.timeLimitSeconds / 60) }) : t('role.untimed'),
            ' · ', m.instrument.family === 'disc' ? t('role.weight.none') : t('role.weight.of', { pct: pct(m.weight) })]))))),
      can('recruiter') ? h('div', { class: 'actions' }, h('a', { class: 'button', href: `#/build/${encodeURIComponent(role.id)}`, id: 'build' }, t('role.build')))
        : h('p', { class: 'note', id: 'build-role' }, t('role.build.role')));
    return h1;
  }, keep);
}

// ---------------------------------------------------------------- builder

/** Every instrument of the catalog (GET /v1/catalog/instruments), by id. */
async function library() {
  const res = await catalog('/v1/catalog/instruments');
  return new Map((res.instruments || []).map((i) => [i.id, i]));
}

const builds = new Map(); // role id → builder state, kept across language switches

async function builder(roleId, keep) {
  loading();
  const [role, lib] = await Promise.all([catalog(`/v1/catalog/roles/${encodeURIComponent(roleId)}`), library()]);
  let st = builds.get(roleId);
  if (!st || !keep) {
    st = {
      name: '', lang: getLang(), expiry: 14, reminders: REMINDER_DAYS.slice(),
      rows: role.mix.map((m) => ({ inst: m.instrument, fromRole: true, on: true, minutes: '', minimum: '' })),
      roleWeights: Object.fromEntries((role.weighting.families || []).map((f) => [f.family, f.weight])),
      weights: null, // percentages once touched
      error: '', fieldErrors: {}, warnings: [],
    };
    builds.set(roleId, st);
  }
  const present = () => {
    const fams = new Set(st.rows.filter((r) => r.on).map((r) => r.inst.family));
    return FAMILIES.filter((f) => fams.has(f) && f !== 'disc');
  };
  const defaultWeights = () => {
    const fams = present();
    const w = {};
    let sum = 0;
    for (const f of fams) { w[f] = st.roleWeights[f] || 1 / fams.length; sum += w[f]; }
    for (const f of fams) w[f] = Math.round((w[f] / sum) * 1000) / 10;
    return w;
  };
  const currentWeights = () => {
    const d = defaultWeights();
    if (!st.weights) return d;
    const out = {};
    for (const f of Object.keys(d)) out[f] = f in st.weights ? st.weights[f] : 0;
    return out;
  };
  // Share (percent, rounded) of the ranking weight on self-report scales in the current
  // selection: each family's weight shared equally among its included tests, as the server
  // does; DISC carries none. null when nothing selected carries weight.
  const selfShare = () => {
    const w = currentWeights();
    const on = st.rows.filter((r) => r.on && r.inst.family !== 'disc');
    const count = {};
    for (const r of on) count[r.inst.family] = (count[r.inst.family] || 0) + 1;
    let total = 0;
    let self = 0;
    for (const r of on) {
      const x = Number(w[r.inst.family] || 0) / count[r.inst.family];
      total += x;
      if (r.inst.kind === 'likert') self += x;
    }
    return total > 0 ? Math.round((self / total) * 100) : null;
  };
  // The seed mix as the role gives it: the advice's summary speaks about that mix only.
  const isSeed = () => !st.weights && st.rows.every((r) => r.on === r.fromRole);
  const estimate = () => st.rows.filter((r) => r.on).reduce((sum, r) => {
    const lim = Number(r.minutes);
    const m = r.minutes !== '' && lim > 0 ? Math.max(r.inst.minutes, Math.ceil(lim)) : r.inst.minutes;
    return sum + m;
  }, 0);

  const draw = () => screen(() => t('build.title', { role: role.name }), () => {
    const h1 = h('h1', {}, t('build.title', { role: role.name }));
    const est = h('p', { class: 'estimate', id: 'estimate', role: 'status' });
    const longNote = h('p', { class: 'note warn', id: 'estimate-long' }, t('build.estimate.long'));
    const weightSum = h('p', { id: 'weight-sum', role: 'status' });
    const advice = role.advice || { suggestions: [] };
    const shareLine = h('p', { id: 'self-share', role: 'status' });
    const seedSummary = h('p', { id: 'advice-summary', class: 'muted' }, advice.summary || '');
    const refresh = () => {
      const n = estimate();
      est.textContent = t('build.estimate', { n });
      longNote.hidden = n <= 45;
      const w = currentWeights();
      const total = Math.round(Object.values(w).reduce((a, b) => a + Number(b || 0), 0) * 10) / 10;
      weightSum.textContent = t('build.weights.sum', { n: fmtNumber(total) });
      weightSum.className = Math.abs(total - 100) > 0.05 && Object.keys(w).length ? 'error-text' : 'muted';
      const share = selfShare();
      shareLine.textContent = share === null ? t('build.advice.share.none') : t('build.advice.share', { n: fmtNumber(share) });
      seedSummary.hidden = !isSeed() || !advice.summary;
    };
    const fe = (k) => st.fieldErrors[k];
    const fieldErr = (k, id) => (fe(k) ? h('p', { class: 'error-text', id }, fe(k)) : null);

    const rows = st.rows.map((r, i) => {
      const id = r.inst.id;
      const box = h('input', { type: 'checkbox', id: `inc-${id}`, checked: r.on, onchange: (ev) => {
        r.on = ev.currentTarget.checked;
        row.dataset.off = String(!r.on);
        st.weights = null;
        drawWeights();
        refresh();
      } });
      const timeId = `time-${id}`;
      const minId = `min-${id}`;
      const row = h('div', { class: 'mix-row', dataset: { off: String(!r.on) } },
        h('div', {},
          h('label', { class: 'check', for: `inc-${id}` }, box, h('span', {}, r.inst.name)),
          h('p', { class: 'muted' }, [t(`fam.${r.inst.family}`), ' · ', t('min', { n: r.inst.minutes }),
            r.inst.timeLimitSeconds ? [' · ', t('role.timed', { n: Math.round(r.inst.timeLimitSeconds / 60) })] : ''])),
        h('div', { class: 'knobs' },
          h('div', { class: 'field' },
            h('label', { for: timeId }, t('build.time')),
            h('input', {
              id: timeId, type: 'number', inputmode: 'numeric', min: '1', max: '120', step: '1',
              placeholder: r.inst.timeLimitSeconds ? String(Math.round(r.inst.timeLimitSeconds / 60)) : '',
              value: r.minutes, 'aria-describedby': `${timeId}-hint${fe(`timeLimits.${id}`) ? ` ${timeId}-err` : ''}`,
              'aria-invalid': fe(`timeLimits.${id}`) ? 'true' : null,
              oninput: (ev) => { r.minutes = ev.currentTarget.value; refresh(); },
            }),
            h('span', { class: 'hint', id: `${timeId}-hint` }, r.inst.timeLimitSeconds
              ? t('build.time.hint', { n: Math.round(r.inst.timeLimitSeconds / 60) }) : t('build.time.none')),
            fieldErr(`timeLimits.${id}`, `${timeId}-err`)),
          r.inst.family === 'disc' ? h('p', { class: 'muted' }, t('role.weight.none')) : h('div', { class: 'field' },
            h('label', { for: minId }, t('build.min')),
            h('input', {
              id: minId, type: 'number', inputmode: 'numeric', min: '20', max: '80', step: '1', value: r.minimum,
              'aria-describedby': `${minId}-hint${fe(`minimums.${id}`) ? ` ${minId}-err` : ''}`,
              'aria-invalid': fe(`minimums.${id}`) ? 'true' : null,
              oninput: (ev) => { r.minimum = ev.currentTarget.value; },
            }),
            h('span', { class: 'hint', id: `${minId}-hint` }, t('build.min.hint')),
            fieldErr(`minimums.${id}`, `${minId}-err`))));
      return row;
    });

    const weightsBox = h('fieldset', { class: 'panel', 'aria-describedby': 'weights-hint' });
    const drawWeights = () => {
      const w = currentWeights();
      mount(weightsBox,
        h('legend', {}, t('build.weights')),
        h('p', { class: 'hint muted', id: 'weights-hint' }, t('build.weights.hint')),
        Object.keys(w).map((f) => h('div', { class: 'field' },
          h('label', { for: `w-${f}` }, t(`fam.${f}`)),
          h('input', {
            id: `w-${f}`, type: 'number', inputmode: 'decimal', min: '0', max: '100', step: '0.1', value: String(w[f]),
            'aria-invalid': fe(`weights.${f}`) || fe('weights') ? 'true' : null,
            oninput: (ev) => { st.weights = { ...currentWeights(), [f]: Number(ev.currentTarget.value) }; refresh(); },
          }))),
        weightSum,
        fe('weights') ? h('p', { class: 'error-text' }, fe('weights')) : null);
    };
    drawWeights();

    const inMix = new Set(st.rows.map((r) => r.inst.id));
    // Suggestions stay beside the mix until HR adds them; adding never changes the seed.
    const suggestions = (advice.suggestions || []).filter((s) => lib.has(s.instrument) && !inMix.has(s.instrument));
    const adviceBox = h('section', { class: 'panel advice', id: 'advice', 'aria-labelledby': 'advice-h' },
      h('h3', { id: 'advice-h' }, t('build.advice')),
      shareLine,
      h('p', { class: 'hint muted' }, t('build.advice.hint')),
      seedSummary,
      suggestions.length ? [
        h('p', {}, t('build.advice.lead')),
        h('ul', { class: 'advice-list' }, suggestions.map((sg) => h('li', { class: 'advice-item' },
          h('p', {}, h('strong', {}, sg.name), ' — ', sg.reason),
          h('button', { type: 'button', class: 'secondary', id: `suggest-${sg.instrument}`, onclick: () => {
            st.rows.push({ inst: lib.get(sg.instrument), fromRole: false, on: true, minutes: '', minimum: '' });
            st.weights = null;
            draw();
            document.getElementById(`inc-${sg.instrument}`)?.focus();
          } }, t('build.advice.add'), h('span', { class: 'visually-hidden' }, ` ${sg.name}`))))),
      ] : h('p', { class: 'muted' }, t('build.advice.none')));
    const addable = [...lib.values()].filter((i) => !inMix.has(i.id));
    // Grouped by signal family, in the console's family order.
    const addSel = h('select', { id: 'add-test' },
      h('option', { value: '' }, t('build.add.none')),
      FAMILIES.map((f) => {
        const list = addable.filter((i) => i.family === f).sort((x, y) => x.name.localeCompare(y.name, getLang()));
        return list.length ? h('optgroup', { label: t(`fam.${f}`) },
          list.map((i) => h('option', { value: i.id }, t('build.add.option', { name: i.name, min: i.minutes })))) : null;
      }));

    const submit = h('button', { type: 'submit', id: 'create' }, t('build.create'));
    const form = h('form', { novalidate: true },
      h('div', { class: 'field' }, h('label', { for: 'a-name' }, t('build.name')),
        h('input', { id: 'a-name', type: 'text', maxlength: '120', placeholder: role.name, value: st.name, oninput: (ev) => { st.name = ev.currentTarget.value; } })),
      h('div', { class: 'field' }, h('label', { for: 'a-lang' }, t('build.lang')),
        h('select', { id: 'a-lang', value: st.lang, onchange: (ev) => { st.lang = ev.currentTarget.value; } },
          h('option', { value: 'es', lang: 'es' }, 'Español'), h('option', { value: 'en', lang: 'en' }, 'English'))),
      h('div', { class: 'field' }, h('label', { for: 'a-expiry' }, t('build.expiry')),
        h('input', { id: 'a-expiry', type: 'number', inputmode: 'numeric', min: '1', max: '90', value: String(st.expiry), oninput: (ev) => { st.expiry = ev.currentTarget.value; } })),
      remindersField(() => st.reminders, (days) => { st.reminders = days; }),
      h('h2', {}, t('build.tests')),
      rows,
      adviceBox,
      addable.length ? h('div', { class: 'panel' },
        h('div', { class: 'field' }, h('label', { for: 'add-test' }, t('build.add')), addSel),
        h('button', { type: 'button', class: 'secondary', id: 'add-go', onclick: () => {
          const inst = lib.get(addSel.value);
          if (!inst) return;
          st.rows.push({ inst, fromRole: false, on: true, minutes: '', minimum: '' });
          st.weights = null;
          draw();
          document.getElementById(`inc-${inst.id}`)?.focus();
        } }, t('build.add.go'))) : null,
      weightsBox,
      est, longNote,
      st.warnings.length ? h('div', { class: 'note warn' }, h('p', {}, t('build.warnings')), h('ul', {}, st.warnings.map((w) => h('li', {}, w)))) : null,
      st.error ? h('div', { class: 'note bad', role: 'alert', id: 'build-error' }, h('p', {}, st.error)) : null,
      h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      st.error = '';
      st.fieldErrors = {};
      const on = st.rows.filter((r) => r.on);
      if (!on.length) { st.error = t('build.need.one'); draw(); document.getElementById('build-error')?.focus(); return; }
      const body = { roleId: role.id, lang: st.lang };
      if (st.name.trim()) body.name = st.name.trim();
      const exp = Number(st.expiry);
      if (exp && exp !== 14) body.inviteExpiryDays = exp;
      // Reminders fall before expiry: a day at or beyond it would never come.
      body.reminders = st.reminders.filter((d) => d < (exp || 14));
      const remove = st.rows.filter((r) => r.fromRole && !r.on).map((r) => r.inst.id);
      const add = st.rows.filter((r) => !r.fromRole && r.on).map((r) => r.inst.id);
      if (remove.length) body.remove = remove;
      if (add.length) body.add = add;
      const limits = {};
      const mins = {};
      for (const r of on) {
        if (r.minutes !== '' && Number(r.minutes) > 0) limits[r.inst.id] = Math.round(Number(r.minutes) * 60);
        if (r.minimum !== '' && r.inst.family !== 'disc') mins[r.inst.id] = Number(r.minimum);
      }
      if (Object.keys(limits).length) body.timeLimits = limits;
      if (Object.keys(mins).length) body.minimums = mins;
      if (st.weights) {
        const w = currentWeights();
        const total = Object.values(w).reduce((a, b) => a + Number(b || 0), 0);
        if (Math.abs(total - 100) > 0.05) {
          st.error = t('build.weights.bad', { n: fmtNumber(Math.round(total * 10) / 10) });
          st.fieldErrors.weights = st.error;
          draw();
          document.getElementById('build-error')?.focus();
          return;
        }
        body.weights = Object.fromEntries(Object.entries(w).map(([f, v]) => [f, Number(v) / total]));
      }
      submit.disabled = true;
      submit.textContent = t('build.creating');
      try {
        const a = await hr('POST', '/v1/assessments', { body });
        builds.delete(roleId);
        location.hash = `#/a/${encodeURIComponent(a.id)}/invite`;
      } catch (e) {
        if (e.status === 401) return fail(e);
        // A 400 explains itself field by field; anything else in the console's words.
        st.error = e.status === 400 ? e.message : say(problem(e));
        st.fieldErrors = e.fields || {};
        draw();
        const target = document.getElementById('build-error');
        if (target) { target.setAttribute('tabindex', '-1'); target.focus(); }
      }
      return undefined;
    });
    mount($main(), h1, h('p', {}, t('build.lead')), form);
    refresh();
    return h1;
  }, keep);
  draw();
}

// ---------------------------------------------------------------- one assessment

const TABS = ['candidates', 'invite', 'ranking', 'stats', 'reports', 'fairness'];
/** Tabs a role below recruiter does not see (the API would answer 403). */
const TAB_NEEDS = { invite: 'recruiter' };

async function assessment(id, tab, sub, keep) {
  loading();
  const a = await hr('GET', `/v1/assessments/${encodeURIComponent(id)}`);
  const base = `#/a/${encodeURIComponent(id)}`;
  const frame = (titleText, ...body) => {
    const h1 = h('h1', {}, a.config.name);
    const cfg = a.config;
    mount($main(), h1,
      h('p', { class: 'muted' }, t('a.parts', { n: cfg.sections.length, min: cfg.minutes, lang: cfg.lang === 'es' ? 'Español' : 'English' })),
      h('nav', { 'aria-label': t('a.tabs') }, h('ul', { class: 'tabs' }, TABS.filter((k) => !TAB_NEEDS[k] || can(TAB_NEEDS[k])).map((k) => h('li', {},
        h('a', { href: `${base}/${k}`, 'aria-current': k === tab ? 'page' : null }, t(`a.tab.${k}`)))))),
      h('h2', { id: 'tab-title' }, titleText), body);
    return h1;
  };
  if (TAB_NEEDS[tab] && !can(TAB_NEEDS[tab])) return denied();
  switch (tab) {
    case 'invite': return inviteTab(a, frame, keep);
    case 'ranking': return rankingTab(a, frame, keep);
    case 'c': return candidateTab(a, sub, frame, keep);
    case 'stats': return statsTab(a, frame, keep);
    case 'reports': return reportsTab(a, frame, keep);
    case 'fairness': return fairnessTab(app, a, frame, keep);
    default: return candidatesTab(a, frame, keep);
  }
}

function configSummary(a) {
  return h('details', { class: 'instructions-box' },
    h('summary', {}, t('a.summary')),
    h('p', {}, t('a.expiry', { n: a.config.inviteExpiryDays }), Array.isArray(a.config.reminders) ? ` · ${remindersText(a.config.reminders)}` : ''),
    h('ol', {}, a.config.sections.map((s) => h('li', {},
      `${s.instrument} · ${t(`fam.${s.family}`)} · `,
      s.timeLimitSeconds ? t('a.section.timed', { min: Math.round(s.timeLimitSeconds / 60) }) : t('a.section.untimed'),
      s.family === 'disc' ? '' : ` · ${t('a.section.weight', { pct: pct(s.weight || 0) })}`,
      s.minimum ? ` · ${t('a.section.min', { n: s.minimum })}` : ''))));
}

async function candidatesTab(a, frame, keep) {
  const base = `/v1/assessments/${encodeURIComponent(a.id)}/candidates`;
  // The list comes in pages of up to 500: load the first `pages` of them.
  let pages = 1;
  const load = async () => {
    let candidates = [];
    let next = '';
    for (let n = 0; n < pages; n++) {
      const d = await hr('GET', next ? `${base}?cursor=${encodeURIComponent(next)}` : base);
      candidates = candidates.concat(d.candidates || []);
      next = d.next || '';
      if (!next) break;
    }
    return { candidates, next };
  };
  let data = await load();
  let updated = new Date();
  let auto = true;
  // Re-sending an invitation: the candidate asked about, and how it went (kept across a language switch).
  const rs = draft(app, `resend:${a.id}`, keep, () => ({ cid: null, busy: false, error: null, done: null }));
  const flash = S.flash;
  S.flash = null;
  const draw = (keepFocus) => screen(() => `${t('a.tab.candidates')} · ${a.config.name}`, () => {
    // Latest activity first (completed, else started, else invited), then by name.
    const when = (c) => String(c.completedAt || c.startedAt || c.invitedAt || '');
    const list = (data.candidates || []).slice().sort((x, y) => when(y).localeCompare(when(x)) || String(x.name).localeCompare(String(y.name)));
    const counts = {};
    for (const c of list) counts[c.status] = (counts[c.status] || 0) + 1;
    return frame(t('prog.title'),
      flash ? h('p', { class: 'note ok', id: 'flash', role: 'status' }, t(flash.key, flash.vars)) : null,
      configSummary(a),
      h('ul', { class: 'counts', 'aria-label': t('prog.status') }, Object.entries(counts).map(([s, n]) => h('li', { class: `pill ${pillOf(s)}` }, t('prog.counts', { n, status: t(`st.${s}`) })))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'refresh', onclick: () => reload(true) }, t('prog.refresh')),
        h('label', { class: 'check', for: 'auto' }, h('input', { type: 'checkbox', id: 'auto', checked: auto, onchange: (ev) => { auto = ev.currentTarget.checked; } }), h('span', {}, t('prog.auto')))),
      h('p', { class: 'muted', id: 'updated' }, t('prog.updated', { time: fmtDate(updated.toISOString()) })),
      data.next ? h('p', { class: 'muted' }, t('prog.partial', { n: list.length }), ' ',
        h('button', { type: 'button', class: 'secondary', id: 'more', onclick: async () => { pages++; await reload(false); document.getElementById('more')?.focus(); } }, t('prog.more'))) : null,
      h('div', { role: 'status', id: 'resend-done-box' }, rs.done ? h('p', { class: 'note ok', id: 'resend-done', tabindex: '-1' }, say(rs.done)) : null),
      resendPanel(app, a, list.find((c) => c.candidateId === rs.cid), rs, () => reload(false)),
      list.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'progress' },
        h('caption', { class: 'visually-hidden' }, t('prog.title')),
        h('thead', {}, h('tr', {}, [t('rank.name'), t('prog.status'), t('prog.started'), t('prog.completed'), t('prog.extra'), t('prog.detail'),
          can('recruiter') ? t('prog.invitation') : null].filter(Boolean).map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, list.map((c) => h('tr', { dataset: { candidate: c.candidateId, status: c.status, email: c.emailStatus || '' } },
          h('th', { scope: 'row' }, c.name, c.email ? h('span', { class: 'muted' }, h('br'), c.email) : null),
          h('td', {}, h('span', { class: `pill ${pillOf(c.status)}` }, t(`st.${c.status}`)), c.status === 'started' && c.section ? ` · ${t('st.in', { n: c.section })}` : '',
            emailState(c) ? [h('br'), emailState(c)] : null),
          h('td', {}, fmtDate(c.startedAt)),
          h('td', {}, fmtDate(c.completedAt)),
          h('td', { class: 'num' }, `×${fmtNumber(c.extraTime || 1)}`),
          h('td', {}, h('a', { href: `#/a/${encodeURIComponent(a.id)}/c/${encodeURIComponent(c.candidateId)}`, 'aria-label': t('prog.detail.label', { name: c.name }) }, t('prog.detail'))),
          can('recruiter') ? h('td', {}, canResend(c) ? h('button', { type: 'button', class: 'secondary', dataset: { act: 'resend' }, disabled: rs.busy, onclick: () => {
            Object.assign(rs, { cid: c.candidateId, error: null, done: null });
            draw(true);
            focusHeading(document.getElementById('resend-h'));
          } }, t('resend.open'), h('span', { class: 'visually-hidden' }, `: ${c.name}`)) : null) : null))))) :
        h('p', { class: 'note' }, t('prog.empty'), can('recruiter') ? [' ', h('a', { href: `#/a/${encodeURIComponent(a.id)}/invite` }, t('a.tab.invite'))] : null));
  }, keepFocus);
  const reload = async (announceIt) => {
    try {
      data = await load();
      updated = new Date();
      const focusId = document.activeElement && document.activeElement.id;
      draw(true);
      if (focusId) document.getElementById(focusId)?.focus();
      if (announceIt) announce(t('prog.updated', { time: fmtDate(updated.toISOString()) }));
    } catch (e) {
      if (e.status === 401) fail(e);
    }
  };
  draw(keep);
  S.timer = setInterval(() => { if (auto && document.visibilityState === 'visible') reload(false); }, 10000);
}

function pillOf(status) {
  return { completed: 'ok', scored: 'ok', started: 'brand', expired: 'bad' }[status] || '';
}

// ---- invite

/** The invite forms per assessment (rows typed, a pasted list, errors shown): kept across a language switch. */
const inviteViews = new Map();
const blankRow = () => ({ name: '', email: '', externalId: '', extraTime: '1' });

/** The e-mail addresses of a CSV upload's rows ('' when a row has none): its header names the column. */
function csvEmails(text) {
  const lines = String(text).split(/\r?\n/).filter((l) => l.trim());
  const col = (lines.shift() || '').split(',').map((x) => x.trim().replace(/^"|"$/g, '').toLowerCase()).indexOf('email');
  return lines.map((l) => (col < 0 ? '' : (l.split(',')[col] || '').trim().replace(/^"|"$/g, '')));
}

function inviteTab(a, frame, keep) {
  if (!inviteViews.has(a.id)) {
    inviteViews.set(a.id, {
      rows: [blankRow()], error: '', csvError: '', fieldErrors: {},
      send: null,      // 'email' | 'links' once chosen; until then it follows the rows (email when each has an address)
      paste: '', pasteError: null, pasteServer: [], csvRows: [],
    });
  }
  const st = inviteViews.get(a.id);
  /** Every row HR has given so far: typed (with something in it), pasted, and the chosen CSV file's. */
  const emailsGiven = () => [
    ...st.rows.filter((r) => r.name.trim() || r.email.trim()).map((r) => r.email.trim()),
    ...parseList(st.paste, false).rows.map((r) => r.email),
    ...st.csvRows,
  ];
  const sendMode = () => st.send || (emailsGiven().every(Boolean) ? 'email' : 'links');
  /** The shown choice follows the rows until HR picks one. */
  const syncSend = () => {
    const el = /** @type {HTMLInputElement|null} */ (document.getElementById(`deliver-${sendMode()}`));
    if (el && !el.checked) el.checked = true;
  };

  const draw = (keepFocus) => screen(() => `${t('a.tab.invite')} · ${a.config.name}`, () => {
    const result = S.invited.get(a.id);
    const byEmail = sendMode() === 'email';
    const rows = st.rows.map((r, i) => {
      const n = i + 1;
      const f = (key, label, type, extra = {}) => {
        const id = `r${n}-${key}`;
        const err = st.fieldErrors[`${i}.${key}`];
        const desc = [extra.hint ? `${id}-hint` : null, err ? `${id}-err` : null].filter(Boolean).join(' ') || null;
        return h('div', { class: 'field' },
          h('label', { for: id }, label),
          extra.hint ? h('span', { class: 'hint', id: `${id}-hint` }, extra.hint) : null,
          h('input', { id, type, value: r[key], 'aria-describedby': desc, 'aria-invalid': err ? 'true' : null,
            autocomplete: 'off', ...extra.attrs, oninput: (ev) => { r[key] = ev.currentTarget.value; syncSend(); } }),
          err ? h('p', { class: 'error-text', id: `${id}-err` }, t(err)) : null);
      };
      return h('fieldset', { class: 'card' },
        h('legend', {}, t('inv.row', { n })),
        f('name', t('inv.name'), 'text', { attrs: { required: true } }),
        f('email', t(byEmail ? 'inv.email.needed' : 'inv.email'), 'email'),
        f('externalId', t('inv.ext'), 'text'),
        f('extraTime', t('inv.extra'), 'number', { hint: t('inv.extra.hint'), attrs: { min: '1', max: '3', step: '0.05', inputmode: 'decimal' } }),
        st.rows.length > 1 ? h('button', { type: 'button', class: 'danger', onclick: () => { st.rows.splice(i, 1); draw(true); } }, t('inv.removerow', { n })) : null);
    });
    const form = h('form', { novalidate: true, id: 'invite-form' },
      h('h3', {}, t('inv.form')), rows,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'add-row', onclick: () => { st.rows.push(blankRow()); draw(true); document.getElementById(`r${st.rows.length}-name`)?.focus(); } }, t('inv.addrow')),
        h('button', { type: 'submit', id: 'invite-send' }, t(byEmail ? 'inv.send.email' : 'inv.send'))),
      st.error ? h('p', { class: 'note bad', role: 'alert' }, st.error) : null);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const mode = sendMode();
      // Sending by email needs an address on every row: said beside each field without one.
      st.fieldErrors = {};
      if (mode === 'email') st.rows.forEach((r, i) => { if (!r.email.trim()) st.fieldErrors[`${i}.email`] = 'inv.err.email.needed'; });
      if (Object.keys(st.fieldErrors).length) {
        st.error = t('inv.err.fields', { n: Object.keys(st.fieldErrors).length });
        draw(true);
        /** @type {HTMLElement|null} */ (document.querySelector('#invite-form [aria-invalid="true"]'))?.focus();
        return;
      }
      const candidates = st.rows.map((r) => {
        const c = { name: r.name.trim() };
        if (r.email.trim()) c.email = r.email.trim();
        if (r.externalId.trim()) c.externalId = r.externalId.trim();
        const x = Number(String(r.extraTime).replace(',', '.'));
        if (x && x !== 1) c.extraTime = x;
        return c;
      });
      await send({ body: { candidates, send: mode } }, 'error');
    });

    // A pasted list: read as it is typed, what is wrong said beside it, line by line.
    const pasteIssues = h('div', { id: 'paste-issues' });
    const pastePreview = h('div', { id: 'paste-preview' });
    const area = /** @type {HTMLTextAreaElement} */ (h('textarea', { rows: '6', spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off',
      oninput: (ev) => { st.paste = ev.currentTarget.value; st.pasteServer = []; syncSend(); drawPaste(); } }));
    area.value = st.paste;
    const drawPaste = () => {
      const { rows: people, issues } = parseList(st.paste, sendMode() === 'email');
      const all = [...issues, ...st.pasteServer];
      area.setAttribute('aria-invalid', all.length ? 'true' : 'false');
      area.setAttribute('aria-describedby', ['paste-text-hint', all.length ? 'paste-issues' : null].filter(Boolean).join(' '));
      mount(pasteIssues, all.length ? h('ul', { class: 'error-text field-error issue-list' }, all.map((m) => h('li', {}, say(m)))) : null);
      mount(pastePreview, people.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'paste-rows' },
        h('caption', {}, t('paste.found', { n: people.length, count: people.length })),
        h('thead', {}, h('tr', {}, [t('paste.line'), t('inv.name'), t('paste.email')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, people.map((p) => h('tr', { dataset: { line: String(p.line) } },
          h('td', { class: 'num' }, String(p.line)), h('th', { scope: 'row' }, p.name), h('td', {}, p.email)))))) : null);
    };
    drawPaste();
    const pasteForm = h('form', { novalidate: true, id: 'paste-form', class: 'panel', 'aria-labelledby': 'paste-h' },
      h('h3', { id: 'paste-h' }, t('paste.title')),
      st.pasteError ? h('p', { class: 'note bad', role: 'alert', id: 'paste-errors', tabindex: '-1' }, typeof st.pasteError === 'string' ? st.pasteError : say(st.pasteError)) : null,
      h('div', { class: 'field' },
        h('label', { for: 'paste-text' }, t('paste.label')),
        h('span', { class: 'hint', id: 'paste-text-hint' }, t('paste.hint')),
        area, pasteIssues),
      pastePreview,
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'paste-send' }, t(byEmail ? 'paste.send.email' : 'paste.send'))));
    area.id = 'paste-text';
    pasteForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const mode = sendMode();
      const { rows: people, issues } = parseList(st.paste, mode === 'email');
      st.pasteError = null;
      st.pasteServer = [];
      if (!people.length || issues.length) {
        st.pasteError = people.length ? msg('paste.err.summary', { n: issues.length, count: issues.length }) : msg('paste.err.empty');
        draw(true);
        document.getElementById('paste-text')?.focus();
        return;
      }
      await send({ body: { candidates: people.map((p) => (p.email ? { name: p.name, email: p.email } : { name: p.name })), send: mode } }, 'paste', people);
    });

    const file = h('input', { type: 'file', id: 'csv-file', accept: '.csv,text/csv', 'aria-describedby': 'csv-hint', onchange: async () => {
      const f = file.files && file.files[0];
      st.csvRows = f ? csvEmails(await f.text()) : [];
      syncSend();
    } });
    const csvForm = h('form', { novalidate: true, id: 'csv-form', class: 'panel' },
      h('h3', {}, t('inv.csv')),
      h('p', { class: 'hint', id: 'csv-hint' }, t('inv.csv.hint')),
      h('div', { class: 'field' }, h('label', { for: 'csv-file' }, t('inv.csv.file')), file),
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'csv-send' }, t('inv.csv.send'))),
      st.csvError ? h('p', { class: 'note bad', role: 'alert' }, st.csvError) : null);
    csvForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const f = file.files && file.files[0];
      if (!f) { st.csvError = t('inv.csv.none'); draw(true); document.getElementById('csv-file').focus(); return; }
      const text = await f.text();
      st.csvRows = csvEmails(text);
      await send({ body: text, contentType: 'text/csv', query: `?send=${sendMode()}` }, 'csvError');
    });
    const choice = deliveryChoice(sendMode(), (v) => { st.send = v; draw(true); document.getElementById(`deliver-${v}`)?.focus(); });
    return frame(t('inv.title'), result ? resultView(result) : null, choice, pasteForm, csvForm, form);
  }, keepFocus);

  /**
   * POST the invites; errKey says which form asked: 'error' (typed rows), 'paste' (the list:
   * `people` are its rows, to name a row's line) or 'csvError'.
   * @param {{body: any, contentType?: string, query?: string}} req @param {string} errKey @param {any[]} [people]
   */
  const send = async ({ query = '', ...opts }, errKey, people = []) => {
    st.error = '';
    st.csvError = '';
    st.pasteError = null;
    const btns = /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll('#invite-send, #csv-send, #paste-send')]);
    btns.forEach((b) => { b.disabled = true; });
    announce(t('inv.sending'));
    try {
      const res = await hr('POST', `/v1/assessments/${encodeURIComponent(a.id)}/invites${query}`, opts);
      S.invited.set(a.id, res);
      st.fieldErrors = {};
      if (errKey === 'error') st.rows = [blankRow()];
      if (errKey === 'paste') st.paste = '';
      if (errKey === 'csvError') st.csvRows = [];
      draw(true);
      const heading = document.getElementById('invite-result');
      if (heading) heading.focus();
    } catch (e) {
      if (e.status === 401) return fail(e);
      // A row's field ("candidates[1].email") is said in the console's words beside that
      // field (or line), once; what no field shows goes in the form's summary, translated.
      st.fieldErrors = {};
      const loose = [];
      for (const k of Object.keys(e.fields || {})) {
        const m = /^candidates\[(\d+)\]\.(name|email|externalId|extraTime)$/.exec(k);
        if (m && errKey === 'error') st.fieldErrors[`${m[1]}.${m[2]}`] = `inv.err.${m[2]}`; // translated when drawn
        else if (m && errKey === 'paste' && people[Number(m[1])]) st.pasteServer.push(msg('paste.err.row', { line: people[Number(m[1])].line, what: msg(`inv.err.${m[2]}`) }));
        else loose.push(m ? t('inv.err.row', { n: Number(m[1]) + 1, what: t(`inv.err.${m[2]}`) }) : k);
      }
      const nField = Object.keys(st.fieldErrors).length + st.pasteServer.length;
      const text = e.status !== 400 ? say(problem(e))
        : [nField ? t('inv.err.fields', { n: nField }) : t('inv.err.bad'), ...loose].join(' ');
      st[errKey === 'paste' ? 'pasteError' : errKey] = text;
      draw(true);
      const first = /** @type {HTMLElement|null} */ (document.querySelector(errKey === 'paste' ? '#paste-text' : '#invite-form [aria-invalid="true"]'));
      if (nField && first) first.focus();
      else if (errKey === 'paste') document.getElementById('paste-errors')?.focus();
    }
    return undefined;
  };

  const resultView = (res) => {
    const invited = res.invited || [];
    const rejected = res.rejected || [];
    const emailed = invited.filter((c) => c.emailed).length;
    const csv = ['name,email,externalId,link', ...invited.map((c) => [c.name, c.email || '', c.externalId || '', c.link].map(csvCell).join(','))].join('\r\n');
    return h('section', { class: 'card', 'aria-labelledby': 'invite-result' },
      h('h3', { id: 'invite-result', tabindex: '-1' }, t('inv.done', { n: invited.length }), emailed ? ` ${t('inv.done.emailed', { n: emailed, count: emailed })}` : ''),
      h('p', { class: 'note warn' }, t(emailed === invited.length && emailed ? 'inv.once.emailed' : 'inv.once')),
      invited.length ? h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'copy-all', onclick: () => copyAndSay(invited.map((c) => `${c.name}\t${c.link}`).join('\n'), t('inv.copied')) }, t('inv.copyall')),
        h('button', { type: 'button', class: 'secondary', id: 'download-links', onclick: () => download(`invites-${a.id}.csv`, '\ufeff' + csv) }, t('inv.download'))) : null,
      invited.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'invite-links' },
        h('caption', {}, t('inv.links')),
        h('thead', {}, h('tr', {}, [t('inv.name'), t('inv.sent'), t('inv.link'), t('inv.expires')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, invited.map((c) => h('tr', { dataset: { candidate: c.candidateId, emailed: String(Boolean(c.emailed)) } },
          h('th', { scope: 'row' }, c.name),
          h('td', {}, c.emailed ? h('span', { class: 'pill ok' }, t('inv.sent.email', { email: c.email || '' })) : h('span', { class: 'pill' }, t('inv.sent.link'))),
          h('td', {}, h('div', { class: 'link-cell' },
            h('code', { class: 'invite-link' }, c.link),
            h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('inv.copy')}: ${c.name}`, onclick: () => copyAndSay(c.link, t('inv.copied')) }, t('inv.copy')))),
          h('td', {}, fmtDate(c.expiresAt))))))) : null,
      rejected.length ? [h('h3', {}, t('inv.rejected')), h('ul', { id: 'rejected' }, rejected.map((r) => h('li', {}, t('inv.rejected.row', { row: r.row, msg: r.message }))))] : null);
  };
  draw(keep);
}

function csvCell(v) {
  const s = String(v ?? '');
  // A leading =, +, - or @ would be a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

// ---- ranking, candidate detail, statistics, reports

const num = (v, d = 2) => (typeof v === 'number' && Number.isFinite(v) ? fmtNumber(Math.round(v * 10 ** d) / 10 ** d) : '');
const pick = (o, ...keys) => { for (const k of keys) if (o && o[k] !== undefined && o[k] !== null) return o[k]; return undefined; };
const localText = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? (v[getLang()] ?? v.en ?? v.es ?? v.text ?? v.message ?? v.name ?? '') : (v ?? ''));

// ---- ranking and candidate detail: role fit on the T scale (T = 50 + 10·z), like the PDFs

const enc = encodeURIComponent;
const T_MIN = 20;
const T_MAX = 80;
const T_TICKS = [20, 30, 40, 50, 60, 70, 80];
const RANK_PAGE = 50;
/** Caution codes in the server's order (serious evidence first); SERIOUS put a candidate in "review first". */
const CAUTIONS = ['not_finished', 'random_responding', 'longstring', 'low_variation', 'person_misfit',
  'impression_management', 'inconsistent', 'too_fast', 'focus_loss', 'paste'];
const SERIOUS = new Set(['not_finished', 'random_responding', 'longstring', 'person_misfit', 'impression_management']);
/** Each metric's own range: bands are clipped to it (a 0–1 share never shows 1.12). */
const METRIC_RANGE = { 'mean-1-5': [1, 5], theta: [-4, 4], proportion: [0, 1] };

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
const toT = (z) => 50 + 10 * z;
/** A z-unit figure as a whole T score ("58"). */
const tText = (z) => (isNum(z) ? fmtNumber(Math.round(toT(z))) : '');
const tPos = (tv) => ((Math.min(T_MAX, Math.max(T_MIN, tv)) - T_MIN) / (T_MAX - T_MIN)) * 100;
const bandT = (b) => (b && isNum(b.low) && isNum(b.high) ? t('band.range', { low: tText(b.low), high: tText(b.high) }) : '');
const pctOpts = { style: 'percent', maximumFractionDigits: 0 };
/** A probability as a whole percentage. */
function chance(p) {
  if (!isNum(p)) return '';
  // An estimate from a finite number of draws: "<1%" rather than a certain-sounding 0%.
  if (p < 0.005) return `<${fmtNumber(0.01, pctOpts)}`;
  if (p >= 0.995) return `>${fmtNumber(0.99, pctOpts)}`;
  return fmtNumber(p, pctOpts);
}
const cautionLabel = (code) => { const s = t(`caution.${code}`); return s === `caution.${code}` ? code : s; };

/** "—" that says why to screen readers (and on hover). */
function dash(why) {
  return h('span', { class: 'dash' }, h('span', { 'aria-hidden': 'true', title: why }, '—'), h('span', { class: 'visually-hidden' }, why));
}

/** The 20–80 axis above a column of band charts (decorative: the numbers are in the table). */
function tAxis() {
  return h('div', { class: 't-axis', 'aria-hidden': 'true' }, T_TICKS.map((v) => {
    const s = h('span', {}, String(v));
    s.style.left = `${tPos(v)}%`;
    return s;
  }));
}

/** A score (z units) and its 95% band, drawn on the T axis from 20 to 80. */
function tBand(z, band) {
  const el = h('div', { class: 'band t-band', 'aria-hidden': 'true' });
  if (!isNum(z)) return el;
  if (band && isNum(band.low) && isNum(band.high)) {
    const range = h('span', { class: 'range' });
    range.style.left = `${tPos(toT(band.low))}%`;
    range.style.width = `${Math.max(1, tPos(toT(band.high)) - tPos(toT(band.low)))}%`;
    el.append(range);
  }
  const pt = h('span', { class: 'point' });
  pt.style.left = `${tPos(toT(z))}%`;
  el.append(pt);
  return el;
}

/** "As of 6 Dec 2026, 10:19 · n = 70 scored · compared with …": which cohort view the figures are. */
function cohortLabel(cohort, id = 'cohort-label') {
  if (!cohort || !cohort.asOf) return null;
  const norms = cohort.norms || [];
  const local = norms.filter((x) => x.norm === 'local').length;
  const normKey = !norms.length ? '' : local === norms.length ? 'cohort.norm.local' : local ? 'cohort.norm.mixed' : 'cohort.norm.reference';
  return h('p', { class: 'muted cohort-label', id },
    t('cohort.label', { time: fmtDate(cohort.asOf), n: fmtNumber(cohort.n || 0) }),
    normKey ? ` · ${t(normKey)}` : '');
}

/** When any scale is still measured against a provisional reference, percentiles are withheld: say so. */
function provisionalNote(cohort) {
  if (!cohort || !(cohort.norms || []).some((x) => x.provisional)) return null;
  return h('p', { class: 'note', id: 'provisional-note' }, t('cohort.provisional'));
}

function cautionPills(codes, below, names) {
  const pills = [];
  // low_variation is serious only beside longstring (the server's rule, as the detail's "serious" says).
  const serious = (c) => SERIOUS.has(c) || (c === 'low_variation' && (codes || []).includes('longstring'));
  for (const c of codes || []) pills.push(h('span', { class: `pill ${serious(c) ? 'bad' : 'warn'}`, dataset: { caution: c } }, cautionLabel(c)));
  for (const b of below || []) {
    pills.push(h('span', { class: 'pill bad' }, t(b.clearly ? 'rank.below.clearly' : 'rank.below', { name: scaleName(names, b.scale) })));
  }
  if (!pills.length) return h('span', { class: 'muted' }, t('rank.cautions.none'));
  return h('span', { class: 'pills' }, pills);
}

/** Ranking screen state per assessment (filters and page), kept while the console is open. */
const rankViews = new Map();
const freshPages = () => ({ cursors: [''], starts: [0], page: 0 });

async function rankingTab(a, frame, keep, focusId) {
  let st = rankViews.get(a.id);
  if (!st) {
    st = { caution: '', decision: '', review: freshPages(), ranked: freshPages() };
    rankViews.set(a.id, st);
  }
  const base = `/v1/assessments/${enc(a.id)}/ranking`;
  const query = (g) => {
    const q = new URLSearchParams({ lang: getLang(), limit: String(RANK_PAGE), group: g });
    const cur = st[g].cursors[st[g].page];
    if (cur) q.set('cursor', cur);
    if (st.caution) q.set('caution', st.caution);
    if (st.decision) q.set('decision', st.decision);
    return `${base}?${q}`;
  };
  const [review, ranked, names] = await Promise.all([hr('GET', query('review')), hr('GET', query('ranked')), scaleNames(a)]);
  st.count = (review.total || 0) + (ranked.total || 0);
  // A page past the end (the list shrank since it was read): back to the first page.
  for (const [g, d] of [['review', review], ['ranked', ranked]]) {
    if (!(d.ranking || []).length && st[g].page > 0) {
      st[g] = freshPages();
      return rankingTab(a, frame, keep, focusId);
    }
  }
  const again = (focus) => rankingTab(a, frame, true, focus).catch((e) => fail(e, () => route(false)));
  const go = (g, data, dir) => {
    const s = st[g];
    if (dir > 0 && data.next) {
      s.cursors[s.page + 1] = data.next;
      s.starts[s.page + 1] = s.starts[s.page] + data.ranking.length;
      s.page += 1;
    } else if (dir < 0 && s.page > 0) {
      s.page -= 1;
    }
    again(`${g}-${dir > 0 ? 'next' : 'prev'}`);
  };

  screen(() => `${t('a.tab.ranking')} · ${a.config.name}`, () => {
    const cohort = ranked.cohort || review.cohort || {};
    const k = cohort.topK || 10;
    const showTop = (cohort.n || 0) > k; // with K or fewer candidates everyone is in the top K
    const filtered = Boolean(st.caution || st.decision);

    const row = (r) => {
      const cid = r.candidateId;
      const ab = r.abilityComposite;
      return h('tr', { dataset: { candidate: cid } },
        h('td', { class: 'place' }, h('strong', {}, fmtNumber(r.rank)),
          r.rankHigh > r.rankLow ? [h('span', { class: 'muted sep' }, ' · '),
            h('span', { class: 'muted likely' }, t('rank.likely', { low: fmtNumber(r.rankLow), high: fmtNumber(r.rankHigh) }))] : null),
        h('th', { scope: 'row' }, h('a', { href: `#/a/${enc(a.id)}/c/${enc(cid)}` }, r.name || cid)),
        h('td', { class: 'num' }, h('strong', { class: 'tscore' }, tText(r.composite)), h('br'),
          h('span', { class: 'muted nowrap' }, t('rank.band.t', { band: bandT(r.band) }))),
        h('td', { class: 'chart' }, tBand(r.composite, r.band)),
        h('td', { class: 'num' }, ab ? [h('span', { class: 'tscore' }, tText(ab.value)), h('br'),
          h('span', { class: 'muted nowrap' }, t('rank.band.t', { band: bandT(ab.band) }))] : dash(t('rank.ability.none'))),
        showTop ? h('td', { class: 'num nowrap' }, t('rank.top.cell', { p: chance(r.pTop), k })) : null,
        h('td', {}, cautionPills(r.cautions, r.belowMinimum, names)),
        h('td', { class: 'decision' }, decisionPill(r.decision)));
    };
    const table = (id, caption, rows) => h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption }, h('table', { class: 'data ranking', id },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('rank.place')),
        h('th', { scope: 'col' }, t('rank.name')),
        h('th', { scope: 'col', class: 'num' }, t('rank.fit')),
        h('th', { scope: 'col', class: 'chart' }, h('span', { class: 'visually-hidden' }, t('rank.chart')), tAxis()),
        h('th', { scope: 'col', class: 'num' }, t('rank.ability')),
        showTop ? h('th', { scope: 'col', class: 'num' }, t('rank.top', { k })) : null,
        h('th', { scope: 'col' }, t('rank.cautions')),
        h('th', { scope: 'col' }, t('rank.decision')))),
      h('tbody', {}, rows.map(row))));
    const range = (g, data) => {
      const start = st[g].starts[st[g].page] || 0;
      const n = data.ranking.length;
      return t(n === 1 ? 'rank.range.one' : 'rank.range', { from: fmtNumber(n ? start + 1 : 0), to: fmtNumber(start + n), total: fmtNumber(data.total) });
    };
    const pager = (g, data) => {
      const s = st[g];
      const text = h('p', { id: `${g}-range`, tabindex: '-1', class: 'range-text' }, range(g, data));
      if (!(data.next || s.page > 0)) return h('div', { class: 'pager' }, text);
      return h('nav', { class: 'pager', 'aria-label': t(`rank.pages.${g}`) },
        h('button', { type: 'button', class: 'secondary', id: `${g}-prev`, disabled: s.page === 0, onclick: () => go(g, data, -1) }, t('rank.prev')),
        text,
        h('button', { type: 'button', class: 'secondary', id: `${g}-next`, disabled: !data.next, onclick: () => go(g, data, 1) }, t('rank.next')));
    };

    const cautionSel = h('select', { id: 'f-caution', value: st.caution },
      h('option', { value: '' }, t('rank.f.caution.any')),
      CAUTIONS.map((c) => h('option', { value: c }, cautionLabel(c))));
    const decisionSel = h('select', { id: 'f-decision', value: st.decision },
      h('option', { value: '' }, t('rank.f.decision.any')),
      ['advance', 'hold', 'reject'].map((d) => h('option', { value: d }, t(`dec.${d}`))),
      h('option', { value: 'none' }, t('rank.decision.none')));
    const apply = (caution, decision, focus) => {
      st.caution = caution;
      st.decision = decision;
      st.review = freshPages();
      st.ranked = freshPages();
      again(focus).then(() => announce(t('rank.f.result', { n: fmtNumber(st.count), count: st.count })));
    };
    const form = h('form', { class: 'filter-form panel', id: 'rank-filters', novalidate: true, 'aria-label': t('rank.f.label') },
      h('div', { class: 'field' }, h('label', { for: 'f-caution' }, t('rank.f.caution')), cautionSel),
      h('div', { class: 'field' }, h('label', { for: 'f-decision' }, t('rank.f.decision')), decisionSel),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'secondary', id: 'f-apply' }, t('rank.f.apply')),
        filtered ? h('button', { type: 'button', class: 'quiet', id: 'f-clear', onclick: () => apply('', '', 'f-apply') }, t('rank.f.clear')) : null));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      apply(cautionSel.value, decisionSel.value, 'f-apply');
    });

    const how = h('details', { class: 'instructions-box', id: 'rank-how' },
      h('summary', {}, t('rank.how')),
      h('p', {}, t('rank.how.t')),
      h('p', {}, t('rank.how.place')),
      h('p', {}, t('rank.how.ability')),
      h('p', {}, t('rank.how.top', { k })),
      ranked.rankRule ? h('p', { id: 'rank-rule' }, ranked.rankRule) : null);

    if (!cohort.n) {
      return frame(t('rank.title'), cohortLabel(cohort), h('p', { class: 'note', id: 'rank-empty' }, t('rank.empty')), how);
    }
    const reviewTotal = review.total || 0;
    const rankedTotal = ranked.total || 0;
    const reviewSection = reviewTotal ? h('section', { class: 'review-first', id: 'review-first', 'aria-labelledby': 'review-h' },
      h('h3', { id: 'review-h' }, t('rank.review.title', { n: fmtNumber(reviewTotal), count: reviewTotal })),
      h('p', { id: 'review-lead' }, t('rank.review.lead')),
      table('review-table', `${t('rank.review.caption')}, ${range('review', review)}`, review.ranking || []),
      pager('review', review)) : null;
    const rankedTitle = t(reviewTotal ? 'rank.ranked.title' : 'rank.all.title', { n: fmtNumber(rankedTotal), count: rankedTotal });
    const rankedSection = h('section', { class: 'ranked', id: 'ranked', 'aria-labelledby': 'ranked-h' },
      h('h3', { id: 'ranked-h' }, rankedTitle),
      rankedTotal ? [table('ranked-table', `${rankedTitle}, ${range('ranked', ranked)}`, ranked.ranking || []), pager('ranked', ranked)]
        : h('p', { class: 'note' }, filtered ? t('rank.f.none') : t('rank.ranked.none')));
    return frame(t('rank.title'),
      cohortLabel(cohort),
      provisionalNote(cohort),
      h('p', { id: 'rank-lead' }, t('rank.lead')),
      how,
      form,
      // #ranking holds both groups: a candidate is found there whichever group they are in.
      h('div', { id: 'ranking' }, reviewSection, rankedSection),
      h('p', { class: 'note', id: 'rank-note' }, ranked.note || t('rank.decide')));
  }, keep);
  if (focusId) {
    const el = /** @type {HTMLButtonElement|null} */ (document.getElementById(focusId));
    const g = focusId.split('-')[0];
    if (el && !el.disabled) el.focus(); else document.getElementById(`${g}-range`)?.focus();
  }
  return undefined;
}

/** Scale id → name, from the catalog descriptions of the assessment's instruments. */
async function scaleNames(a) {
  const out = {};
  const insts = await Promise.all(a.config.sections.map((s) => catalog(`/v1/catalog/instruments/${encodeURIComponent(s.instrument)}`).catch(() => null)));
  for (const inst of insts) {
    if (!inst) continue;
    out[inst.id] = inst.name;
    for (const sc of inst.scales || []) out[sc.id] = sc.name;
  }
  return out;
}

/** A raw score in its own metric: a 1–5 average, a share of points, or an ability estimate θ. */
function rawText(metric, v) {
  if (!isNum(v)) return '';
  if (metric === 'proportion') return fmtNumber(v, pctOpts);
  if (metric === 'mean-1-5') return fmtNumber(Math.round(v * 10) / 10, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (metric === 'theta') return `θ ${fmtNumber(Math.round(v * 10) / 10, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}`;
  return num(v);
}

/** A raw band clipped to the metric's range, "low – high" (θ written once, before both). */
function rawBand(metric, b) {
  if (!b || !isNum(b.low) || !isNum(b.high)) return '';
  const [lo, hi] = METRIC_RANGE[metric] || [-Infinity, Infinity];
  const clip = (v) => Math.min(hi, Math.max(lo, v));
  const fmt = (v) => (metric === 'theta' ? rawText('mean-1-5', v) : rawText(metric, v));
  const range = t('band.range', { low: fmt(clip(b.low)), high: fmt(clip(b.high)) });
  return metric === 'theta' ? `θ ${range}` : range;
}

/** A scale's name: the catalog's, else the console's own (scales the catalog does not list, such as impression management). */
function scaleName(names, id) {
  if (names[id]) return names[id];
  const own = t(`scale.${id}`);
  return own === `scale.${id}` ? id : own;
}

/** The candidate's scales in the order of the assessment's parts. */
function scaleOrder(data) {
  const scales = data.scales || {};
  const seen = [];
  for (const sec of data.sections || []) for (const sc of sec.scales || []) if (sc.scale in scales && !seen.includes(sc.scale)) seen.push(sc.scale);
  for (const id of Object.keys(scales)) if (!seen.includes(id)) seen.push(id);
  return seen;
}

async function candidateTab(a, cid, frame, keep) {
  const path = `/v1/assessments/${enc(a.id)}/candidates/${enc(cid || '')}`;
  const [data, names, reports] = await Promise.all([
    hr('GET', `${path}?lang=${getLang()}`), scaleNames(a),
    hr('GET', `/v1/assessments/${enc(a.id)}/reports`).catch((e) => (e.status === 503 ? null : Promise.reject(e)))]);
  screen(() => `${t('cand.title')} · ${a.config.name}`, () => {
    const back = h('p', { class: 'back-links' },
      h('a', { href: `#/a/${enc(a.id)}/ranking` }, `← ${t('cand.back.ranking')}`), ' · ',
      h('a', { href: `#/a/${enc(a.id)}/candidates` }, t('cand.back')));
    const scales = data.scales || {};
    const order = scaleOrder(data);
    const fit = data.fit;
    const ab = data.abilityComposite;
    const rk = data.rank;
    const cohort = data.cohort;
    const cautions = Array.isArray(data.cautions) ? data.cautions : [];
    const serious = cautions.filter((c) => c.serious).length;
    const myReports = ((reports && reports.reports) || []).filter((r) => data.sessionId && r.sessionId === data.sessionId && r.kind === 'candidate');
    const insight = (list, withQuestions) => (Array.isArray(list) && list.length ? h('ul', {}, list.map((x) => h('li', {},
      h('strong', {}, x.name && x.name !== x.scale ? x.name : scaleName(names, x.scale)),
      x.reason ? h('span', { class: 'muted' }, ` · ${x.reason}`) : null,
      withQuestions && x.questions && x.questions.length ? h('ol', {}, x.questions.map((q) => h('li', {}, q.question, h('br'), h('span', { class: 'muted' }, `${t('cand.good')}: ${q.goodAnswer}`)))) : null)))
      : h('p', { class: 'muted' }, t('cand.none')));
    const rankLine = () => {
      const parts = [t('cand.place', { rank: fmtNumber(rk.rank), of: fmtNumber(rk.of) })];
      if (rk.rankHigh > rk.rankLow) parts.push(t('rank.likely', { low: fmtNumber(rk.rankLow), high: fmtNumber(rk.rankHigh) }));
      if (rk.of > rk.topK) parts.push(t('cand.top', { p: chance(rk.pTop), k: rk.topK }));
      return parts.join(' · ');
    };
    const tBandOf = (s) => ({ low: (s.t - 50) / 10 - 1.96 * s.se, high: (s.t - 50) / 10 + 1.96 * s.se });
    return frame(`${t('cand.title')}: ${data.name}`, back,
      data.reviewFirst ? h('div', { class: 'note warn', id: 'review-callout', role: 'note' },
        h('p', {}, h('strong', {}, t('cand.review.title'))), h('p', {}, t('cand.review.body'))) : null,
      h('dl', { class: 'kv', id: 'cand-summary' },
        h('dt', {}, t('prog.status')), h('dd', {}, t(`st.${data.status}`)),
        data.email ? [h('dt', {}, t('inv.email')), h('dd', {}, data.email)] : null,
        rk ? [h('dt', {}, t('rank.place')), h('dd', { id: 'cand-rank' }, rankLine())] : null,
        fit ? [h('dt', {}, t('rank.fit')), h('dd', {},
          h('span', { id: 'cand-fit' }, t('cand.t', { t: tText(fit.value), band: bandT(fit.band) })),
          h('div', { class: 'kv-chart' }, tAxis(), tBand(fit.value, fit.band)))] : null,
        fit ? [h('dt', {}, t('rank.ability')), h('dd', { id: 'cand-ability' },
          ab ? t('cand.t', { t: tText(ab.value), band: bandT(ab.band) }) : dash(t('rank.ability.none')))] : null,
        h('dt', {}, t('rank.decision')), h('dd', {},
          decisionPill((data.decisions || []).length ? data.decisions[data.decisions.length - 1].decision : ''), ' ',
          h('button', { type: 'button', class: 'quiet', id: 'to-decision', onclick: () => {
            const el = document.getElementById('dec-h');
            if (el) { el.scrollIntoView({ block: 'start' }); focusHeading(el); }
          } }, t(can('recruiter') ? 'dec.form' : 'dec.see')))),
      cohortLabel(cohort),
      provisionalNote(cohort),
      data.note ? h('p', { class: 'muted' }, data.note) : null,
      h('h3', {}, t('cand.breakdown')),
      order.length ? [h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('cand.breakdown.caption') }, h('table', { class: 'data breakdown', id: 'breakdown' },
        h('caption', { class: 'visually-hidden' }, t('cand.breakdown.caption')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('cand.scale')),
          h('th', { scope: 'col', class: 'num' }, t('cand.raw')),
          h('th', { scope: 'col', class: 'num' }, t('cand.tscore')),
          h('th', { scope: 'col', class: 'chart' }, h('span', { class: 'visually-hidden' }, t('cand.chart')), tAxis()),
          h('th', { scope: 'col', class: 'num' }, t('cand.pct')),
          h('th', { scope: 'col', class: 'num' }, t('cand.rawband')),
          h('th', { scope: 'col', class: 'num' }, t('cand.answered')))),
        h('tbody', {}, order.map((id) => {
          const s = scales[id];
          return h('tr', { dataset: { scale: id } },
            h('th', { scope: 'row' }, scaleName(names, id)),
            h('td', { class: 'num nowrap' }, rawText(s.metric, s.raw)),
            h('td', { class: 'num' }, isNum(s.t) ? fmtNumber(Math.round(s.t)) : ''),
            h('td', { class: 'chart' }, isNum(s.t) ? tBand((s.t - 50) / 10, isNum(s.se) ? tBandOf(s) : null) : null),
            h('td', { class: 'num' }, isNum(s.percentile) ? fmtNumber(Math.round(s.percentile)) : dash(t('cand.pct.withheld'))),
            h('td', { class: 'num nowrap' }, rawBand(s.metric, s.band)),
            h('td', { class: 'num nowrap' }, t('cand.answered.of', { n: fmtNumber(s.answered ?? 0), of: fmtNumber(s.items ?? 0) })));
        })))),
      h('p', { class: 'muted', id: 'breakdown-legend' }, t('cand.legend'))] :
        h('p', { class: 'muted' }, t('cand.unscored')),
      h('h3', {}, t('cand.strengths')), insight(data.strengths, false),
      h('h3', {}, t('cand.probe')), insight(data.probes, true),
      h('h3', { id: 'cautions-h' }, t('cand.cautions')),
      cautions.length ? [
        h('p', { id: 'cautions-count' }, t('cand.cautions.n', { n: fmtNumber(cautions.length), count: cautions.length }),
          serious ? `, ${t('cand.cautions.serious', { n: fmtNumber(serious), count: serious })}` : ''),
        h('ul', { class: 'caution-list', id: 'cautions' }, cautions.map((c) => h('li', { dataset: { caution: c.code } },
          c.serious ? [h('span', { class: 'pill bad' }, t('caution.serious')), ' '] : null,
          h('strong', {}, cautionLabel(c.code)), h('br'), c.message)))]
        : h('p', { class: 'muted', id: 'cautions-count' }, t('cand.cautions.zero')),
      myReports.length ? [h('h3', {}, t('rep.title')), reportList(myReports)] : null,
      decisionSection(app, a, data, keep),
      can('owner') ? dataSection(app, a, data, keep) : null);
  }, keep);
}

async function statsTab(a, frame, keep) {
  const path = `/v1/assessments/${encodeURIComponent(a.id)}/statistics`;
  const [data, names] = await Promise.all([hr('GET', path), scaleNames(a)]);
  screen(() => `${t('a.tab.stats')} · ${a.config.name}`, () => {
    const scales = Array.isArray(data.scales) ? data.scales : [];
    if (!data.scored || !scales.length) return frame(t('stats.title'), h('p', { class: 'note' }, t('stats.empty')));
    // Below the reliability minimum an α (even a negative one) says nothing: it is withheld,
    // as the header says, and so are the item tables.
    const minN = data.reliabilityMin || 30;
    const enough = (sc) => (sc.n || 0) >= minN;
    const waiting = scales.some((sc) => !enough(sc));
    return frame(t('stats.title'), cohortLabel(data.cohort), h('p', {}, t('stats.lead'), ' ', t('stats.scored', { n: data.scored })),
      data.reliabilityMin ? h('p', { class: 'muted' }, t('stats.min', { n: data.reliabilityMin, local: data.localNormMin || data.reliabilityMin })) : null,
      waiting ? h('p', { class: 'note', id: 'stats-wait' }, t('stats.wait', { n: fmtNumber(minN) })) : null,
      h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'scale-stats' },
        h('caption', {}, t('stats.scales')),
        h('thead', {}, h('tr', {}, [t('cand.scale'), 'n', 'α', t('stats.sem'), t('stats.norm')].map((c, i) => h('th', { scope: 'col', class: i && i < 4 ? 'num' : '' }, c)))),
        h('tbody', {}, scales.map((s) => h('tr', { dataset: { scale: s.scale } },
          h('th', { scope: 'row' }, names[s.scale] || s.scale),
          h('td', { class: 'num' }, String(s.n ?? '')),
          h('td', { class: 'num alpha' }, enough(s) && s.reliability && s.reliability.Defined !== false ? num(s.reliability.Alpha, 2)
            : dash(t('stats.alpha.wait', { n: fmtNumber(minN) }))),
          h('td', { class: 'num' }, num(s.sem, 2)),
          h('td', {}, `${s.norm || ''}${s.semSource === 'provisional' ? ` (${t('stats.provisional')})` : ''}`)))))),
      scales.filter((s) => enough(s) && s.reliability && Array.isArray(s.reliability.Items) && s.reliability.Items.length).map((s) => h('details', { class: 'instructions-box' },
        h('summary', {}, t('stats.items', { name: names[s.scale] || s.scale })),
        h('div', { class: 'table-scroll' }, h('table', { class: 'data' },
          h('caption', { class: 'visually-hidden' }, t('stats.items', { name: names[s.scale] || s.scale })),
          h('thead', {}, h('tr', {}, [t('stats.item'), t('stats.mean'), 'SD', t('stats.rdrop'), t('stats.alphaDrop'), t('stats.flag')].map((c, i) => h('th', { scope: 'col', class: i && i < 5 ? 'num' : '' }, c)))),
          h('tbody', {}, s.reliability.Items.map((it) => h('tr', {},
            h('th', { scope: 'row' }, it.Item),
            h('td', { class: 'num' }, num(it.Mean)),
            h('td', { class: 'num' }, num(it.SD)),
            h('td', { class: 'num' }, num(it.RDrop)),
            h('td', { class: 'num' }, num(it.AlphaIfDropped)),
            h('td', {}, it.Flag ? h('span', { class: 'pill warn' }, t('stats.review')) : '')))))))));
  }, keep);
}

/**
 * A table of stored reports, each with one Download button: it asks for a fresh signed
 * link (10 minutes, audited) and starts the download at once; the link stays shown, with
 * its expiry, for a browser that blocked the automatic start.
 */
function reportList(reports) {
  return h('div', { class: 'table-scroll' }, h('table', { class: 'data reports' },
    h('thead', {}, h('tr', {}, [t('rep.file'), t('rep.kind'), t('rep.created'), t('rep.link')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, reports.map((r) => {
      const box = h('div', { class: 'link-cell', role: 'status' });
      const what = String(r.format || '').toUpperCase();
      const btn = h('button', { type: 'button', class: 'secondary', dataset: { report: r.reportId, kind: r.kind, format: r.format },
        'aria-label': `${t('rep.get', { what })}: ${r.filename}`,
        onclick: async () => {
          btn.disabled = true;
          try {
            const link = await hr('GET', `/v1/reports/${encodeURIComponent(r.reportId)}/link`);
            const a = h('a', { href: link.url, class: 'report-link', rel: 'noopener noreferrer', download: link.filename || r.filename }, t('rep.again', { what }));
            mount(box, btn, a, link.expiresAt ? h('span', { class: 'muted' }, t('rep.expires', { time: fmtDate(link.expiresAt) })) : null);
            a.click();
          } catch (e) {
            if (e.status === 401) { fail(e); return; }
            mount(box, btn, h('span', { class: 'error-text' }, say(problem(e))));
          } finally { btn.disabled = false; }
        } }, t('rep.get', { what }));
      box.append(btn);
      return h('tr', { dataset: { report: r.reportId } },
        h('th', { scope: 'row' }, r.filename),
        h('td', {}, t(`rep.kind.${r.kind}`), ` · ${what}`),
        h('td', {}, fmtDate(r.createdAt)),
        h('td', {}, box));
    }))));
}

async function reportsTab(a, frame, keep) {
  const listPath = `/v1/assessments/${encodeURIComponent(a.id)}/reports`;
  // 503: this deployment has no report store (said as such); any other failure is an error.
  let list = await hr('GET', listPath).catch((e) => (e.status === 503 ? null : Promise.reject(e)));
  let error = '';
  const draw = (keepFocus) => screen(() => `${t('a.tab.reports')} · ${a.config.name}`, () => {
    if (!list) return frame(t('rep.title'), h('p', { class: 'note', id: 'reports-off' }, t('rep.off')));
    const reports = (list.reports || []).slice().sort((x, y) => String(y.createdAt).localeCompare(String(x.createdAt)));
    const btn = h('button', { type: 'button', id: 'report-cohort', onclick: async () => {
      btn.disabled = true;
      btn.textContent = t('rep.making');
      try {
        await hr('POST', listPath, { body: {} });
        list = await hr('GET', listPath);
        error = '';
      } catch (e) {
        if (e.status === 401) { fail(e); return; }
        error = say(problem(e));
      }
      draw(true);
      const first = /** @type {HTMLElement|null} */ (document.querySelector('table.reports button'));
      if (first) first.focus();
    } }, t('rep.make'));
    return frame(t('rep.title'), h('p', {}, t('rep.lead')),
      can('recruiter') ? h('div', { class: 'actions' }, btn) : null,
      error ? h('p', { class: 'note bad', role: 'alert' }, error) : null,
      reports.length ? reportList(reports) : h('p', { class: 'note' }, t('rep.none')));
  }, keepFocus);
  draw(keep);
}

boot();

// The HR console at /: sign in with an organisation API key (kept in sessionStorage only),
// browse the catalog, build an assessment from a role's mix, invite candidates (form or
// CSV) and copy their links, follow progress, and read the ranking, candidate details,
// statistics and reports; record decisions, export or erase a candidate's data, set the
// organisation's retention and notice, read the audit log and the fairness monitor
// (oversight.js). Screens whose API is not on the server yet say so plainly.
// Routing is by URL fragment: #/catalog, #/roles/<id>, #/build/<id>, #/a/<id>/<tab>,
// #/settings, #/audit, …

import { h, mount, focusHeading, announce, copyText, download, wireSkipLink } from '../dom.js';
import { api, ApiError } from '../http.js';
import { register, t, setLang, getLang, browserLang, fmtDate, fmtNumber } from '../i18n.js';
import { strings } from './strings.js';
import { settingsScreen, auditScreen, fairnessTab, decisionSection, dataSection, decisionPill } from './oversight.js';

register(strings);

const K = { key: 'shortlist.hrkey', lang: 'shortlist.console.lang' };
const KEY_SHAPE = /^slk_[A-Za-z0-9_-]{43}$/;
const FAMILIES = ['cognitive', 'competency', 'technical', 'integrity', 'disc'];

const S = {
  key: sessionStorage.getItem(K.key),
  cache: new Map(),     // catalog responses by path+lang
  invited: new Map(),   // assessment id → the last invite result (links are shown once)
  timer: null,          // progress auto-refresh
  redraw: null,
  notice: '',
  flash: null,          // {key, vars}: a message for the next screen (after an erasure)
  drafts: new Map(),    // unsaved form input, kept across a language switch
};

const $main = () => document.getElementById('main');

// ---------------------------------------------------------------- chrome

function boot() {
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
  if (!S.key) { mount(nav); return; }
  const here = location.hash || '#/';
  const link = (href, label, match) => h('li', {}, h('a', { href, 'aria-current': match ? 'page' : null }, label));
  mount(nav, h('ul', { class: 'console-nav' },
    link('#/', t('nav.assessments'), here === '#/' || here.startsWith('#/a/')),
    link('#/catalog', t('nav.catalog'), here.startsWith('#/catalog') || here.startsWith('#/roles') || here.startsWith('#/build')),
    link('#/settings', t('nav.settings'), here.startsWith('#/settings')),
    link('#/audit', t('nav.audit'), here.startsWith('#/audit')),
    h('li', {}, h('button', { type: 'button', class: 'quiet', id: 'signout', onclick: signOut }, t('nav.signout')))));
  nav.querySelector('ul').setAttribute('aria-label', t('nav.label'));
}

function signOut() {
  sessionStorage.removeItem(K.key);
  S.key = null;
  S.invited.clear();
  location.hash = '#/signin';
  chrome();
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
    sessionStorage.removeItem(K.key);
    S.key = null;
    S.notice = t('signin.bad');
    location.hash = '#/signin';
    return;
  }
  const msg = err instanceof ApiError && err.status === 0 ? t('err.offline')
    : err instanceof ApiError && err.status === 404 ? t('err.notfound') : t('err.generic', { msg: err.message });
  screen(() => t('app.title'), () => {
    const h1 = h('h1', {}, t('app.title'));
    mount($main(), h1, h('div', { class: 'note bad', role: 'alert' }, h('p', {}, msg)),
      retry ? h('div', { class: 'actions' }, h('button', { type: 'button', onclick: retry }, t('err.retry'))) : null);
    return h1;
  });
}

const hr = (method, path, opts = {}) => api(method, path, { token: S.key, ...opts });

/** What oversight.js needs from the console. */
const app = {
  hr, screen, fail, loading,
  main: $main,
  drafts: S.drafts,
  redraw: () => S.redraw && S.redraw(),
  flash: (key, vars) => { S.flash = { key, vars }; },
};

async function catalog(path) {
  const sep = path.includes('?') ? '&' : '?';
  const key = `${path}${sep}lang=${getLang()}`;
  if (!S.cache.has(key)) S.cache.set(key, await api('GET', key));
  return S.cache.get(key);
}

// ---------------------------------------------------------------- router

async function route(langSwitch) {
  clearInterval(S.timer);
  S.timer = null;
  const hash = location.hash || '#/';
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (!S.key && parts[0] !== 'signin') { location.replace('#/signin'); return; }
  chrome();
  const keep = langSwitch === true;
  try {
    switch (parts[0] || '') {
      case 'signin': return await signIn(keep);
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

// ---------------------------------------------------------------- sign in

function signIn(keep) {
  if (S.key) { location.replace('#/'); return; }
  let err = S.notice;
  S.notice = '';
  screen(() => t('signin.title'), () => {
    const h1 = h('h1', {}, t('signin.title'));
    const input = h('input', {
      id: 'apikey', type: 'password', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off',
      'aria-describedby': err ? 'apikey-hint apikey-err' : 'apikey-hint', 'aria-invalid': err ? 'true' : null,
    });
    const form = h('form', { class: 'panel', novalidate: true },
      h('div', { class: 'field' },
        h('label', { for: 'apikey' }, t('signin.key')),
        h('span', { class: 'hint', id: 'apikey-hint' }, t('signin.hint')),
        input,
        err ? h('p', { class: 'error-text', id: 'apikey-err', role: 'alert' }, err) : null),
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'signin' }, t('signin.go'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const key = input.value.trim();
      if (!KEY_SHAPE.test(key)) { err = t('signin.shape'); S.redraw(); document.getElementById('apikey').focus(); return; }
      try {
        await api('GET', '/v1/assessments', { token: key });
      } catch (e) {
        err = e.status === 401 ? t('signin.bad') : (e.status === 0 ? t('err.offline') : e.message);
        S.redraw();
        document.getElementById('apikey').focus();
        return;
      }
      sessionStorage.setItem(K.key, key);
      S.key = key;
      location.hash = '#/';
    });
    mount($main(), h1, h('p', {}, t('signin.lead')), form);
    return h1;
  }, keep);
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
      h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/catalog' }, t('list.new'))),
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
      h('div', { class: 'actions' }, h('a', { class: 'button', href: `#/build/${encodeURIComponent(role.id)}`, id: 'build' }, t('role.build'))));
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
      name: '', lang: getLang(), expiry: 14,
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
    const refresh = () => {
      const n = estimate();
      est.textContent = t('build.estimate', { n });
      longNote.hidden = n <= 45;
      const w = currentWeights();
      const total = Math.round(Object.values(w).reduce((a, b) => a + Number(b || 0), 0) * 10) / 10;
      weightSum.textContent = t('build.weights.sum', { n: fmtNumber(total) });
      weightSum.className = Math.abs(total - 100) > 0.05 && Object.keys(w).length ? 'error-text' : 'muted';
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
      h('h2', {}, t('build.tests')),
      rows,
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
        st.error = e.status === 0 ? t('err.offline') : e.message;
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

async function assessment(id, tab, sub, keep) {
  loading();
  const a = await hr('GET', `/v1/assessments/${encodeURIComponent(id)}`);
  const base = `#/a/${encodeURIComponent(id)}`;
  const frame = (titleText, ...body) => {
    const h1 = h('h1', {}, a.config.name);
    const cfg = a.config;
    mount($main(), h1,
      h('p', { class: 'muted' }, t('a.parts', { n: cfg.sections.length, min: cfg.minutes, lang: cfg.lang === 'es' ? 'Español' : 'English' })),
      h('nav', { 'aria-label': t('a.tabs') }, h('ul', { class: 'tabs' }, TABS.map((k) => h('li', {},
        h('a', { href: `${base}/${k}`, 'aria-current': k === tab ? 'page' : null }, t(`a.tab.${k}`)))))),
      h('h2', { id: 'tab-title' }, titleText), body);
    return h1;
  };
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
    h('p', {}, t('a.expiry', { n: a.config.inviteExpiryDays })),
    h('ol', {}, a.config.sections.map((s) => h('li', {},
      `${s.instrument} · ${t(`fam.${s.family}`)} · `,
      s.timeLimitSeconds ? t('a.section.timed', { min: Math.round(s.timeLimitSeconds / 60) }) : t('a.section.untimed'),
      s.family === 'disc' ? '' : ` · ${t('a.section.weight', { pct: pct(s.weight || 0) })}`,
      s.minimum ? ` · ${t('a.section.min', { n: s.minimum })}` : ''))));
}

async function candidatesTab(a, frame, keep) {
  let data = await hr('GET', `/v1/assessments/${encodeURIComponent(a.id)}/candidates`);
  let updated = new Date();
  let auto = true;
  const flash = S.flash;
  S.flash = null;
  const draw = (keepFocus) => screen(() => `${t('a.tab.candidates')} · ${a.config.name}`, () => {
    const list = data.candidates || [];
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
      list.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'progress' },
        h('caption', { class: 'visually-hidden' }, t('prog.title')),
        h('thead', {}, h('tr', {}, [t('rank.name'), t('prog.status'), t('prog.started'), t('prog.completed'), t('prog.extra'), t('prog.detail')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, list.map((c) => h('tr', { dataset: { candidate: c.candidateId, status: c.status } },
          h('th', { scope: 'row' }, c.name, c.email ? h('span', { class: 'muted' }, h('br'), c.email) : null),
          h('td', {}, h('span', { class: `pill ${pillOf(c.status)}` }, t(`st.${c.status}`)), c.status === 'started' && c.section ? ` · ${t('st.in', { n: c.section })}` : ''),
          h('td', {}, fmtDate(c.startedAt)),
          h('td', {}, fmtDate(c.completedAt)),
          h('td', { class: 'num' }, `×${fmtNumber(c.extraTime || 1)}`),
          h('td', {}, h('a', { href: `#/a/${encodeURIComponent(a.id)}/c/${encodeURIComponent(c.candidateId)}`, 'aria-label': t('prog.detail.label', { name: c.name }) }, t('prog.detail')))))))) :
        h('p', { class: 'note' }, t('prog.empty'), ' ', h('a', { href: `#/a/${encodeURIComponent(a.id)}/invite` }, t('a.tab.invite'))));
  }, keepFocus);
  const reload = async (announceIt) => {
    try {
      data = await hr('GET', `/v1/assessments/${encodeURIComponent(a.id)}/candidates`);
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

function inviteTab(a, frame, keep) {
  const st = { rows: [{ name: '', email: '', externalId: '', extraTime: '1' }], error: '', csvError: '' };
  const draw = (keepFocus) => screen(() => `${t('a.tab.invite')} · ${a.config.name}`, () => {
    const result = S.invited.get(a.id);
    const rows = st.rows.map((r, i) => {
      const n = i + 1;
      const f = (key, label, type, extra = {}) => h('div', { class: 'field' },
        h('label', { for: `r${n}-${key}` }, label),
        extra.hint ? h('span', { class: 'hint', id: `r${n}-${key}-hint` }, extra.hint) : null,
        h('input', { id: `r${n}-${key}`, type, value: r[key], 'aria-describedby': extra.hint ? `r${n}-${key}-hint` : null,
          autocomplete: 'off', ...extra.attrs, oninput: (ev) => { r[key] = ev.currentTarget.value; } }));
      return h('fieldset', { class: 'card' },
        h('legend', {}, t('inv.row', { n })),
        f('name', t('inv.name'), 'text', { attrs: { required: true } }),
        f('email', t('inv.email'), 'email'),
        f('externalId', t('inv.ext'), 'text'),
        f('extraTime', t('inv.extra'), 'number', { hint: t('inv.extra.hint'), attrs: { min: '1', max: '3', step: '0.05', inputmode: 'decimal' } }),
        st.rows.length > 1 ? h('button', { type: 'button', class: 'danger', onclick: () => { st.rows.splice(i, 1); draw(true); } }, t('inv.removerow', { n })) : null);
    });
    const form = h('form', { novalidate: true, id: 'invite-form' },
      h('h3', {}, t('inv.form')), rows,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'add-row', onclick: () => { st.rows.push({ name: '', email: '', externalId: '', extraTime: '1' }); draw(true); document.getElementById(`r${st.rows.length}-name`)?.focus(); } }, t('inv.addrow')),
        h('button', { type: 'submit', id: 'invite-send' }, t('inv.send'))),
      st.error ? h('p', { class: 'note bad', role: 'alert' }, st.error) : null);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const candidates = st.rows.map((r) => {
        const c = { name: r.name.trim() };
        if (r.email.trim()) c.email = r.email.trim();
        if (r.externalId.trim()) c.externalId = r.externalId.trim();
        const x = Number(String(r.extraTime).replace(',', '.'));
        if (x && x !== 1) c.extraTime = x;
        return c;
      });
      await send({ body: { candidates } }, 'error');
    });
    const file = h('input', { type: 'file', id: 'csv-file', accept: '.csv,text/csv', 'aria-describedby': 'csv-hint' });
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
      await send({ body: text, contentType: 'text/csv' }, 'csvError');
    });
    return frame(t('inv.title'), result ? resultView(result) : null, csvForm, form);
  }, keepFocus);

  const send = async (opts, errKey) => {
    st.error = '';
    st.csvError = '';
    const btns = [...document.querySelectorAll('#invite-send, #csv-send')];
    btns.forEach((b) => { b.disabled = true; });
    announce(t('inv.sending'));
    try {
      const res = await hr('POST', `/v1/assessments/${encodeURIComponent(a.id)}/invites`, opts);
      S.invited.set(a.id, res);
      st.rows = [{ name: '', email: '', externalId: '', extraTime: '1' }];
      draw(true);
      const heading = document.getElementById('invite-result');
      if (heading) heading.focus();
    } catch (e) {
      if (e.status === 401) return fail(e);
      // A CSV with only rejected rows answers 400 with the per-row report.
      st[errKey] = e.status === 0 ? t('err.offline') : [e.message, ...Object.entries(e.fields || {}).map(([k, v]) => `${k}: ${v}`)].join(' · ');
      draw(true);
    }
    return undefined;
  };

  const resultView = (res) => {
    const invited = res.invited || [];
    const rejected = res.rejected || [];
    const csv = ['name,email,externalId,link', ...invited.map((c) => [c.name, c.email || '', c.externalId || '', c.link].map(csvCell).join(','))].join('\r\n');
    return h('section', { class: 'card', 'aria-labelledby': 'invite-result' },
      h('h3', { id: 'invite-result', tabindex: '-1' }, t('inv.done', { n: invited.length })),
      h('p', { class: 'note warn' }, t('inv.once')),
      invited.length ? h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'copy-all', onclick: async () => {
          const ok = await copyText(invited.map((c) => `${c.name}\t${c.link}`).join('\n'));
          announce(ok ? t('inv.copied') : t('inv.copy.fail'));
        } }, t('inv.copyall')),
        h('button', { type: 'button', class: 'secondary', id: 'download-links', onclick: () => download(`invites-${a.id}.csv`, '\ufeff' + csv) }, t('inv.download'))) : null,
      invited.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'invite-links' },
        h('caption', {}, t('inv.links')),
        h('thead', {}, h('tr', {}, [t('inv.name'), t('inv.link'), t('inv.expires')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, invited.map((c) => h('tr', {},
          h('th', { scope: 'row' }, c.name),
          h('td', {}, h('div', { class: 'link-cell' },
            h('code', { class: 'invite-link' }, c.link),
            h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('inv.copy')}: ${c.name}`, onclick: async () => {
              const ok = await copyText(c.link);
              announce(ok ? t('inv.copied') : t('inv.copy.fail'));
            } }, t('inv.copy')))),
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

// ---- optional screens: ranking, candidate detail, statistics, reports

/** GET an endpoint that may not exist yet: null on 404 (shown as "not available yet"). */
async function optional(method, path, opts) {
  try {
    return await hr(method, path, opts);
  } catch (e) {
    if (e.status === 404 || e.status === 405 || e.status === 501) return null;
    throw e;
  }
}

function notAvailable(what) {
  return h('div', { class: 'note', id: 'not-available' }, h('p', {}, h('strong', {}, t('na.title'))), h('p', {}, t('na.body', { what })));
}

const num = (v, d = 2) => (typeof v === 'number' && Number.isFinite(v) ? fmtNumber(Math.round(v * 10 ** d) / 10 ** d) : '');
const pick = (o, ...keys) => { for (const k of keys) if (o && o[k] !== undefined && o[k] !== null) return o[k]; return undefined; };
const localText = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? (v[getLang()] ?? v.en ?? v.es ?? v.text ?? v.message ?? v.name ?? '') : (v ?? ''));

async function rankingTab(a, frame, keep) {
  const path = `/v1/assessments/${encodeURIComponent(a.id)}/ranking`;
  const data = await optional('GET', `${path}?lang=${getLang()}`);
  screen(() => `${t('a.tab.ranking')} · ${a.config.name}`, () => {
    if (!data) return frame(t('rank.title'), notAvailable(`GET ${path.replace(a.id, '{id}')}`));
    const rows = pick(data, 'ranking') || [];
    const norm = rows.map((r) => {
      const score = pick(r, 'composite');
      const se = pick(r, 'se');
      const band = pick(r, 'band') || {};
      const low = pick(band, 'low', 'Low') ?? (typeof se === 'number' ? score - 1.96 * se : undefined);
      const high = pick(band, 'high', 'High') ?? (typeof se === 'number' ? score + 1.96 * se : undefined);
      return { r, score, low, high, group: pick(r, 'tieGroup'), tied: pick(r, 'tiedWith') || [] };
    });
    // Scores and bands on one axis: from the lowest band edge to the highest.
    const ends = norm.flatMap((x) => [x.low, x.high, x.score]).filter((v) => typeof v === 'number');
    const lo = Math.min(...ends);
    const hi = Math.max(...ends);
    const pos = (v) => (hi > lo ? ((v - lo) / (hi - lo)) * 100 : 50);
    const bandEl = (x) => {
      if (typeof x.score !== 'number') return '';
      const el = h('div', { class: 'band', 'aria-hidden': 'true' });
      if (typeof x.low === 'number' && typeof x.high === 'number') {
        const range = h('span', { class: 'range' });
        range.style.left = `${pos(x.low)}%`;
        range.style.width = `${Math.max(1, pos(x.high) - pos(x.low))}%`;
        el.append(range);
      }
      const pt = h('span', { class: 'point' });
      pt.style.left = `${pos(x.score)}%`;
      el.append(pt);
      return el;
    };
    const groupSize = {};
    for (const x of norm) groupSize[x.group] = (groupSize[x.group] || 0) + 1;
    let prevGroup = null;
    return frame(t('rank.title'),
      h('p', {}, t('rank.lead')),
      data.tieRule ? h('p', { class: 'muted' }, data.tieRule) : null,
      h('p', { class: 'note' }, data.note || t('rank.decide')),
      norm.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'ranking' },
        h('caption', { class: 'visually-hidden' }, t('rank.title')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', class: 'num' }, t('rank.rank')), h('th', { scope: 'col' }, t('rank.name')),
          h('th', { scope: 'col' }, t('rank.group')), h('th', { scope: 'col', class: 'num' }, t('rank.score')),
          h('th', { scope: 'col' }, t('rank.band')), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('rank.chart'))),
          h('th', { scope: 'col' }, t('rank.flags')), h('th', { scope: 'col' }, t('rank.decision')))),
        h('tbody', {}, norm.map((x) => {
          const start = x.group !== prevGroup;
          prevGroup = x.group;
          const cid = pick(x.r, 'candidateId');
          const cautions = Number(pick(x.r, 'cautions')) || 0;
          const below = pick(x.r, 'belowMinimum') || [];
          return h('tr', { class: start ? 'tie-start' : '', dataset: { candidate: cid } },
            h('td', { class: 'num' }, String(pick(x.r, 'rank') ?? '')),
            h('th', { scope: 'row' }, h('a', { href: `#/a/${encodeURIComponent(a.id)}/c/${encodeURIComponent(cid)}` }, pick(x.r, 'name') || cid)),
            h('td', {}, String(x.group ?? ''), groupSize[x.group] > 1 ? h('span', { class: 'muted' }, ` (${t('rank.tied', { n: groupSize[x.group] - 1 })})`) : null),
            h('td', { class: 'num' }, num(x.score)),
            h('td', {}, typeof x.low === 'number' ? t('rank.band.text', { low: num(x.low), high: num(x.high) }) : ''),
            h('td', {}, bandEl(x)),
            h('td', {},
              cautions ? h('span', { class: 'pill warn' }, t('rank.cautions.n', { n: cautions })) : null, ' ',
              below.length ? h('span', { class: 'pill bad' }, t('rank.below', { n: below.length })) : null),
            h('td', { class: 'decision' }, decisionPill(pick(x.r, 'decision'))));
        })))) : h('p', { class: 'note' }, t('rank.empty')));
  }, keep);
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

async function candidateTab(a, cid, frame, keep) {
  const path = `/v1/assessments/${encodeURIComponent(a.id)}/candidates/${encodeURIComponent(cid || '')}`;
  const [data, names, reports] = await Promise.all([
    hr('GET', `${path}?lang=${getLang()}`), scaleNames(a),
    optional('GET', `/v1/assessments/${encodeURIComponent(a.id)}/reports`).catch(() => null)]);
  screen(() => `${t('cand.title')} · ${a.config.name}`, () => {
    const back = h('p', {}, h('a', { href: `#/a/${encodeURIComponent(a.id)}/candidates` }, `← ${t('cand.back')}`));
    if (!data) return frame(t('cand.title'), back, notAvailable('GET /v1/assessments/{id}/candidates/{cid}'));
    const cohort = data.cohort || {};
    const scales = Object.entries(cohort.scales || {});
    const fit = cohort.fit || {};
    const sessionId = cohort.sessionId;
    const myReports = ((reports && reports.reports) || []).filter((r) => sessionId && r.sessionId === sessionId && r.kind === 'candidate');
    const insight = (list, withQuestions) => (Array.isArray(list) && list.length ? h('ul', {}, list.map((x) => h('li', {},
      h('strong', {}, x.name || names[x.scale] || x.scale),
      withQuestions && x.questions && x.questions.length ? h('ol', {}, x.questions.map((q) => h('li', {}, q.question, h('br'), h('span', { class: 'muted' }, `${t('cand.good')}: ${q.goodAnswer}`)))) : null)))
      : h('p', { class: 'muted' }, t('cand.none')));
    return frame(`${t('cand.title')}: ${data.name}`, back,
      h('dl', { class: 'kv' },
        h('dt', {}, t('prog.status')), h('dd', {}, t(`st.${data.status}`)),
        data.email ? [h('dt', {}, t('inv.email')), h('dd', {}, data.email)] : null,
        data.rank ? [h('dt', {}, t('rank.rank')), h('dd', {}, t('cand.rank', { rank: data.rank.rank, of: data.rank.of, group: data.rank.tieGroup }))] : null,
        typeof fit.C === 'number' ? [h('dt', {}, t('rank.score')), h('dd', {}, `${num(fit.C)} (${t('rank.band.text', { low: num(fit.Band?.Low), high: num(fit.Band?.High) })})`)] : null,
        h('dt', {}, t('rank.decision')), h('dd', {},
          decisionPill((data.decisions || []).length ? data.decisions[data.decisions.length - 1].decision : ''), ' ',
          h('button', { type: 'button', class: 'quiet', id: 'to-decision', onclick: () => {
            const el = document.getElementById('dec-h');
            if (el) { el.scrollIntoView({ block: 'start' }); focusHeading(el); }
          } }, t('dec.form')))),
      data.note ? h('p', { class: 'note' }, data.note) : null,
      h('h3', {}, t('cand.breakdown')),
      scales.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'breakdown' },
        h('thead', {}, h('tr', {}, [t('cand.scale'), t('cand.raw'), t('cand.t'), t('cand.pct'), t('rank.band')].map((c, i) => h('th', { scope: 'col', class: i ? 'num' : '' }, c)))),
        h('tbody', {}, scales.map(([id, s]) => h('tr', {},
          h('th', { scope: 'row' }, names[id] || id),
          h('td', { class: 'num' }, num(s.raw)),
          h('td', { class: 'num' }, num(s.t, 0)),
          h('td', { class: 'num' }, num(s.percentile, 0)),
          h('td', { class: 'num' }, s.band ? t('rank.band.text', { low: num(s.band.Low ?? s.band.low), high: num(s.band.High ?? s.band.high) }) : '')))))) :
        h('p', { class: 'muted' }, t('cand.unscored')),
      h('h3', {}, t('cand.strengths')), insight(data.strengths, false),
      h('h3', {}, t('cand.probe')), insight(data.probes, true),
      h('h3', {}, t('cand.cautions')),
      Array.isArray(data.cautions) && data.cautions.length ? h('ul', {}, data.cautions.map((c) => h('li', {}, c.message))) : h('p', { class: 'muted' }, t('cand.none')),
      myReports.length ? [h('h3', {}, t('rep.title')), reportList(myReports)] : null,
      decisionSection(app, a, data, keep),
      dataSection(app, a, data, keep));
  }, keep);
}

async function statsTab(a, frame, keep) {
  const path = `/v1/assessments/${encodeURIComponent(a.id)}/statistics`;
  const [data, names] = await Promise.all([optional('GET', path), scaleNames(a)]);
  screen(() => `${t('a.tab.stats')} · ${a.config.name}`, () => {
    if (!data) return frame(t('stats.title'), notAvailable('GET /v1/assessments/{id}/statistics'));
    const scales = Array.isArray(data.scales) ? data.scales : [];
    if (!data.scored || !scales.length) return frame(t('stats.title'), h('p', { class: 'note' }, t('stats.empty')));
    return frame(t('stats.title'), h('p', {}, t('stats.lead'), ' ', t('stats.scored', { n: data.scored })),
      data.reliabilityMin ? h('p', { class: 'muted' }, t('stats.min', { n: data.reliabilityMin, local: data.localNormMin || data.reliabilityMin })) : null,
      h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'scale-stats' },
        h('caption', {}, t('stats.scales')),
        h('thead', {}, h('tr', {}, [t('cand.scale'), 'n', 'α', t('stats.sem'), t('stats.norm')].map((c, i) => h('th', { scope: 'col', class: i && i < 4 ? 'num' : '' }, c)))),
        h('tbody', {}, scales.map((s) => h('tr', {},
          h('th', { scope: 'row' }, names[s.scale] || s.scale),
          h('td', { class: 'num' }, String(s.n ?? '')),
          h('td', { class: 'num' }, s.reliability && s.reliability.Defined !== false ? num(s.reliability.Alpha, 2) : '–'),
          h('td', { class: 'num' }, num(s.sem, 2)),
          h('td', {}, `${s.norm || ''}${s.semSource === 'provisional' ? ` (${t('stats.provisional')})` : ''}`)))))),
      scales.filter((s) => s.reliability && Array.isArray(s.reliability.Items) && s.reliability.Items.length).map((s) => h('details', { class: 'instructions-box' },
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

/** A table of stored reports, each with a button that asks for a fresh signed link. */
function reportList(reports) {
  return h('div', { class: 'table-scroll' }, h('table', { class: 'data reports' },
    h('thead', {}, h('tr', {}, [t('rep.file'), t('rep.kind'), t('rep.created'), t('rep.link')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, reports.map((r) => {
      const box = h('div', { class: 'link-cell', role: 'status' });
      const btn = h('button', { type: 'button', class: 'secondary', dataset: { report: r.reportId, kind: r.kind, format: r.format },
        'aria-label': `${t('rep.get')}: ${r.filename}`,
        onclick: async () => {
          btn.disabled = true;
          try {
            const link = await hr('GET', `/v1/reports/${encodeURIComponent(r.reportId)}/link`);
            mount(box, h('a', { href: link.url, class: 'report-link', rel: 'noopener noreferrer', download: link.filename || r.filename }, t('rep.download', { what: r.format.toUpperCase() })),
              link.expiresAt ? h('span', { class: 'muted' }, t('rep.expires', { time: fmtDate(link.expiresAt) })) : null);
            box.querySelector('a').focus();
          } catch (e) {
            if (e.status === 401) { fail(e); return; }
            mount(box, h('span', { class: 'error-text' }, e.status === 404 ? t('na.title') : t('err.generic', { msg: e.message })));
          } finally { btn.disabled = false; }
        } }, t('rep.get'));
      box.append(btn);
      return h('tr', {},
        h('th', { scope: 'row' }, r.filename),
        h('td', {}, t(`rep.kind.${r.kind}`), ` · ${String(r.format || '').toUpperCase()}`),
        h('td', {}, fmtDate(r.createdAt)),
        h('td', {}, box));
    }))));
}

async function reportsTab(a, frame, keep) {
  const listPath = `/v1/assessments/${encodeURIComponent(a.id)}/reports`;
  let list = await optional('GET', listPath).catch((e) => (e.status === 503 ? null : Promise.reject(e)));
  let error = '';
  const draw = (keepFocus) => screen(() => `${t('a.tab.reports')} · ${a.config.name}`, () => {
    if (!list) return frame(t('rep.title'), notAvailable(`GET ${listPath.replace(a.id, '{id}')}`));
    const reports = (list.reports || []).slice().sort((x, y) => String(y.createdAt).localeCompare(String(x.createdAt)));
    const btn = h('button', { type: 'button', id: 'report-cohort', onclick: async () => {
      btn.disabled = true;
      btn.textContent = t('rep.making');
      try {
        const made = await optional('POST', listPath, { body: {} });
        if (!made) { error = t('na.title'); }
        list = (await optional('GET', listPath)) || list;
        error = '';
      } catch (e) {
        if (e.status === 401) { fail(e); return; }
        error = e.status === 0 ? t('err.offline') : t('err.generic', { msg: e.message });
      }
      draw(true);
      const first = document.querySelector('table.reports button');
      if (first) first.focus();
    } }, t('rep.make'));
    return frame(t('rep.title'), h('p', {}, t('rep.lead')),
      h('div', { class: 'actions' }, btn),
      error ? h('p', { class: 'note bad', role: 'alert' }, error) : null,
      reports.length ? reportList(reports) : h('p', { class: 'note' }, t('rep.none')));
  }, keepFocus);
  draw(keep);
}

boot();

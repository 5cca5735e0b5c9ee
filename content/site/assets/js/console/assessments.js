// @ts-check
// Assessments: the list (#/: each with its status and counts), the catalog by industry (#/catalog), a role (#/roles/<id>),
// the builder (#/build/<role>: the role's mix, tests added or left out, time limits,
// minimums, weights, advice, reminders) and the frame of one assessment's tabs.

import { h, mount } from '../dom.js';
import { register, t, getLang, fmtDate, fmtNumber } from '../i18n.js';
import { problem, say } from './ui.js';
import { remindersField, remindersText, REMINDER_DAYS } from './outreach.js';
import { assessmentWords } from './strings-assessments.js';

register(assessmentWords);

const FAMILIES = ['cognitive', 'competency', 'technical', 'integrity', 'disc'];

// ---------------------------------------------------------------- assessments

/** The pill class of each progress status (the word is always shown beside the colour). */
const STATUS_PILL = { empty: '', open: 'brand', finished: 'ok', closed: 'warn' };

/** "6 Dec 2026": a day, in the console's language. */
const fmtDay = (iso) => new Intl.DateTimeFormat(getLang() === 'es' ? 'es' : 'en', { dateStyle: 'medium' }).format(new Date(iso));

/**
 * An assessment's status and counts as table cells (GET /v1/assessments answers them,
 * kept as candidates move on): the status in words, what it means next (invites open until
 * a day, or sessions already opened until a day; how many never finished), and how many
 * were invited and completed.
 */
function progressCells(a) {
  const p = a.progress;
  if (!p) return [h('td', { colspan: '3', class: 'muted', dataset: { progress: 'none' } }, t('list.progress.none'))];
  // Each count carries its label too: a phone shows it beside the number, the table's
  // header being out of sight there.
  const num = (key, n) => h('td', { class: 'num' }, h('span', { class: 'cell-label' }, t(key)), fmtNumber(n || 0));
  let more = '';
  if (p.status === 'open' && p.invitesUntil) {
    more = Date.parse(p.invitesUntil) >= Date.now() ? t('list.until', { date: fmtDay(p.invitesUntil) })
      : t('list.closing', { date: fmtDay(p.sessionsUntil) });
  } else if (p.status === 'closed') {
    more = t('list.unfinished', { n: fmtNumber(p.invited - p.completed), count: p.invited - p.completed });
  }
  return [
    h('td', { class: 'status' }, h('span', { class: `pill ${STATUS_PILL[p.status] || ''}` }, t(`list.st.${p.status}`)),
      more ? [h('br'), h('span', { class: 'muted' }, more)] : null),
    num('list.invited', p.invited), num('list.completed', p.completed)];
}

export async function assessments(app, keep) {
  const { hr, catalog, can, screen, loading, main: $main } = app;
  loading();
  const [list, roles] = await Promise.all([hr('GET', '/v1/assessments'), catalog('/v1/catalog/roles')]);
  const roleName = Object.fromEntries((roles.roles || []).map((r) => [r.id, r.name]));
  const items = (list.assessments || []).slice().sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  screen(() => t('list.title'), () => {
    const h1 = h('h1', {}, t('list.title'));
    mount($main(), h1,
      can('recruiter') ? h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/catalog', id: 'new-assessment' }, t('list.new'))) : null,
      items.length ? h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('list.title') }, h('table', { class: 'data assessments', id: 'assessments' },
        h('caption', { class: 'visually-hidden' }, t('list.title')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('list.name')),
          h('th', { scope: 'col' }, t('list.status')),
          [t('list.invited'), t('list.completed')].map((c) => h('th', { scope: 'col', class: 'num' }, c)),
          h('th', { scope: 'col' }, t('list.created')))),
        h('tbody', {}, items.map((a) => h('tr', { dataset: { assessment: a.id, status: a.progress ? a.progress.status : '' } },
          h('th', { scope: 'row' }, h('a', { href: `#/a/${encodeURIComponent(a.id)}` }, a.config.name), h('br'),
            h('span', { class: 'muted' }, [roleName[a.config.roleId] || a.config.roleId,
              t('list.parts.n', { n: fmtNumber(a.config.sections.length), count: a.config.sections.length }),
              t('min', { n: a.config.minutes }), a.config.lang === 'es' ? 'Español' : 'English'].join(' · '))),
          progressCells(a),
          h('td', { class: 'created' }, h('span', { class: 'cell-label' }, t('list.created')), fmtDate(a.createdAt))))))) : h('p', { class: 'note' }, t('list.empty')));
    return h1;
  }, keep);
}

// ---------------------------------------------------------------- catalog

export async function catalogScreen(app, industryId, keep) {
  const { catalog, screen, loading, main: $main } = app;
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

export async function roleScreen(app, roleId, keep) {
  const { catalog, can, screen, loading, main: $main } = app;
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
async function library(app) {
  const res = await app.catalog('/v1/catalog/instruments');
  return new Map((res.instruments || []).map((i) => [i.id, i]));
}

const builds = new Map(); // role id → builder state, kept across language switches

export async function builder(app, roleId, keep) {
  const { hr, catalog, screen, loading, fail, main: $main } = app;
  loading();
  // The organisation's name, accent and retention frame the candidate preview; without
  // them (a failed read) the preview shows Shortlist's own.
  const [role, lib, org] = await Promise.all([catalog(`/v1/catalog/roles/${encodeURIComponent(roleId)}`), library(app),
    app.hr('GET', '/v1/organisation').catch((e) => (e.status === 401 ? Promise.reject(e) : null))]);
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

  // The candidate app's preview of the selection (take/preview.js reads it): /take/#preview=
  // and the base64url of its JSON (language, name, role, the parts in order with the time
  // limits set here, the organisation's name, accent and retention).
  const previewURL = () => {
    const spec = {
      lang: st.lang, name: st.name.trim() || role.name, roleId: role.id,
      sections: st.rows.filter((r) => r.on).map((r) => {
        const lim = Number(r.minutes);
        return r.minutes !== '' && lim > 0 ? { instrument: r.inst.id, seconds: Math.round(lim * 60) } : { instrument: r.inst.id };
      }),
    };
    if (org) {
      const name = org.displayName || org.name;
      if (name) spec.orgName = name;
      if (org.accentColor) spec.accentColor = org.accentColor;
      if (org.retentionDays) spec.retentionDays = org.retentionDays;
    }
    const bytes = new TextEncoder().encode(JSON.stringify(spec));
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return `/take/#preview=${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
  };

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
    // "Preview as candidate": the candidate app in a new tab with the selection as it is
    // now (the link is brought up to date as it is used).
    const preview = /** @type {HTMLAnchorElement} */ (h('a', {
      class: 'button secondary', id: 'preview-candidate', target: '_blank', rel: 'noopener', href: previewURL(),
      'aria-describedby': 'preview-candidate-hint',
      onclick: () => { preview.href = previewURL(); }, onmousedown: () => { preview.href = previewURL(); }, onfocus: () => { preview.href = previewURL(); },
    }, t('build.preview'), h('span', { class: 'visually-hidden' }, ` (${t('build.preview.newtab')})`)));
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
      h('div', { class: 'actions' }, submit, preview),
      h('p', { class: 'hint muted', id: 'preview-candidate-hint' }, t('build.preview.hint')));
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

export const TABS = ['candidates', 'invite', 'ranking', 'stats', 'reports', 'fairness'];
/** Tabs a role below recruiter does not see (the API would answer 403). */
export const TAB_NEEDS = { invite: 'recruiter' };
export function configSummary(a) {
  return h('details', { class: 'instructions-box' },
    h('summary', {}, t('a.summary')),
    h('p', {}, t('a.expiry', { n: a.config.inviteExpiryDays }), Array.isArray(a.config.reminders) ? ` · ${remindersText(a.config.reminders)}` : ''),
    h('ol', {}, a.config.sections.map((s) => h('li', {},
      `${s.instrument} · ${t(`fam.${s.family}`)} · `,
      s.timeLimitSeconds ? t('a.section.timed', { min: Math.round(s.timeLimitSeconds / 60) }) : t('a.section.untimed'),
      s.family === 'disc' ? '' : ` · ${t('a.section.weight', { pct: pct(s.weight || 0) })}`,
      s.minimum ? ` · ${t('a.section.min', { n: s.minimum })}` : ''))));
}

/**
 * The frame of one assessment's tab (#/a/<id>/<tab>): its name and parts, the tabs the
 * signed-in person's role opens (the current one marked), then the tab's title and body.
 * Returns the function each tab draws itself with; it answers the h1 for focus.
 */
export function assessmentFrame(app, a, tab) {
  const { can, main: $main } = app;
  const base = `#/a/${encodeURIComponent(a.id)}`;
  return (titleText, ...body) => {
    const h1 = h('h1', {}, a.config.name);
    const cfg = a.config;
    mount($main(), h1,
      h('p', { class: 'muted' }, t('a.parts', { n: cfg.sections.length, min: cfg.minutes, lang: cfg.lang === 'es' ? 'Español' : 'English' })),
      h('nav', { 'aria-label': t('a.tabs') }, h('ul', { class: 'tabs' }, TABS.filter((k) => !TAB_NEEDS[k] || can(TAB_NEEDS[k])).map((k) => h('li', {},
        h('a', { href: `${base}/${k}`, 'aria-current': k === tab ? 'page' : null }, t(`a.tab.${k}`)))))),
      h('h2', { id: 'tab-title' }, titleText), body);
    return h1;
  };
}

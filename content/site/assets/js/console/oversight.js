// @ts-check
// Human oversight, privacy and fairness in the HR console: recording a person's decision
// about a candidate (and its history), a candidate's data export and erasure, the
// organisation's settings (retention, notice, own group question), the audit log, and the
// adverse-impact monitor of an assessment. The screens get the console's plumbing (API
// calls, screen rendering, failure handling, the signed-in person's role) from main.js
// through `app`:
//   app = {hr, screen, fail, loading, main, drafts, flash, can, who}
// `drafts` keeps unsaved form input across a language switch (route(true) re-fetches and
// re-renders; keep is true then), and is reset when a screen is opened anew.

import { h, mount, focusHeading, download } from '../dom.js';
import { t, getLang, fmtDate, fmtNumber } from '../i18n.js';
import { msg, say, field, focusFirstInvalid, draft, problem, confirmBox, roleName } from './ui.js';
import { parseHex, contrast } from '../color.js';
import { refreshMe } from './session.js';

export const OUTCOMES = ['advance', 'hold', 'reject'];
const OUTCOME_PILL = { advance: 'ok', hold: 'brand', reject: 'bad' };
const enc = encodeURIComponent;

/** A person's latest decision as a labelled pill (the word, never only a colour). */
export function decisionPill(outcome) {
  if (!outcome) return h('span', { class: 'muted' }, t('rank.decision.none'));
  return h('span', { class: `pill ${OUTCOME_PILL[outcome] || ''}`, dataset: { decision: outcome } }, t(`dec.${outcome}`));
}

// ---------------------------------------------------------------- decision

/**
 * The decision panel of a candidate's detail: the statement that scores support and a
 * person makes the decision, the latest decision, the history, and, for recruiters and
 * owners, the form (POST /v1/assessments/{aid}/candidates/{cid}/decision; the note is
 * required; the server records the signed-in person as the reviewer).
 */
export function decisionSection(app, a, data, keep) {
  const cid = data.candidateId;
  const history = Array.isArray(data.decisions) ? data.decisions : [];
  const st = draft(app, `dec:${cid}`, keep, () => ({
    decision: '', note: '', errors: {}, formError: null, busy: false, saved: '',
  }));
  const box = h('section', { id: 'decision', 'aria-labelledby': 'dec-h' });

  const draw = () => {
    const errs = st.errors;
    const latest = history[history.length - 1];
    const anyError = Object.keys(errs).length > 0 || st.formError;
    const choice = h('fieldset', { class: 'decision-choice', id: 'dec-choice', 'aria-describedby': errs.decision ? 'dec-choice-err' : null },
      h('legend', {}, t('dec.choice')),
      h('div', { class: 'options' }, OUTCOMES.map((o) => h('label', { class: 'option' },
        h('input', {
          type: 'radio', name: 'dec-choice', value: o, checked: st.decision === o,
          'aria-invalid': errs.decision ? 'true' : null, onchange: () => { st.decision = o; },
        }),
        h('span', {}, t(`dec.${o}`))))),
      errs.decision ? h('p', { class: 'error-text field-error', id: 'dec-choice-err' }, say(errs.decision)) : null);
    const note = h('textarea', { maxlength: '2000', rows: '4', required: true, oninput: (ev) => { st.note = ev.currentTarget.value; } });
    note.value = st.note;
    const submit = h('button', { type: 'submit', id: 'dec-save', disabled: st.busy }, st.busy ? t('dec.saving') : t('dec.save'));
    const form = h('form', { novalidate: true, id: 'decision-form', class: 'panel', 'aria-labelledby': 'dec-form-h' },
      h('h4', { id: 'dec-form-h' }, t('dec.form')),
      anyError ? h('p', { class: 'note bad', role: 'alert', id: 'dec-errors' }, st.formError ? say(st.formError) : t('form.errors')) : null,
      choice,
      field('dec-note', t('dec.note.label'), note, { hint: t('dec.note.hint'), error: say(errs.note) }),
      h('p', { class: 'muted', id: 'dec-as' }, t('dec.as', { who: (app.who() || {}).name || '' })),
      h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (st.busy) return;
      st.errors = {};
      st.formError = null;
      st.saved = '';
      if (!OUTCOMES.includes(st.decision)) st.errors.decision = msg('dec.err.choice');
      if (!st.note.trim() || st.note.trim().length > 2000) st.errors.note = msg('dec.err.note');
      if (Object.keys(st.errors).length) {
        draw();
        focusFirstInvalid(box);
        return;
      }
      st.busy = true;
      draw();
      try {
        const d = await app.hr('POST', `/v1/assessments/${enc(a.id)}/candidates/${enc(cid)}/decision`, {
          body: { decision: st.decision, note: st.note.trim() },
        });
        history.push(d);
        Object.assign(st, { decision: '', note: '', busy: false, saved: d.decision });
        draw();
        focusHeading(document.getElementById('dec-saved'));
      } catch (e) {
        st.busy = false;
        if (e.status === 401) { app.fail(e); return; }
        const fields = e.fields || {};
        if (fields.decision) st.errors.decision = msg('dec.err.choice');
        if (fields.note) st.errors.note = msg('dec.err.note');
        if (!Object.keys(st.errors).length) st.formError = problem(e);
        draw();
        if (Object.keys(st.errors).length) focusFirstInvalid(box);
        else (document.getElementById('dec-save') || document.getElementById('dec-errors'))?.focus();
      }
    });

    mount(box,
      h('h3', { id: 'dec-h' }, t('dec.title')),
      h('p', { class: 'note', id: 'dec-statement' }, t('dec.statement')),
      st.saved ? h('p', { class: 'note ok', id: 'dec-saved', role: 'status' }, t('dec.saved', { decision: t(`dec.${st.saved}`) })) : null,
      latest
        ? h('p', { id: 'dec-latest' }, t('dec.latest', { decision: t(`dec.${latest.decision}`), reviewer: latest.reviewer, time: fmtDate(latest.at) }))
        : h('p', { id: 'dec-latest', class: 'muted' }, t('dec.none')),
      history.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'decisions' },
        h('caption', {}, t('dec.history')),
        h('thead', {}, h('tr', {}, [t('dec.when'), t('dec.what'), t('dec.who'), t('dec.note')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, history.slice().reverse().map((d) => h('tr', {},
          h('th', { scope: 'row' }, fmtDate(d.at)),
          h('td', {}, decisionPill(d.decision)),
          h('td', {}, d.reviewer),
          h('td', { class: 'prewrap' }, d.note)))))) : null,
      // Below recruiter there is no form; a refusal just met (the role changed meanwhile) stays in view.
      app.can('recruiter') ? form : [
        st.formError ? h('p', { class: 'note bad', role: 'alert', id: 'dec-errors', tabindex: '-1' }, say(st.formError)) : null,
        h('p', { class: 'note', id: 'dec-role' }, t('dec.role', { role: say(roleName((app.who() || {}).role || 'viewer')) }))]);
  };
  draw();
  return box;
}

// ---------------------------------------------------------------- data export and erasure

/** Export (GET /v1/candidates/{cid}/export, downloaded as JSON) and erasure with a confirmation step. */
export function dataSection(app, a, data, keep) {
  const cid = data.candidateId;
  const name = data.name || cid;
  const st = draft(app, `data:${cid}`, keep, () => ({ confirming: false, busy: false, msg: null, error: null }));
  const box = h('section', { id: 'cand-data', 'aria-labelledby': 'data-h' });
  const draw = () => {
    const exportBtn = h('button', {
      type: 'button', class: 'secondary', id: 'export', disabled: st.busy,
      onclick: async () => {
        st.busy = true;
        st.msg = null;
        st.error = null;
        draw();
        try {
          const out = await app.hr('GET', `/v1/candidates/${enc(cid)}/export`);
          download(`candidate-${cid}.json`, `${JSON.stringify(out, null, 2)}\n`, 'application/json;charset=utf-8');
          st.msg = msg('data.exported');
        } catch (e) {
          if (e.status === 401) { app.fail(e); return; }
          st.error = problem(e);
        }
        st.busy = false;
        draw();
        document.getElementById('export')?.focus();
      },
    }, t('data.export'));
    const eraseBtn = h('button', {
      type: 'button', class: 'danger', id: 'erase', disabled: st.busy, 'aria-expanded': String(st.confirming), 'aria-controls': 'erase-confirm',
      onclick: () => {
        st.confirming = true;
        st.msg = null;
        draw();
        focusHeading(document.getElementById('erase-h'));
      },
    }, t('data.erase'));
    const confirm = st.confirming ? confirmBox({
      id: 'erase', title: t('data.confirm.title', { name }), body: t('data.confirm.body'),
      go: t('data.confirm.go', { name }), busyLabel: t('data.erasing'), busy: st.busy,
      onGo: async () => {
        st.busy = true;
        st.error = null;
        draw();
        try {
          await app.hr('DELETE', `/v1/candidates/${enc(cid)}`);
        } catch (e) {
          st.busy = false;
          if (e.status === 401) { app.fail(e); return; }
          st.error = problem(e);
          draw();
          document.getElementById('erase-confirm-go')?.focus();
          return;
        }
        app.flash('flash.erased', { name });
        location.hash = `#/a/${enc(a.id)}/candidates`;
      },
      onCancel: () => { st.confirming = false; draw(); document.getElementById('erase')?.focus(); },
    }) : null;
    mount(box,
      h('h3', { id: 'data-h' }, t('data.title')),
      h('p', {}, t('data.lead')),
      h('div', { class: 'actions' }, exportBtn, eraseBtn),
      confirm,
      h('div', { role: 'status', id: 'data-status' }, st.msg ? h('p', { class: 'note ok' }, say(st.msg)) : null),
      st.error ? h('p', { class: 'note bad', role: 'alert' }, say(st.error)) : null);
  };
  draw();
  return box;
}

// ---------------------------------------------------------------- organisation settings

const RET_MIN = 30;
const RET_MAX = 1095;

function settingsFrom(org) {
  return {
    retention: String(org.retentionDays || ''),
    // The notice as the organisation wrote it ({org}, {days} unfilled), not as shown.
    noticeEs: org.customNotice ? (org.noticeText?.es || '') : '',
    noticeEn: org.customNotice ? (org.noticeText?.en || '') : '',
    groupEs: org.groupField?.es || '',
    groupEn: org.groupField?.en || '',
    errors: {}, busy: false, saved: '',
  };
}

/** A both-languages-or-neither text pair: an error message or ''. */
function pairError(es, en, max, longKey) {
  if ((es.trim() === '') !== (en.trim() === '')) return msg('set.err.pair');
  if (es.length > max || en.length > max) return msg(longKey);
  return null;
}

/** GET/PUT /v1/organisation: retention, the candidates' notice, the own group question. */
export async function settingsScreen(app, keep) {
  app.loading();
  let org = await app.hr('GET', '/v1/organisation');
  const st = draft(app, 'settings', keep, () => settingsFrom(org));
  const bst = draft(app, 'branding', keep, () => brandingFrom(org));
  app.screen(() => t('set.title'), () => {
    const h1 = h('h1', {}, t('set.title'));
    const errs = st.errors;
    const anyError = Object.keys(errs).length > 0;
    const ret = h('input', {
      type: 'number', inputmode: 'numeric', min: String(RET_MIN), max: String(RET_MAX), step: '1', value: st.retention,
      class: 'short', oninput: (ev) => { st.retention = ev.currentTarget.value; },
    });
    const area = (key) => {
      const ta = h('textarea', { rows: '8', maxlength: '8000', oninput: (ev) => { st[key] = ev.currentTarget.value; } });
      ta.value = st[key];
      return ta;
    };
    const line = (key) => h('input', { type: 'text', maxlength: '60', value: st[key], oninput: (ev) => { st[key] = ev.currentTarget.value; } });
    // A pair's error belongs to both of its controls.
    const pair = (id, legend, hint, a1, a2, error) => {
      const describe = (c) => {
        c.setAttribute('aria-describedby', [`${id}-hint`, error ? `${id}-err` : null].filter(Boolean).join(' '));
        if (error) c.setAttribute('aria-invalid', 'true');
      };
      describe(a1.control);
      describe(a2.control);
      return h('fieldset', { class: 'panel', id },
        h('legend', {}, legend),
        h('p', { class: 'hint muted', id: `${id}-hint` }, hint),
        h('div', { class: 'settings-pair' },
          h('div', { class: 'field' }, h('label', { for: a1.id }, a1.label), a1.control),
          h('div', { class: 'field' }, h('label', { for: a2.id }, a2.label), a2.control)),
        error ? h('p', { class: 'error-text field-error', id: `${id}-err` }, error) : null);
    };
    const withId = (id, label, control, lang) => { control.id = id; control.setAttribute('lang', lang); return { id, label, control }; };
    const ui = getLang();
    const submit = h('button', { type: 'submit', id: 'settings-save', disabled: st.busy }, st.busy ? t('set.saving') : t('set.save'));
    const form = h('form', { novalidate: true, id: 'settings-form' },
      anyError ? h('p', { class: 'note bad', role: 'alert', id: 'settings-errors' }, t('form.errors')) : null,
      field('set-retention', t('set.retention'), ret, { hint: t('set.retention.hint'), error: say(errs.retentionDays) }),
      pair('set-notice', t('set.notice'), t('set.notice.hint'),
        withId('notice-es', t('set.notice.es'), area('noticeEs'), 'es'),
        withId('notice-en', t('set.notice.en'), area('noticeEn'), 'en'),
        say(errs.notice)),
      h('p', { class: 'muted', id: 'notice-current' }, t('set.notice.current', {
        v: org.noticeVersion, which: org.customNotice ? t('set.notice.custom') : t('set.notice.default'),
      })),
      !org.customNotice && org.notice && org.notice[ui] ? h('details', { class: 'instructions-box', id: 'notice-preview' },
        h('summary', {}, t('set.notice.preview', { lang: ui === 'es' ? 'español' : 'English' })),
        h('div', { class: 'org-notice', lang: ui }, org.notice[ui].split(/\n\s*\n/).map((x) => h('p', {}, x)))) : null,
      pair('set-group', t('set.group'), t('set.group.hint'),
        withId('group-es', t('set.group.es'), line('groupEs'), 'es'),
        withId('group-en', t('set.group.en'), line('groupEn'), 'en'),
        say(errs.groupField)),
      errs.form ? h('p', { class: 'note bad', role: 'alert' }, say(errs.form)) : null,
      h('div', { class: 'actions' }, submit),
      h('div', { role: 'status', id: 'settings-status' },
        st.saved ? h('p', { class: 'note ok', id: 'settings-saved', tabindex: '-1' }, t('set.saved', { v: st.saved })) : null));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (st.busy) return;
      st.errors = {};
      st.saved = '';
      const days = Number(st.retention);
      if (!/^\s*\d+\s*$/.test(st.retention) || days < RET_MIN || days > RET_MAX) st.errors.retentionDays = msg('set.err.retention');
      const n = pairError(st.noticeEs, st.noticeEn, 8000, 'set.err.notice.long');
      if (n) st.errors.notice = n;
      const g = pairError(st.groupEs, st.groupEn, 60, 'set.err.group.long');
      if (g) st.errors.groupField = g;
      if (Object.keys(st.errors).length) {
        app.redraw();
        focusFirstInvalid(app.main());
        return;
      }
      st.busy = true;
      app.redraw();
      try {
        org = await app.hr('PUT', '/v1/organisation', {
          body: {
            retentionDays: days,
            notice: { es: st.noticeEs.trim(), en: st.noticeEn.trim() },
            groupField: { es: st.groupEs.trim(), en: st.groupEn.trim() },
          },
        });
        Object.assign(st, settingsFrom(org), { saved: org.noticeVersion });
        app.redraw();
        document.getElementById('settings-saved')?.focus();
      } catch (e) {
        st.busy = false;
        if (e.status === 401) { app.fail(e); return; }
        const f = e.fields || {};
        if (f.retentionDays) st.errors.retentionDays = msg('set.err.retention');
        if (f.notice) st.errors.notice = msg(/both/.test(f.notice) ? 'set.err.pair' : 'set.err.notice.long');
        if (f.groupField) st.errors.groupField = msg(/both/.test(f.groupField) ? 'set.err.pair' : 'set.err.group.long');
        if (!Object.keys(st.errors).length) st.errors.form = problem(e);
        app.redraw();
        if (!st.errors.form) focusFirstInvalid(app.main());
        else document.getElementById('settings-save')?.focus();
      }
    });
    mount(app.main(), h1, h('p', {}, t('set.lead', { org: org.name || '' })), form,
      brandingSection(app, bst, () => org, (next) => { org = next; }));
    return h1;
  }, keep);
}

// ---------------------------------------------------------------- branding

const LOGO_MAX = 100 * 1024;
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const HEX = /^#[0-9a-fA-F]{6}$/;

function brandingFrom(org) {
  return {
    name: org.name || '', displayName: org.displayName || '', accent: org.accentColor || '',
    logo: org.logo || '', logoChanged: false, errors: {}, busy: false, saved: false,
  };
}

/** A contrast ratio as people read it, rounded down (4.499 never shows as 4.5). */
const ratio = (r) => fmtNumber(Math.floor(r * 100) / 100, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The organisation's branding (PUT /v1/organisation with name, displayName, accentColor
 * and, when changed, logo): what candidates see instead of Shortlist's name, colour and
 * logo. The accent's contrast rule is the server's; its refusal is shown on the field.
 * The PUT leaves out the notice, the group question and the retention: what a PUT does not
 * carry stays as it is.
 * @param {any} app @param {any} st @param {() => any} getOrg @param {(org: any) => void} setOrg
 */
function brandingSection(app, st, getOrg, setOrg) {
  const errs = st.errors;
  const anyError = ['name', 'displayName', 'accentColor', 'logo'].some((k) => errs[k]);
  const box = h('section', { id: 'branding', class: 'panel', 'aria-labelledby': 'branding-h' });
  const name = h('input', { type: 'text', maxlength: '200', autocomplete: 'organization', value: st.name, required: true,
    oninput: (ev) => { st.name = ev.currentTarget.value; } });
  const display = h('input', { type: 'text', maxlength: '100', value: st.displayName,
    oninput: (ev) => { st.displayName = ev.currentTarget.value; } });

  // The colour: a picker and its hex text, kept in step; the live ratio is information,
  // the server decides.
  const rgb = parseHex(st.accent);
  const ratioLine = h('p', { class: 'hint muted', id: 'brand-color-ratio' },
    rgb ? t('brand.color.ratio', { ratio: ratio(contrast(rgb, [255, 255, 255])) }) : '');
  const hex = h('input', {
    type: 'text', class: 'short', maxlength: '7', spellcheck: 'false', autocomplete: 'off', value: st.accent, placeholder: '#0b57d0',
    oninput: (ev) => {
      st.accent = ev.currentTarget.value.trim();
      const c = parseHex(st.accent);
      if (c) picker.value = st.accent.toLowerCase();
      ratioLine.textContent = c ? t('brand.color.ratio', { ratio: ratio(contrast(c, [255, 255, 255])) }) : '';
    },
  });
  const picker = h('input', {
    type: 'color', id: 'brand-color-picker', class: 'color-picker', value: (rgb ? st.accent : '#0b57d0').toLowerCase(),
    'aria-describedby': 'brand-color-hint',
    oninput: (ev) => {
      st.accent = ev.currentTarget.value;
      hex.value = st.accent;
      ratioLine.textContent = t('brand.color.ratio', { ratio: ratio(contrast(st.accent, '#ffffff')) });
    },
  });
  const colorErr = errs.accentColor ? say(errs.accentColor) : '';
  hex.id = 'brand-color';
  hex.setAttribute('aria-describedby', ['brand-color-hint', 'brand-color-ratio', colorErr ? 'brand-color-err' : null].filter(Boolean).join(' '));
  if (colorErr) { hex.setAttribute('aria-invalid', 'true'); picker.setAttribute('aria-invalid', 'true'); picker.setAttribute('aria-describedby', 'brand-color-hint brand-color-err'); }
  const colorBox = h('fieldset', { class: 'brand-color', id: 'brand-color-set' },
    h('legend', {}, t('brand.color')),
    h('p', { class: 'hint', id: 'brand-color-hint' }, t('brand.color.hint')),
    h('div', { class: 'color-row' },
      h('div', { class: 'field' }, h('label', { for: 'brand-color' }, t('brand.color.hex')), hex),
      h('div', { class: 'field' }, h('label', { for: 'brand-color-picker' }, t('brand.color.pick')), picker),
      st.accent ? h('button', { type: 'button', class: 'secondary', id: 'brand-color-clear', onclick: () => {
        st.accent = '';
        app.redraw();
        document.getElementById('brand-color')?.focus();
      } }, t('brand.color.clear')) : null),
    ratioLine,
    colorErr ? h('p', { class: 'error-text field-error', id: 'brand-color-err' }, colorErr) : null);

  // The logo: checked here for size and type before it is read; shown before it is saved.
  const file = h('input', { type: 'file', accept: LOGO_TYPES.join(','), onchange: (ev) => {
    const f = ev.currentTarget.files && ev.currentTarget.files[0];
    delete st.errors.logo;
    st.saved = false;
    if (!f) return;
    if (!LOGO_TYPES.includes(f.type)) st.errors.logo = msg('brand.err.logo.type');
    else if (f.size > LOGO_MAX) st.errors.logo = msg('brand.err.logo.big', { kb: Math.ceil(f.size / 1024) });
    if (st.errors.logo) {
      app.redraw();
      document.getElementById('brand-logo')?.focus();
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      st.logo = String(reader.result || '');
      st.logoChanged = true;
      app.redraw();
      document.getElementById('brand-logo')?.focus();
    };
    reader.onerror = () => {
      st.errors.logo = msg('brand.err.logo.read');
      app.redraw();
      document.getElementById('brand-logo')?.focus();
    };
    reader.readAsDataURL(f);
  } });
  const shown = st.displayName.trim() || st.name.trim() || getOrg().name || '';
  const logoView = h('div', { class: 'logo-preview', id: 'brand-logo-preview' },
    st.logo ? [
      h('p', { class: 'muted' }, st.logoChanged ? t('brand.logo.new') : t('brand.logo.current')),
      h('img', { src: st.logo, alt: t('brand.logo.alt', { name: shown }), id: 'brand-logo-img', class: 'brand-logo-large' }),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'brand-logo-remove', onclick: () => {
        st.logo = '';
        st.logoChanged = true;
        delete st.errors.logo;
        app.redraw();
        document.getElementById('brand-logo')?.focus();
      } }, t('brand.logo.remove')))]
      : h('p', { class: 'muted', id: 'brand-logo-none' }, st.logoChanged ? t('brand.logo.removed') : t('brand.logo.none')));

  const submit = h('button', { type: 'submit', id: 'brand-save', disabled: st.busy }, st.busy ? t('brand.saving') : t('brand.save'));
  const form = h('form', { novalidate: true, id: 'branding-form' },
    anyError ? h('p', { class: 'note bad', role: 'alert', id: 'brand-errors' }, t('form.errors')) : null,
    field('brand-name', t('brand.name'), name, { hint: t('brand.name.hint'), error: say(errs.name) }),
    field('brand-display', t('brand.display'), display, { hint: t('brand.display.hint'), error: say(errs.displayName) }),
    colorBox,
    field('brand-logo', t('brand.logo'), file, { hint: t('brand.logo.hint'), error: say(errs.logo) }),
    logoView,
    errs.form ? h('p', { class: 'note bad', role: 'alert', id: 'brand-form-error' }, say(errs.form)) : null,
    h('div', { class: 'actions' }, submit),
    h('div', { role: 'status', id: 'brand-status' },
      st.saved ? h('p', { class: 'note ok', id: 'brand-saved', tabindex: '-1' }, t('brand.saved')) : null));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (st.busy) return;
    const keepLogoError = st.errors.logo && !st.logoChanged ? st.errors.logo : null;
    st.errors = {};
    st.saved = false;
    if (!st.name.trim() || st.name.trim().length > 200) st.errors.name = msg('brand.err.name');
    if (st.displayName.trim().length > 100) st.errors.displayName = msg('brand.err.display');
    if (st.accent && !HEX.test(st.accent)) st.errors.accentColor = msg('brand.err.color');
    if (keepLogoError) st.errors.logo = keepLogoError;
    if (Object.keys(st.errors).length) {
      app.redraw();
      focusFirstInvalid(document.getElementById('branding-form') || app.main());
      return;
    }
    st.busy = true;
    app.redraw();
    /** @type {any} */
    const body = { name: st.name.trim(), displayName: st.displayName.trim(), accentColor: st.accent.toLowerCase() };
    if (st.logoChanged) body.logo = st.logo;
    try {
      const next = await app.hr('PUT', '/v1/organisation', { body });
      setOrg(next);
      Object.assign(st, brandingFrom(next), { saved: true });
      refreshMe(); // the header names the organisation
      app.redraw();
      document.getElementById('brand-saved')?.focus();
    } catch (e) {
      st.busy = false;
      if (e.status === 401) { app.fail(e); return; }
      const f = e.fields || {};
      if (f.name) st.errors.name = msg('brand.err.name');
      if (f.displayName) st.errors.displayName = msg('brand.err.display');
      if (f.accentColor) {
        const m = /contrast ([\d.]+):1/.exec(String(f.accentColor));
        st.errors.accentColor = m ? msg('brand.err.contrast', { ratio: ratio(Number(m[1])) }) : msg('brand.err.color');
      }
      if (f.logo) st.errors.logo = /KB/.test(String(f.logo)) ? msg('brand.err.logo.big', { kb: (/(\d+) KB/.exec(String(f.logo)) || [])[1] || '>100' }) : msg('brand.err.logo.type');
      if (!Object.keys(st.errors).length) st.errors.form = problem(e);
      app.redraw();
      if (!st.errors.form) focusFirstInvalid(document.getElementById('branding-form') || app.main());
      else document.getElementById('brand-save')?.focus();
    }
  });

  return mount(box,
    h('h2', { id: 'branding-h' }, t('brand.title')),
    h('p', {}, t('brand.lead')),
    form);
}

// ---------------------------------------------------------------- audit log

const AUDIT_PAGE = 50;

/**
 * Who did it, by name: "user:<id> <email>" is the person's email, "key:<id> <label>" the
 * key's label; records from before people signed in ("key:<id>") name the key's id.
 */
export function auditActor(actor) {
  const [head, ...label] = String(actor || '').split(' ');
  const [kind, ...rest] = head.split(':');
  const name = label.join(' ');
  if (kind === 'key') return t('audit.key', { name: name || rest.join(':') });
  return name || head;
}

function auditTarget(target, action) {
  // Team and key changes name the person's or the key's id alone.
  if (/^member\./.test(action)) return t('audit.t.member', { id: target });
  if (/^key\./.test(action)) return t('audit.t.key', { id: target });
  const [kind, ...rest] = String(target || '').split(':');
  const id = rest.join(':');
  if (kind === 'assessment' && id) return h('a', { href: `#/a/${enc(id)}` }, t('audit.t.assessment', { id }));
  if (kind === 'candidate' && id) return t('audit.t.candidate', { id });
  if (kind === 'report' && id) return t('audit.t.report', { id });
  if (kind === 'organisation') return t('audit.t.organisation');
  return String(target || '');
}

function label(key, fallback) {
  const s = t(key);
  return s === key ? fallback : s;
}

/** One detail of an event: the role of a person or key is an access role, in words. */
function auditDetail(action, k, v) {
  if (k === 'role' && /^(member|key)\./.test(action)) return [`${t('det.access')}: `, say(roleName(v))];
  return [`${label(`det.${k}`, k)}: `, h('code', {}, v)];
}

/** GET /v1/audit?cursor=&limit=, newest first, a page at a time. */
export async function auditScreen(app, keep, focusPager) {
  const st = draft(app, 'audit', keep, () => ({ cursors: [''], page: 0 }));
  app.loading();
  const cursor = st.cursors[st.page];
  const data = await app.hr('GET', `/v1/audit?limit=${AUDIT_PAGE}${cursor ? `&cursor=${enc(cursor)}` : ''}`);
  const events = data.events || [];
  const go = (page) => {
    if (page > st.page) st.cursors[page] = data.cursor;
    st.page = page;
    auditScreen(app, true, page > 0 ? 'audit-older' : 'audit-newer').catch((e) => app.fail(e));
  };
  app.screen(() => t('audit.title'), () => {
    const h1 = h('h1', {}, t('audit.title'));
    const pager = h('nav', { class: 'pager', 'aria-label': t('audit.pages') },
      h('button', { type: 'button', class: 'secondary', id: 'audit-newer', disabled: st.page === 0, onclick: () => go(st.page - 1) }, t('audit.newer')),
      h('p', { id: 'audit-page', tabindex: '-1' }, t('audit.page', { n: st.page + 1 })),
      h('button', { type: 'button', class: 'secondary', id: 'audit-older', disabled: !data.cursor, onclick: () => go(st.page + 1) }, t('audit.older')));
    mount(app.main(), h1, h('p', {}, t('audit.lead')),
      events.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'audit' },
        h('caption', { class: 'visually-hidden' }, `${t('audit.title')}, ${t('audit.page', { n: st.page + 1 })}`),
        h('thead', {}, h('tr', {}, [t('audit.when'), t('audit.who'), t('audit.what'), t('audit.target'), t('audit.detail')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, events.map((e) => h('tr', { dataset: { action: e.action } },
          h('th', { scope: 'row' }, fmtDate(e.at)),
          h('td', { class: 'actor' }, auditActor(e.actor)),
          h('td', {}, label(`act.${e.action}`, e.action)),
          h('td', {}, auditTarget(e.target, e.action)),
          h('td', {}, e.detail && Object.keys(e.detail).length ? h('ul', { class: 'details-kv' }, Object.entries(e.detail).map(([k, v]) =>
            h('li', {}, ...auditDetail(e.action, k, v)))) : '')))))) : h('p', { class: 'note' }, t('audit.empty')),
      pager);
    return h1;
  }, keep);
  if (focusPager) {
    const el = /** @type {HTMLButtonElement|null} */ (document.getElementById(focusPager));
    if (el && !el.disabled) el.focus(); else document.getElementById('audit-page')?.focus();
  }
}

// ---------------------------------------------------------------- fairness

export const FAIR_FIELDS = ['gender', 'ageBand', 'group'];

/** GET /v1/assessments/{aid}/fairness?field=&cut=: the adverse-impact monitor of one assessment. */
export async function fairnessTab(app, a, frame, keep) {
  const st = draft(app, `fair:${a.id}`, keep, () => ({ field: 'gender', cut: '0', error: null }));
  const load = () => app.hr('GET', `/v1/assessments/${enc(a.id)}/fairness?field=${enc(st.field)}&cut=${enc(String(Number(String(st.cut).replace(',', '.'))))}`);
  let [org, data] = await Promise.all([app.hr('GET', '/v1/organisation').catch(() => null), load()]);
  const groupLabel = () => (org && org.groupField && (org.groupField[getLang()] || org.groupField.en)) || t('fair.field.group');
  const pct = (v) => fmtNumber(v, { style: 'percent', maximumFractionDigits: 0 });
  const groupName = (g) => (st.field === 'group' ? g : label(`grp.${g}`, g));

  const table = (id, caption, rows, empty) => (rows && rows.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, [t('fair.group'), t('fair.n'), t('fair.selected'), t('fair.rate'), t('fair.ratio'), t('fair.result')]
      .map((c, i) => h('th', { scope: 'col', class: i > 0 && i < 5 ? 'num' : '' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', { dataset: { group: r.group, flag: String(!!r.flag), tooFew: String(!!r.tooFew) } },
      h('th', { scope: 'row' }, groupName(r.group)),
      h('td', { class: 'num' }, String(r.applicants)),
      h('td', { class: 'num' }, String(r.selected)),
      h('td', { class: 'num' }, pct(r.rate || 0)),
      h('td', { class: 'num' }, r.impactRatio ? fmtNumber(Math.round(r.impactRatio * 100) / 100, { minimumFractionDigits: 2 }) : '–'),
      h('td', {}, r.tooFew ? h('span', { class: 'pill' }, t('fair.toofew'))
        : r.flag ? h('span', { class: 'pill bad' }, t('fair.flag')) : h('span', { class: 'pill ok' }, t('fair.ok')))))))) : h('p', { class: 'note', id: `${id}-empty` }, empty));

  const draw = (keepFocus) => app.screen(() => `${t('a.tab.fairness')} · ${a.config.name}`, () => {
    const f = (data && data.fairness) || {};
    const cutInput = h('input', {
      type: 'number', inputmode: 'decimal', min: '-4', max: '4', step: '0.1', value: st.cut,
      oninput: (ev) => { st.cut = ev.currentTarget.value; },
    });
    const fieldSel = h('select', { value: st.field, onchange: (ev) => { st.field = ev.currentTarget.value; } },
      FAIR_FIELDS.map((k) => h('option', { value: k }, k === 'group' ? groupLabel() : t(`fair.field.${k}`))));
    const form = h('form', { novalidate: true, id: 'fairness-form', class: 'panel fair-form' },
      field('fair-field', t('fair.field'), fieldSel),
      field('fair-cut', t('fair.cut'), cutInput, { hint: t('fair.cut.hint'), error: say(st.error) }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'fair-show' }, t('fair.show'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const cut = Number(String(st.cut).replace(',', '.'));
      st.error = String(st.cut).trim() === '' || !Number.isFinite(cut) || cut < -4 || cut > 4 ? msg('fair.cut.bad') : null;
      if (st.error) {
        draw(true);
        document.getElementById('fair-cut')?.focus();
        return;
      }
      try {
        data = await load();
      } catch (e) {
        if (e.status === 401) { app.fail(e); return; }
        st.error = e.fields && e.fields.cut ? msg('fair.cut.bad') : problem(e);
        draw(true);
        document.getElementById('fair-cut')?.focus();
        return;
      }
      draw(true);
      focusHeading(document.getElementById('fair-results'));
    });
    const cutText = fmtNumber(typeof f.cut === 'number' ? f.cut : 0);
    return frame(t('fair.title'),
      h('p', {}, t('fair.lead')),
      form,
      h('p', { class: 'note', id: 'fair-rule' }, t('fair.rule')),
      h('details', { class: 'instructions-box', id: 'fair-how', open: true },
        h('summary', {}, t('fair.how')),
        h('p', {}, t('fair.how.1')), h('p', {}, t('fair.how.2')),
        h('p', {}, t('fair.how.3', { n: f.notStated || 0 }))),
      h('h3', { id: 'fair-results', tabindex: '-1' }, t('fair.atCut', { cut: cutText })),
      h('p', { class: 'muted' }, t('fair.atCut.lead')),
      table('fair-atcut', t('fair.atCut', { cut: cutText }), f.atCut, t('fair.empty')),
      h('h3', {}, t('fair.decisions')),
      h('p', { class: 'muted' }, t('fair.decisions.lead')),
      table('fair-decisions', t('fair.decisions'), f.decisions, t('fair.empty.decisions')),
      h('h3', {}, t('fair.median', { median: fmtNumber(Math.round((f.median || 0) * 100) / 100) })),
      h('p', { class: 'muted' }, t('fair.median.lead')),
      table('fair-median', t('fair.median', { median: fmtNumber(Math.round((f.median || 0) * 100) / 100) }), f.aboveMedian, t('fair.empty')));
  }, keepFocus);
  draw(keep);
}

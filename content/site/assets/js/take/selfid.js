// @ts-check
// Voluntary self-identification, offered once the assessment is handed in
// (POST /v1/session/self-identification). Every question is optional and has "I prefer not
// to say"; skipping is one button; nothing chosen means nothing is sent. The answers are
// kept apart from the assessment answers and never read by scoring: they feed only the
// organisation's adverse-impact monitor. The organisation's own "group" question (its label
// comes with the invite preview, in es and en) is a free-text field of at most 60
// characters, shown only when the organisation set a label; left empty, nothing is sent
// for it.

import { h, mount, focusHeading } from '../dom.js';
import { t, getLang } from '../i18n.js';

export const GENDERS = ['woman', 'man', 'non-binary', 'another', 'prefer-not-to-say'];
export const AGE_BANDS = ['under-25', '25-34', '35-44', '45-54', '55-plus', 'prefer-not-to-say'];

export const GROUP_MAX = 60;

/** The organisation's group label in the interface language (else the other one), or null. */
export function groupLabel(field, ui = getLang()) {
  if (!field) return null;
  const other = ui === 'es' ? 'en' : 'es';
  const own = typeof field[ui] === 'string' ? field[ui].trim() : '';
  const alt = typeof field[other] === 'string' ? field[other].trim() : '';
  if (own) return { text: own, lang: ui };
  if (alt) return { text: alt, lang: other };
  return null;
}

/** What is sent for the group answer: control characters out, trimmed, at most 60 characters. */
export function groupValue(raw) {
  const clean = String(raw || '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return [...clean].slice(0, GROUP_MAX).join('').trim();
}

/**
 * selfIdCard(st, {send, remember, groupField, org}) → a <section>. st is kept by the caller
 * across redraws (a language switch): {gender, ageBand, group, status:
 * 'open'|'sending'|'sent'|'skipped', error}. send(body) posts the answers; remember(status)
 * records that they were given or skipped. groupField is the preview's {es, en} label of
 * the organisation's own question (empty or null: no such question); org names who asks.
 */
export function selfIdCard(st, { send, remember, groupField = null, org = '' }) {
  const box = h('section', { class: 'card selfid', id: 'selfid', 'aria-labelledby': 'sid-h' });
  const draw = (focusId) => {
    const title = h('h2', { id: 'sid-h' }, t('sid.h'));
    if (st.status === 'sent' || st.status === 'skipped') {
      const msg = h('p', { class: 'note ok', id: 'sid-done', tabindex: '-1' }, t(st.status === 'sent' ? 'sid.sent' : 'sid.skipped'));
      mount(box, title, msg);
      if (focusId) focusHeading(msg);
      return;
    }
    const group = (key, legendKey, values, prefix) => h('fieldset', { class: 'sid-group', id: `sid-${key}` },
      h('legend', {}, t(legendKey)),
      h('div', { class: 'options' }, values.map((v) => h('label', { class: 'option' },
        h('input', {
          type: 'radio', name: `sid-${key}`, value: v, checked: st[key] === v, disabled: st.status === 'sending',
          onchange: () => { st[key] = v; },
        }),
        h('span', {}, t(`${prefix}.${v}`))))));
    const sendBtn = h('button', { type: 'submit', id: 'sid-send', disabled: st.status === 'sending' },
      st.status === 'sending' ? t('sid.sending') : t('sid.send'));
    const skipBtn = h('button', {
      type: 'button', class: 'secondary', id: 'sid-skip', disabled: st.status === 'sending',
      onclick: () => { st.status = 'skipped'; remember('skipped'); draw(true); },
    }, t('sid.skip'));
    // The organisation's own question, in its own words: free text, optional.
    const label = groupLabel(groupField);
    let free = null;
    if (label) {
      const described = ['sid-group-hint', st.groupError ? 'sid-group-err' : null].filter(Boolean).join(' ');
      free = h('div', { class: 'field sid-group sid-free', id: 'sid-group' },
        h('label', { for: 'sid-group-input' },
          h('span', { lang: label.lang !== getLang() ? label.lang : null }, label.text), ' ',
          h('span', { class: 'hint' }, t('sid.group.optional'))),
        h('span', { class: 'hint', id: 'sid-group-hint' },
          org ? t('sid.group.by', { org }) : null, org ? ' ' : null, t('sid.group.hint', { n: GROUP_MAX })),
        h('input', {
          type: 'text', id: 'sid-group-input', name: 'sid-group', maxlength: String(GROUP_MAX),
          autocomplete: 'off', spellcheck: 'false', value: st.group || '', disabled: st.status === 'sending',
          'aria-describedby': described, 'aria-invalid': st.groupError ? 'true' : null,
          oninput: (ev) => { st.group = ev.currentTarget.value; },
        }),
        st.groupError ? h('p', { class: 'error-text field-error', id: 'sid-group-err' }, t('sid.group.err', { n: GROUP_MAX })) : null);
    }
    const form = h('form', { novalidate: true, id: 'sid-form', 'aria-describedby': 'sid-lead' },
      group('gender', 'sid.gender', GENDERS, 'sid.gender'),
      group('ageBand', 'sid.age', AGE_BANDS, 'sid.age'),
      free,
      st.error ? h('p', { class: 'note bad', role: 'alert', id: 'sid-error' }, t('sid.error', { msg: st.error.offline ? t('err.offline') : st.error.msg })) : null,
      h('div', { class: 'actions' }, sendBtn, skipBtn));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = {};
      if (st.gender) body.gender = st.gender;
      if (st.ageBand) body.ageBand = st.ageBand;
      const answer = label ? groupValue(st.group) : '';
      if (answer) body.group = answer;
      if (!Object.keys(body).length) {
        // Nothing chosen is the same as skipping: nothing is sent.
        st.status = 'skipped';
        remember('skipped');
        draw(true);
        return;
      }
      st.status = 'sending';
      st.error = null;
      st.groupError = false;
      draw(false);
      try {
        await send(body);
        st.status = 'sent';
        remember('sent');
        draw(true);
      } catch (e) {
        st.status = 'open';
        st.error = { offline: e.status === 0, msg: e.message || '' };
        st.groupError = Boolean(label && e.fields && e.fields.group);
        draw(false);
        document.getElementById(st.groupError ? 'sid-group-input' : 'sid-send')?.focus();
      }
    });
    mount(box, title,
      h('p', { id: 'sid-lead' }, t(label ? 'sid.lead.3' : 'sid.lead')),
      h('ul', {}, h('li', {}, t('sid.why.1')), h('li', {}, t('sid.why.2')), h('li', {}, t('sid.why.3'))),
      form);
  };
  draw(false);
  return box;
}

// Voluntary self-identification, offered once the assessment is handed in
// (POST /v1/session/self-identification). Every question is optional and has "I prefer not
// to say"; skipping is one button; nothing chosen means nothing is sent. The answers are
// kept apart from the assessment answers and never read by scoring: they feed only the
// organisation's adverse-impact monitor. The organisation's own "group" question is left
// out: its label is not given to candidates yet, and a question without its label cannot
// be answered meaningfully.

import { h, mount, focusHeading } from '../dom.js';
import { t } from '../i18n.js';

export const GENDERS = ['woman', 'man', 'non-binary', 'another', 'prefer-not-to-say'];
export const AGE_BANDS = ['under-25', '25-34', '35-44', '45-54', '55-plus', 'prefer-not-to-say'];

/**
 * selfIdCard(st, {send, remember}) → a <section>. st is kept by the caller across redraws
 * (a language switch): {gender, ageBand, status: 'open'|'sending'|'sent'|'skipped', error}.
 * send(body) posts the answers; remember(status) records that they were given or skipped.
 */
export function selfIdCard(st, { send, remember }) {
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
    const form = h('form', { novalidate: true, id: 'sid-form', 'aria-describedby': 'sid-lead' },
      group('gender', 'sid.gender', GENDERS, 'sid.gender'),
      group('ageBand', 'sid.age', AGE_BANDS, 'sid.age'),
      st.error ? h('p', { class: 'note bad', role: 'alert', id: 'sid-error' }, t('sid.error', { msg: st.error.offline ? t('err.offline') : st.error.msg })) : null,
      h('div', { class: 'actions' }, sendBtn, skipBtn));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = {};
      if (st.gender) body.gender = st.gender;
      if (st.ageBand) body.ageBand = st.ageBand;
      if (!Object.keys(body).length) {
        // Nothing chosen is the same as skipping: nothing is sent.
        st.status = 'skipped';
        remember('skipped');
        draw(true);
        return;
      }
      st.status = 'sending';
      st.error = null;
      draw(false);
      try {
        await send(body);
        st.status = 'sent';
        remember('sent');
        draw(true);
      } catch (e) {
        st.status = 'open';
        st.error = { offline: e.status === 0, msg: e.message || '' };
        draw(false);
        document.getElementById('sid-send')?.focus();
      }
    });
    mount(box, title,
      h('p', { id: 'sid-lead' }, t('sid.lead')),
      h('ul', {}, h('li', {}, t('sid.why.1')), h('li', {}, t('sid.why.2')), h('li', {}, t('sid.why.3'))),
      form);
  };
  draw(false);
  return box;
}

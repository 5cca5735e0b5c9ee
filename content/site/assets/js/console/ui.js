// @ts-check
// Form, message and confirmation helpers shared by the console's screens (oversight.js,
// auth.js, team.js, webhooks.js, outbox.js). Messages are kept as {key, vars} and translated when drawn, so a
// language switch re-words them; a var may itself be a message (a role's name, say).

import { h, announce, copyText } from '../dom.js';
import { t } from '../i18n.js';
import { who } from './session.js';

export const msg = (key, vars) => ({ key, vars });

export function say(m) {
  if (!m) return '';
  const vars = m.vars && Object.fromEntries(Object.entries(m.vars).map(([k, v]) => [k, v && v.key ? say(v) : v]));
  return t(m.key, vars);
}

export const ROLE_NAMES = ['viewer', 'recruiter', 'owner'];
export const roleName = (role) => msg(`role.${role}`);

/**
 * What went wrong with an API call, in the console's words. A 403 names the signed-in
 * person's role (read again from the server when the call failed: it may have changed).
 */
export function problem(e) {
  switch (e && e.status) {
    case 0: return msg('err.offline');
    case 401: return msg('err.signedout');
    case 403: return msg('err.forbidden', { role: roleName((who() || {}).role || 'viewer') });
    case 404: return msg('err.notfound');
    case 429: return msg('err.busy');
    default: return msg('err.generic', { msg: e && e.message });
  }
}

/** A labelled control with its hint and, when there is one, its error, all wired for AT. */
/** @param {string} id @param {any} label @param {HTMLElement} control @param {{hint?: any, error?: any, lang?: string, describedBy?: string}} [opts] */
export function field(id, label, control, { hint, error, lang, describedBy } = {}) {
  const desc = [hint ? `${id}-hint` : null, error ? `${id}-err` : null, describedBy].filter(Boolean).join(' ');
  control.id = id;
  if (desc) control.setAttribute('aria-describedby', desc);
  if (error) control.setAttribute('aria-invalid', 'true');
  if (lang) control.setAttribute('lang', lang);
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null,
    control,
    error ? h('p', { class: 'error-text field-error', id: `${id}-err` }, error) : null);
}

/** Focus the first control marked invalid inside el (after the error summary is read). */
export function focusFirstInvalid(el) {
  const bad = el.querySelector('[aria-invalid="true"]');
  if (bad) bad.focus();
  return Boolean(bad);
}

/** A screen's unsaved state: kept across a language switch (keep), fresh when the screen is opened anew. */
export function draft(app, key, keep, make) {
  let st = keep ? app.drafts.get(key) : null;
  if (!st) {
    st = make();
    app.drafts.set(key, st);
  }
  return st;
}

/**
 * A confirmation step for something that cannot be undone: ids `${id}-confirm`, `${id}-h`
 * (focus it when shown), `${id}-confirm-go` and `${id}-cancel`.
 */
export function confirmBox({ id, title, body, go, busyLabel, busy, onGo, onCancel, cancelLabel = t('data.confirm.cancel') }) {
  return h('div', { class: 'confirm', id: `${id}-confirm`, role: 'group', 'aria-labelledby': `${id}-h` },
    h('h4', { id: `${id}-h` }, title),
    h('p', {}, body),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'danger', id: `${id}-confirm-go`, disabled: busy, onclick: onGo }, busy ? busyLabel : go),
      h('button', { type: 'button', class: 'secondary', id: `${id}-cancel`, disabled: busy, onclick: onCancel }, cancelLabel)));
}

/** A one-line error or success note, announced (role alert/status). */
/** @param {any} m @param {{id?: string, ok?: boolean}} [opts] */
export function note(m, { id, ok = false } = {}) {
  if (!m) return null;
  return h('p', { class: `note ${ok ? 'ok' : 'bad'}`, role: ok ? 'status' : 'alert', id, tabindex: '-1' }, say(m));
}

/**
 * A secret shown once (an API key, a webhook's signing secret) with a Copy button and a
 * "Done" that hides it for good. ids: `${id}-made` (section), `${id}-made-h` (heading: focus
 * it when shown), `${id}-secret`, `${id}-copy`, `${id}-made-done`.
 * @param {{id: string, title: string, once: string, secret: string, copyLabel: string, copied: string, doneLabel: string, onDone: () => void, extra?: any}} o
 */
export function secretBox({ id, title, once, secret, copyLabel, copied, doneLabel, onDone, extra }) {
  return h('section', { class: 'card key-made', id: `${id}-made`, 'aria-labelledby': `${id}-made-h` },
    h('h3', { id: `${id}-made-h`, tabindex: '-1' }, title),
    h('p', { class: 'note warn' }, once),
    extra || null,
    h('p', { class: 'secret-line' },
      h('code', { class: 'secret', id: `${id}-secret` }, secret),
      h('button', { type: 'button', class: 'secondary', id: `${id}-copy`, onclick: async () => {
        const ok = await copyText(secret);
        announce(ok ? copied : t('inv.copy.fail'));
      } }, copyLabel)),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: `${id}-made-done`, onclick: onDone }, doneLabel)));
}

/** Copy a text, then say whether it worked (the screen reader hears it too). */
export async function copyAndSay(text, done) {
  const ok = await copyText(text);
  announce(ok ? done : t('inv.copy.fail'));
}

/**
 * A screen's changes, one at a time: `act(work, {ok, conflict, focusId, after})` marks the
 * state busy, runs work(), re-reads the screen's data (reload), calls after(result), sets the
 * status message (ok, or ok(result)) or the error (a 409 as `conflict` when given), draws
 * again and focuses `focusId`, or the error (errorId). A 401 goes to app.fail (sign in again).
 * st: {busy, error, status}.
 * @param {any} app @param {{busy: boolean, error: any, status: any}} st @param {{reload: () => Promise<any>, errorId: string}} o
 */
export function actions(app, st, { reload, errorId }) {
  /** @param {() => Promise<any>} work @param {{ok?: any, conflict?: any, focusId?: string, after?: (res: any) => any}} [o] */
  return async (work, { ok, conflict, focusId, after } = {}) => {
    st.busy = true;
    st.error = null;
    st.status = null;
    app.redraw();
    try {
      const res = await work();
      await reload();
      if (after) after(res);
      st.status = (typeof ok === 'function' ? ok(res) : ok) || null;
    } catch (e) {
      if (e.status === 401) { app.fail(e); return; }
      st.error = e.status === 409 && conflict ? conflict : problem(e);
    } finally {
      st.busy = false;
    }
    app.redraw();
    document.getElementById(st.error ? errorId : focusId)?.focus();
  };
}

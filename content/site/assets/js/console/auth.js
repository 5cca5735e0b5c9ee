// @ts-check
// Signing in to the console as a person: email and password; then, when the identity
// provider asks, a new password (first sign-in with an invitation's temporary one), an
// authenticator code, or setting an authenticator up; a forgotten password (a code by
// email, then a new password); and the person's own account page, where anyone can turn
// on two-step sign-in. The screens get the console's plumbing from main.js through `app`
// (as oversight.js does): {hr, screen, main, redraw, drafts, enter}.
//
// Every message is the console's own, in both languages: the API's texts never reach the
// screen here (they are English, and some would tell more than a sign-in page should).

import { h, mount, focusHeading, announce, copyText } from '../dom.js';
import { t } from '../i18n.js';
import * as session from './session.js';
import { msg, say, field, focusFirstInvalid, draft, roleName, problem, note } from './ui.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CODE = /^\d{6}$/;
/** What a form's work returns when it went on to another step or screen (nothing to redraw). */
const MOVED = Symbol('moved');

/** The password policy the API states: 12 or more characters, upper and lower case, a digit, a symbol. */
function policyProblem(pw) {
  const ok = pw.length >= 12 && /\p{Lu}/u.test(pw) && /\p{Ll}/u.test(pw) && /\p{Nd}/u.test(pw) && /[^\p{L}\p{Nd}]/u.test(pw);
  return ok ? null : msg('auth.err.policy');
}

/** Sign-in errors in the console's words; a field's own error goes in place. */
function authErrors(e, step) {
  const f = (e && e.fields) || {};
  if (f.newPassword) return { newPassword: msg('auth.err.policy') };
  if (f.code) return { code: msg(step === 'reset' ? 'auth.err.reset.code' : 'auth.err.code') };
  if (f.email) return { email: msg('auth.err.email.shape') };
  switch (e && e.status) {
    case 0: return { form: msg('err.offline') };
    case 400: return step === 'password' || step === 'forgot' ? { email: msg('auth.err.email.shape') } : { form: msg('auth.err.unavailable') };
    case 401:
      if (/reset/i.test(e.message || '')) return { form: msg('auth.err.reset.required') };
      return step === 'password' ? { form: msg('auth.err.credentials') } : { expired: true };
    case 429: return { form: msg('auth.err.busy') };
    default: return { form: msg('auth.err.unavailable') };
  }
}

const errorSummary = (st) => {
  if (st.errors.form) return note(st.errors.form, { id: 'auth-error' });
  return Object.keys(st.errors).length ? h('p', { class: 'note bad', role: 'alert', id: 'auth-error' }, t('form.errors')) : null;
};

/** An input whose value lives in st.values (so a language switch keeps what was typed). */
function input(st, key, attrs) {
  return h('input', { ...attrs, value: st.values[key] || '', oninput: (ev) => { st.values[key] = ev.currentTarget.value; } });
}

function passwordInput(st, key, autocomplete) {
  return input(st, key, { type: 'password', autocomplete, spellcheck: 'false', autocapitalize: 'off' });
}

function codeInput(st) {
  return input(st, 'code', { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '7', spellcheck: 'false', class: 'short code-input' });
}

const cleanCode = (v) => String(v || '').replace(/\s+/g, '');

/**
 * New password and its repetition, with the policy as the hint; and the account's email in
 * a hidden username field, so a password manager files the new password under it.
 */
function newPasswordFields(st, prefix) {
  return [
    h('input', { type: 'email', autocomplete: 'username', value: st.values.email || '', hidden: true, readonly: true, tabindex: '-1' }),
    field(`${prefix}-new`, t('auth.new'), passwordInput(st, 'newPassword', 'new-password'), { hint: t('auth.policy'), error: say(st.errors.newPassword) }),
    field(`${prefix}-repeat`, t('auth.repeat'), passwordInput(st, 'repeat', 'new-password'), { error: say(st.errors.repeat) }),
  ];
}

function checkNewPassword(st) {
  const p = policyProblem(st.values.newPassword || '');
  if (p) st.errors.newPassword = p;
  else if ((st.values.repeat || '') !== st.values.newPassword) st.errors.repeat = msg('auth.err.repeat');
}

/**
 * A form whose submit runs work(): unless it returns MOVED (it went on to another step or
 * screen), the form is drawn again with its errors in place and focus on the first.
 */
function authForm(app, st, id, body, submitId, label, busyLabel, work) {
  const form = h('form', { class: 'panel auth-form', id, novalidate: true },
    errorSummary(st),
    body,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: submitId, disabled: st.busy }, st.busy ? busyLabel : label)));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (st.busy) return;
    st.errors = {};
    if ((await work()) === MOVED) return;
    if (app.main().contains(document.getElementById(id))) {
      app.redraw();
      if (!focusFirstInvalid(app.main())) {
        const err = document.getElementById('auth-error');
        if (err) err.focus();
      }
    }
  });
  return form;
}

/** Run an API step with the button busy; returns [result] or [null, error]. */
async function busy(app, st, fn) {
  st.busy = true;
  app.redraw();
  try {
    return [await fn()];
  } catch (e) {
    return [null, e];
  } finally {
    st.busy = false;
  }
}

// ---------------------------------------------------------------- the authenticator's key

/** The secret in groups of four, as authenticator apps show and accept it. */
const grouped = (secret) => String(secret || '').replace(/\s+/g, '').match(/.{1,4}/g)?.join(' ') || '';

/** How to add the account to an authenticator app: the key as text (with copy) and the otpauth link. */
function enrolSteps(secret, uri) {
  return h('ol', { class: 'enrol-steps' },
    h('li', {}, t('mfa.step.app')),
    h('li', {},
      h('p', {}, t('mfa.step.key')),
      h('p', { class: 'secret-line' },
        h('code', { class: 'secret', id: 'mfa-secret' }, grouped(secret)),
        h('button', { type: 'button', class: 'secondary', id: 'mfa-copy', onclick: async () => {
          const ok = await copyText(String(secret).replace(/\s+/g, ''));
          announce(ok ? t('mfa.copied') : t('inv.copy.fail'));
        } }, t('mfa.copy'))),
      uri ? h('p', {}, t('mfa.step.link'), ' ', h('a', { href: uri, id: 'mfa-link' }, t('mfa.link'))) : null),
    h('li', {}, t('mfa.step.code')));
}

// ---------------------------------------------------------------- sign in

let pending = null; // {email, notice}: what the next sign-in screen starts with

/** Open the sign-in screen with an email filled in and a message (a finished reset, an ended sign-in). */
/** @param {{email?: string, notice?: any}} [o] */
export function startSignIn({ email, notice } = {}) {
  pending = { email, notice };
}

function freshFlow(email = '') {
  return { step: 'password', challenge: null, values: { email }, errors: {}, notice: null, busy: false };
}

const TITLES = { password: 'signin.title', new_password: 'auth.newpw.title', mfa: 'auth.mfa.title', mfa_setup: 'auth.setup.title' };

/** #/signin: email and password, then whatever challenge the identity provider sets. */
export function signInScreen(app, keep) {
  let st = keep ? app.drafts.get('signin') : null;
  if (!st) {
    st = freshFlow((pending && pending.email) || '');
    st.notice = pending && pending.notice;
    pending = null;
    app.drafts.set('signin', st);
  }
  const restart = (notice) => {
    Object.assign(st, freshFlow(st.values.email), { notice });
    app.drawAnew();
    return MOVED;
  };
  // The answer of a step: signed in (into the console), or the next challenge.
  const next = (res) => {
    if (res.status === 'signed_in') {
      app.drafts.delete('signin');
      app.enter();
      return MOVED;
    }
    if (!TITLES[res.challenge] || res.challenge === 'password') {
      st.errors.form = msg('auth.err.unavailable');
      return undefined;
    }
    Object.assign(st, { step: res.challenge, challenge: res, values: { email: st.values.email }, errors: {}, notice: null });
    app.drawAnew();
    return MOVED;
  };
  const answer = async (fields) => {
    const [res, e] = await busy(app, st, () => session.answer(st.challenge, st.values.email.trim(), fields));
    if (res) return next(res);
    const errs = authErrors(e, st.step);
    // A challenge's session lasts minutes: past it, start again from the password.
    if (errs.expired) return restart(msg('auth.err.expired'));
    st.errors = errs;
    return undefined;
  };
  const codeForm = (id, submitId, label) => authForm(app, st, id, [
    field('mfa-code', t('auth.code'), codeInput(st), { hint: t('auth.code.hint'), error: say(st.errors.code) }),
  ], submitId, label, t('auth.checking'), async () => {
    const code = cleanCode(st.values.code);
    if (!CODE.test(code)) { st.errors.code = msg('auth.err.code.shape'); return undefined; }
    return answer({ code });
  });
  const startOver = () => h('p', { class: 'auth-links' },
    h('button', { type: 'button', class: 'quiet', id: 'auth-restart', onclick: () => restart(null) }, t('auth.restart')));

  const bodies = {
    password: () => [
      h('p', {}, t('signin.lead')),
      st.notice ? note(st.notice, { id: 'signin-notice', ok: st.notice.key === 'auth.reset.done' }) : null,
      authForm(app, st, 'signin-form', [
        field('si-email', t('auth.email'), input(st, 'email', { type: 'email', autocomplete: 'username', spellcheck: 'false', autocapitalize: 'off' }),
          { error: say(st.errors.email) }),
        field('si-password', t('auth.password'), passwordInput(st, 'password', 'current-password'),
          { error: say(st.errors.password), describedBy: st.errors.form ? 'auth-error' : null }),
      ], 'signin', t('signin.go'), t('signin.going'), async () => {
        st.notice = null;
        const email = (st.values.email || '').trim();
        if (!email) st.errors.email = msg('auth.err.email.empty');
        else if (!EMAIL.test(email)) st.errors.email = msg('auth.err.email.shape');
        if (!st.values.password) st.errors.password = msg('auth.err.password.empty');
        if (Object.keys(st.errors).length) return undefined;
        const [res, e] = await busy(app, st, () => session.signIn(email, st.values.password));
        st.values.password = '';
        if (res) return next(res);
        st.errors = authErrors(e, 'password');
        return undefined;
      }),
      h('p', { class: 'auth-links' }, h('a', { href: '#/forgot', id: 'forgot-link', onclick: () => startForgot(st.values.email) }, t('signin.forgot'))),
    ],
    new_password: () => [
      h('p', {}, t('auth.newpw.lead', { email: st.values.email })),
      authForm(app, st, 'newpw-form', newPasswordFields(st, 'np'), 'newpw-go', t('auth.newpw.go'), t('auth.saving'), async () => {
        checkNewPassword(st);
        if (Object.keys(st.errors).length) return undefined;
        return answer({ newPassword: st.values.newPassword });
      }),
      startOver(),
    ],
    mfa: () => [
      h('p', {}, t('auth.mfa.lead')),
      codeForm('mfa-form', 'mfa-go', t('auth.mfa.go')),
      h('p', { class: 'muted' }, t('auth.mfa.lost')),
      startOver(),
    ],
    mfa_setup: () => [
      h('p', {}, t('auth.setup.lead')),
      enrolSteps(st.challenge.secret, st.challenge.otpauthUri),
      codeForm('mfa-setup-form', 'mfa-setup-go', t('auth.setup.go')),
      startOver(),
    ],
  };

  app.screen(() => t(TITLES[st.step]), () => {
    const h1 = h('h1', {}, t(TITLES[st.step]));
    mount(app.main(), h('div', { class: 'auth' }, h1, bodies[st.step]()));
    return h1;
  }, keep);
}

// ---------------------------------------------------------------- forgotten password

let forgotEmail = '';
function startForgot(email) { forgotEmail = email || ''; }

/** #/forgot: an email for the code, then the code and a new password. */
export function forgotScreen(app, keep) {
  const st = draft(app, 'forgot', keep, () => ({ step: 'forgot', values: { email: forgotEmail }, errors: {}, busy: false }));
  app.screen(() => t('forgot.title'), () => {
    const h1 = h('h1', {}, t('forgot.title'));
    const back = h('p', { class: 'auth-links' }, h('a', { href: '#/signin', id: 'back-signin' }, t('forgot.back')));
    if (st.step === 'forgot') {
      mount(app.main(), h('div', { class: 'auth' }, h1, h('p', {}, t('forgot.lead')),
        authForm(app, st, 'forgot-form', [
          field('fp-email', t('auth.email'), input(st, 'email', { type: 'email', autocomplete: 'username', spellcheck: 'false', autocapitalize: 'off' }),
            { error: say(st.errors.email) }),
        ], 'forgot-send', t('forgot.send'), t('forgot.sending'), async () => {
          const email = (st.values.email || '').trim();
          if (!EMAIL.test(email)) { st.errors.email = msg(email ? 'auth.err.email.shape' : 'auth.err.email.empty'); return undefined; }
          const [, e] = await busy(app, st, () => session.forgotPassword(email));
          if (e) { st.errors = authErrors(e, 'forgot'); return undefined; }
          Object.assign(st, { step: 'reset', values: { email } });
          app.drawAnew();
          return MOVED;
        }), back));
      return h1;
    }
    mount(app.main(), h('div', { class: 'auth' }, h1,
      h('p', { class: 'note', id: 'forgot-sent' }, t('forgot.sent', { email: st.values.email })),
      authForm(app, st, 'reset-form', [
        field('rp-code', t('forgot.code'), input(st, 'code', { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', spellcheck: 'false', class: 'short code-input' }),
          { hint: t('forgot.code.hint'), error: say(st.errors.code) }),
        newPasswordFields(st, 'rp'),
      ], 'reset-go', t('forgot.go'), t('auth.saving'), async () => {
        if (!cleanCode(st.values.code)) st.errors.code = msg('auth.err.reset.code.empty');
        checkNewPassword(st);
        if (Object.keys(st.errors).length) return undefined;
        const [, e] = await busy(app, st, () => session.resetPassword(st.values.email, cleanCode(st.values.code), st.values.newPassword));
        if (e) {
          st.errors = authErrors(e, 'reset');
          if (st.errors.expired) st.errors = { code: msg('auth.err.reset.code') };
          return undefined;
        }
        app.drafts.delete('forgot');
        startSignIn({ email: st.values.email, notice: msg('auth.reset.done') });
        location.hash = '#/signin';
        return MOVED;
      }),
      h('p', { class: 'auth-links' },
        h('button', { type: 'button', class: 'quiet', id: 'forgot-again', onclick: () => {
          Object.assign(st, { step: 'forgot', errors: {}, values: { email: st.values.email } });
          app.drawAnew();
        } }, t('forgot.again'))),
      back));
    return h1;
  }, keep);
}

// ---------------------------------------------------------------- the person's account

/** #/account: who is signed in, their role, and two-step sign-in (POST /v1/auth/mfa, then /mfa/verify). */
export function accountScreen(app, keep) {
  const st = draft(app, 'account', keep, () => ({ setup: null, values: {}, errors: {}, busy: false, done: false }));
  app.screen(() => t('account.title'), () => {
    const me = session.who() || { organisation: {} };
    const h1 = h('h1', {}, t('account.title'));
    const start = h('button', { type: 'button', id: 'mfa-start', class: st.done ? 'secondary' : '', disabled: st.busy, onclick: async () => {
      st.errors = {};
      const [res, e] = await busy(app, st, () => app.hr('POST', '/v1/auth/mfa'));
      if (res) Object.assign(st, { setup: res, done: false, values: {} });
      else st.errors.form = problem(e);
      app.redraw();
      focusHeading(document.getElementById(res ? 'mfa-setup-h' : 'auth-error'));
    } }, t(st.done ? 'account.mfa.again' : 'account.mfa.start'));
    const setup = st.setup ? h('section', { class: 'card', 'aria-labelledby': 'mfa-setup-h', id: 'mfa-setup' },
      h('h3', { id: 'mfa-setup-h', tabindex: '-1' }, t('auth.setup.title')),
      enrolSteps(st.setup.secret, st.setup.otpauthUri),
      authForm(app, st, 'mfa-verify-form', [
        field('mfa-code', t('auth.code'), codeInput(st), { hint: t('auth.code.hint'), error: say(st.errors.code) }),
      ], 'mfa-verify', t('account.mfa.go'), t('auth.checking'), async () => {
        if (!CODE.test(cleanCode(st.values.code))) { st.errors.code = msg('auth.err.code.shape'); return undefined; }
        const [, e] = await busy(app, st, () => app.hr('POST', '/v1/auth/mfa/verify', { body: { code: cleanCode(st.values.code) } }));
        if (!e) {
          Object.assign(st, { setup: null, done: true, values: {} });
          app.redraw();
          document.getElementById('mfa-done')?.focus();
          return MOVED;
        }
        st.errors = e.fields && e.fields.code ? { code: msg('auth.err.code') } : { form: problem(e) };
        return undefined;
      }),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'mfa-cancel', onclick: () => {
        Object.assign(st, { setup: null, errors: {}, values: {} });
        app.redraw();
        document.getElementById('mfa-start')?.focus();
      } }, t('data.confirm.cancel')))) : null;
    mount(app.main(), h1,
      h('dl', { class: 'kv', id: 'account-who' },
        h('dt', {}, t('auth.email')), h('dd', { id: 'account-email' }, me.name || ''),
        h('dt', {}, t('account.role')), h('dd', { id: 'account-role' }, say(roleName(me.role)), h('br'), h('span', { class: 'muted' }, t(`role.${me.role}.can`))),
        h('dt', {}, t('account.org')), h('dd', {}, me.organisation.name || '')),
      h('h2', { id: 'security-h' }, t('account.security')),
      h('p', {}, t('account.mfa.lead')),
      st.done ? note(msg('account.mfa.done'), { id: 'mfa-done', ok: true }) : null,
      !st.setup && st.errors.form ? note(st.errors.form, { id: 'auth-error' }) : null,
      st.setup ? setup : h('div', { class: 'actions' }, start),
      h('p', { class: 'muted' }, t('account.mfa.note')));
    return h1;
  }, keep);
}

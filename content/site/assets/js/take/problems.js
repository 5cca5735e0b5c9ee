// @ts-check
// Screens that explain a problem in plain words and what to do next: no invite, a bad or
// expired link, a finished assessment, another tab or device took over, a failed request.

import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { $main, K, S, appTitle, screen, stopTimer } from './shell.js';
import { continueHere } from './welcome.js';

export function apiFailure(err, retry) {
  stopTimer();
  if (err.status === 401 && S.invite && S.token) return moved();
  if (err.status === 401) return badLink();
  if (err.status === 410) return S.token ? failScreen(t('expired.session')) : expiredInvite();
  const msg = err.status === 0 ? t('err.offline') : t('err.generic', { msg: err.message });
  return failScreen(msg, retry);
}

/** Failures of the invite itself (preview, Start): a bad link or an expired invite. */
export function inviteFailure(err, retry) {
  if (err.status === 401) return badLink();
  if (err.status === 410) return expiredInvite();
  return apiFailure(err, retry);
}

// ---------------------------------------------------------------- screens

export function noInvite() {
  screen(() => t('noinvite.title'), () => {
    const h1 = h('h1', {}, t('noinvite.title'));
    mount($main(), h1, h('p', {}, t('noinvite.body')));
    return h1;
  });
}

/** A page that explains one problem in plain words and what to do next. */
export function problemPage(titleKey, ...bodyKeys) {
  stopTimer();
  S.sec = null;
  screen(() => t(titleKey), () => {
    const h1 = h('h1', { id: 'problem' }, t(titleKey));
    mount($main(), h1, bodyKeys.map((k, i) => h('p', { class: i === 0 ? 'note bad' : '' }, t(k))));
    return h1;
  });
}

export function badLink() { problemPage('bad.title', 'bad.body', 'bad.next'); }
export function expiredInvite() { problemPage('expired.title', 'expired.body', 'expired.next'); }

export function failScreen(message, retry) {
  S.sec = null;
  screen(() => appTitle(), () => {
    const h1 = h('h1', {}, appTitle());
    mount($main(), h1, h('div', { class: 'note bad', role: 'alert' }, h('p', {}, message)),
      retry ? h('div', { class: 'actions' }, h('button', { type: 'button', onclick: retry }, t('err.retry'))) : null);
    return h1;
  });
}

export function moved() {
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


/** The invite's assessment is finished (on this or another device): thanks, nothing to start. */
export function finishedLink() {
  problemPage('finished.title', 'finished.body', 'finished.next');
  const first = document.querySelector('#main .note');
  if (first) first.className = 'note ok';
}

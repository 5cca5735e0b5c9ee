// @ts-check
// The end: completion (POST /v1/session/complete), the thank-you page with the feedback
// report when it is ready, and the voluntary self-identification.

import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { overview } from './intro.js';
import { apiFailure } from './problems.js';
import { saveFinished } from './runner.js';
import { selfIdCard } from './selfid.js';
import { $main, K, S, call, inviteHash, screen, sleep, stopTimer, storageKey } from './shell.js';
import { adoptSession, loadPreview } from './welcome.js';

export async function complete(btn) {
  btn.disabled = true;
  btn.textContent = t('complete.finishing');
  try {
    if (S.saver) await S.saver.flush();
    adoptSession(await call('POST', '/v1/session/complete'));
    done();
  } catch (e) {
    btn.disabled = false;
    btn.textContent = t('overview.finish');
    apiFailure(e, overview);
  }
}

export async function done() {
  stopTimer();
  S.sec = null;
  if (S.saver) { S.saver.clear(); S.saver = null; }
  else {
    try { localStorage.removeItem(await storageKey()); } catch { /* nothing kept */ }
  }
  S.finished = 0;
  S.finishOwed = false;
  saveFinished();
  sessionStorage.removeItem(K.pos);
  // The voluntary questions are offered once per invite on this device: sent or skipped is remembered.
  const sidKey = `shortlist.selfid.${await inviteHash()}`;
  const sid = { gender: '', ageBand: '', group: '', status: localStorage.getItem(sidKey) || 'open', error: '' };
  const offerSelfId = sid.status === 'open';
  let feedback = null;
  const ready = () => feedback && feedback.status === 'ready' && typeof feedback.url === 'string';
  const fetchFeedback = async () => {
    try { feedback = await call('GET', '/v1/session/feedback'); } catch { feedback = null; }
  };
  await Promise.all([fetchFeedback(), offerSelfId ? previewForSelfId() : null]);
  const draw = () => screen(() => t('done.title'), () => {
    const h1 = h('h1', {}, t('done.title'));
    mount($main(), h1,
      h('p', { class: 'note ok' }, t('done.body')),
      h('h2', {}, t('done.next')),
      h('ul', {}, h('li', {}, t('done.next.1')), h('li', {}, t('done.next.2'))),
      h('h2', {}, t('done.feedback')),
      h('div', { id: 'feedback', role: 'status' }, ready() ? feedbackView(feedback) : h('p', {}, t('done.feedback.wait'))),
      offerSelfId ? selfIdCard(sid, {
        send: (body) => call('POST', '/v1/session/self-identification', body),
        remember: (status) => { try { localStorage.setItem(sidKey, status); } catch { /* private mode: asked again next time */ } },
        groupField: S.preview && S.preview.groupField,
        org: S.preview && S.preview.organisation,
      }) : null,
      h('p', { class: 'muted' }, t('done.close')));
    return h1;
  });
  draw();
  // Scoring runs within seconds of completion: look again for a little while.
  for (let i = 0; i < 10 && !ready(); i++) {
    await sleep(3000);
    await fetchFeedback();
    if (ready()) {
      const box = document.getElementById('feedback');
      if (box) mount(box, feedbackView(feedback));
    }
  }
}

/**
 * The organisation's own self-identification question is labelled in the invite preview.
 * The preview read for the notice is reused; after a reload (the token left the address
 * bar, sessionStorage kept it) it is read again once. Without it, that question is not shown.
 */
export async function previewForSelfId() {
  if (S.preview || !S.invite) return;
  try { await loadPreview(); } catch { S.preview = null; }
}

/** The feedback report: a short-lived signed link to the PDF. */
export function feedbackView(fb) {
  const url = fb && fb.url;
  if (!url || !/^(https?:\/\/|\/)/.test(url)) return h('p', {}, t('done.feedback.wait'));
  return h('p', {}, h('a', { class: 'button', id: 'feedback-link', href: url, rel: 'noopener noreferrer' }, t('done.feedback.open')));
}

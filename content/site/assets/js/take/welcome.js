// @ts-check
// From the invite to the session: the invite preview (POST /v1/invites/preview) with the
// organisation's notice and explicit Start (POST /v1/sessions), resuming after a reload,
// and routing to where the session says the candidate is.

import { h, mount } from '../dom.js';
import { api } from '../http.js';
import { getLang, setLang, t } from '../i18n.js';
import { done } from './finish.js';
import { overview } from './intro.js';
import { noticeView } from './notice.js';
import { apiFailure, finishedLink, inviteFailure } from './problems.js';
import { loadFinished, openSection, overlayFinished } from './runner.js';
import { $main, K, S, applyBranding, call, chrome, ensureSaver, screen } from './shell.js';

/** POST /v1/invites/preview: who invites, what is assessed, the notice and its version. */
export async function loadPreview() {
  S.preview = await api('POST', '/v1/invites/preview', { body: { inviteToken: S.invite } });
  const brand = { ...(S.preview.branding || {}), organisation: S.preview.organisation || '' };
  try { sessionStorage.setItem(K.brand, JSON.stringify(brand)); } catch { /* full: shown on this page only */ }
  applyBranding(brand);
  if (!localStorage.getItem(K.lang) && (S.preview.lang === 'es' || S.preview.lang === 'en') && S.preview.lang !== getLang()) {
    setLang(S.preview.lang);
    chrome();
  }
  return S.preview;
}

/** "Continue here" after another tab took over: straight back in if this tab already acknowledged this notice. */
export async function continueHere() {
  try {
    await loadPreview();
  } catch (e) {
    return inviteFailure(e, continueHere);
  }
  if (S.preview.noticeVersion === sessionStorage.getItem(K.ack)) return startSession(true);
  return notice();
}

/** The notice (notice.js): a summary on one phone screen, the full text expandable; then Start. */
export async function notice(message) {
  S.sec = null;
  screen(() => t('notice.title'), () => { mount($main(), h('p', { role: 'status' }, t('loading'))); return null; });
  try {
    await loadPreview();
  } catch (e) {
    return inviteFailure(e, () => notice(message));
  }
  // A finished assessment has nothing left to start: say so, never "already started".
  if (S.preview.finished) return finishedLink();
  const st = { checked: false, error: false, open: false };
  screen(() => t('notice.title'), () => {
    const { h1, nodes } = noticeView(S.preview, st, {
      message,
      onStart: (box, btn) => {
        if (!box.checked) {
          st.error = true;
          S.redraw(true);
          document.getElementById('ack').focus();
          return;
        }
        startSession(false, btn);
      },
    });
    mount($main(), nodes);
    return h1;
  });
  return undefined;
}


export async function startSession(resuming, btn) {
  if (btn) { btn.disabled = true; btn.textContent = t('notice.starting'); }
  try {
    if (!S.preview) await loadPreview();
    const version = S.preview.noticeVersion;
    const res = await api('POST', '/v1/sessions', {
      body: { inviteToken: S.invite, acknowledged: true, noticeVersion: version },
    });
    S.token = res.sessionToken;
    sessionStorage.setItem(K.token, S.token);
    sessionStorage.setItem(K.ack, version);
    await loadFinished();
    adoptSession(res.session);
    route();
  } catch (e) {
    if (btn) { btn.disabled = false; btn.textContent = S.preview && S.preview.started ? t('notice.continue') : t('notice.start'); }
    // The organisation changed its notice since this page loaded: read the new one.
    if (e.status === 400 && e.fields && e.fields.noticeVersion) return notice(t('notice.changed'));
    if (!S.token) return inviteFailure(e, () => (resuming ? startSession(true) : notice()));
    apiFailure(e, () => (resuming ? startSession(true) : notice()));
  }
  return undefined;
}

export async function resume() {
  screen(() => t('app.title'), () => { mount($main(), h('p', {}, t('loading'))); return null; });
  try {
    await loadFinished();
    adoptSession(await call('GET', '/v1/session'));
    route();
  } catch (e) {
    apiFailure(e, resume);
  }
}

export function adoptSession(session) {
  S.session = session;
  overlayFinished();
  if (!localStorage.getItem(K.lang) && session?.assessment?.lang) {
    setLang(session.assessment.lang);
    chrome();
  }
}

/** Go where the session says the candidate is. */
export async function route() {
  const ss = S.session;
  if (!ss) return resume();
  if (ss.status === 'completed' || ss.status === 'scored') return done();
  await ensureSaver();
  S.saver.setServerSeq(ss.nextSeq);
  // A part finished on this device before a reload or a closed tab: tell the server now.
  if (S.finishOwed) {
    try {
      adoptSession(await call('POST', `/v1/session/sections/${S.finished}/finish`));
    } catch (e) {
      if (e.status === 401 || e.status === 410) return apiFailure(e, resume);
      if (e.status === 409) {
        try { adoptSession(await call('GET', '/v1/session')); } catch (e2) { return apiFailure(e2, resume); }
      }
      // Otherwise it stays closed in this view; the next Start or leaving the page sends it.
    }
  }
  const open = S.session.sections.find((s) => s.state === 'open');
  if (open) return openSection(open.number);
  return overview();
}

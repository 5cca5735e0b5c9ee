// @ts-check
// The candidate app at /take/#sli_…: the organisation's notice (POST /v1/invites/preview)
// → explicit Start → per part, an introduction with practice and no clock
// (GET /v1/session/sections/{n}) → the part with the server's clock → completion, then
// voluntary self-identification. The invite token is read from the URL fragment only
// (never sent in a GET), removed from the address bar at once, and kept in sessionStorage
// so a reload resumes. Answers autosave in batches (autosave.js); the server keeps time.
// Finishing a part costs no request: the server closes it when the next part starts or at
// completion; until then this device remembers it as finished (see markFinished).
//
// The screens live in their own modules around a shared shell (shell.js): problems.js
// (bad links and failures), welcome.js (notice, Start, resume, routing), intro.js
// (overview and part introductions), runner.js (the items of an open part), finish.js
// (completion and self-identification). /take/#preview=… opens preview.js instead: the
// same screens for a hiring manager, with nothing sent that writes.

import { wireSkipLink } from '../dom.js';
import { register, setLang, browserLang } from '../i18n.js';
import { strings } from './strings.js';
import { K, S, switchLang, chrome, applyBranding } from './shell.js';
import { noInvite } from './problems.js';
import { notice, resume } from './welcome.js';
import { noteEvent, onVisibility, sendOwedFinishOnHide } from './runner.js';
import { previewPayload, startPreview } from './preview.js';

register(strings);

function boot() {
  // A hiring manager's preview: its own screens, no invite, nothing kept or sent that writes.
  const payload = previewPayload(location.hash);
  if (payload) {
    const chosen = localStorage.getItem(K.lang);
    setLang(chosen || browserLang());
    document.getElementById('lang-switch').addEventListener('click', switchLang);
    wireSkipLink();
    applyBranding(null);
    chrome();
    window.addEventListener('hashchange', () => location.reload());
    startPreview(payload, !!chosen);
    return;
  }
  const frag = decodeURIComponent(location.hash.slice(1));
  if (/^sli_[A-Za-z0-9_-]{16,}$/.test(frag)) {
    if (sessionStorage.getItem(K.invite) !== frag) { sessionStorage.removeItem(K.token); sessionStorage.removeItem(K.brand); }
    sessionStorage.setItem(K.invite, frag);
  }
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  S.invite = sessionStorage.getItem(K.invite);
  S.token = sessionStorage.getItem(K.token);

  const chosen = localStorage.getItem(K.lang);
  setLang(chosen || browserLang());
  document.getElementById('lang-switch').addEventListener('click', switchLang);
  wireSkipLink();
  try { applyBranding(JSON.parse(sessionStorage.getItem(K.brand) || 'null')); } catch { applyBranding(null); }
  chrome();

  // An invite link opened in a tab already showing /take/ changes only the fragment.
  window.addEventListener('hashchange', () => { if (/^#sli_/.test(location.hash)) location.reload(); });
  window.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', () => { if (S.saver) S.saver.flushOnHide(); sendOwedFinishOnHide(); });
  window.addEventListener('blur', () => noteEvent('blur'));

  if (S.token) resume();
  else if (S.invite) notice();
  else noInvite();
}

boot();

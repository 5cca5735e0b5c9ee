// @ts-check
// Who is signed in to the console, and every HR API call made as them.
//
// The access token lives in this module's memory only: never in localStorage or
// sessionStorage, where any script on the page could read it for as long as the browser
// keeps it. A reload gets a new one from POST /v1/auth/refresh, which reads the HttpOnly
// refresh cookie the sign-in set (scoped to /v1/auth, so only the auth routes send it,
// and the only calls made with credentials). The token is renewed two minutes before it
// expires, and once more when a call answers 401, before the person is asked to sign in
// again. A 403 re-reads who the person is (GET /v1/me): an owner may have changed their
// role since they signed in.

import { api, ApiError } from '../http.js';

const RANK = { viewer: 1, recruiter: 2, owner: 3 };
const WITH_COOKIE = { credentials: 'same-origin' };
const EARLY = 120; // seconds before expiry to renew

let token = null;
let me = null; // {kind, name, role, organisation: {id, name}}
let restored = false;
let timer = null;
let renewing = null; // the refresh in flight, shared by every call that needs it
const listeners = new Set();

function notify() { for (const fn of listeners) fn(me); }

function setMe(next) {
  const changed = !me || !next || me.role !== next.role || me.name !== next.name || me.organisation?.name !== next.organisation?.name;
  me = next;
  if (changed) notify();
}

/** A signed_in answer: keep its token, renew it before it expires, and note who this is. */
function adopt(res) {
  token = res.accessToken;
  clearTimeout(timer);
  timer = setTimeout(() => { renew().catch(() => {}); }, Math.max(30, (res.expiresIn || 3600) - EARLY) * 1000);
  setMe(res.me);
}

/** Forget the sign-in in this tab (the cookie is the server's to clear: see signOut). */
export function clear() {
  const was = Boolean(token);
  token = null;
  me = null;
  clearTimeout(timer);
  timer = null;
  if (was) notify();
}

export const signedIn = () => Boolean(token);
export const who = () => me;
/** True when the signed-in person's role is `role` or above (viewer < recruiter < owner). */
export const can = (role) => Boolean(me) && (RANK[me.role] || 0) >= (RANK[role] || 99);
/** fn(me) runs whenever who is signed in changes (sign-in, sign-out, another role). */
export function onChange(fn) { listeners.add(fn); }

/** A new access token from the refresh cookie; false (signed out) when the server refuses it. */
function renew() {
  if (!renewing) {
    renewing = api('POST', '/v1/auth/refresh', WITH_COOKIE)
      .then((res) => { adopt(res); return true; })
      .catch((e) => {
        if (e instanceof ApiError && e.status === 401) { clear(); return false; }
        throw e;
      })
      .finally(() => { renewing = null; });
  }
  return renewing;
}

/** On page load: pick up a sign-in from the refresh cookie, once. Throws when the server cannot be reached. */
export async function restore() {
  if (!restored && !token) await renew();
  restored = true;
  return signedIn();
}

/** One sign-in step: the answer is 'signed_in' (adopted here) or the challenge to answer next. */
async function step(path, body) {
  const res = await api('POST', path, { ...WITH_COOKIE, body });
  if (res && res.status === 'signed_in') adopt(res);
  return res;
}

export const signIn = (email, password) => step('/v1/auth/sign-in', { email, password });

/** Answer a challenge from signIn: fields are {newPassword} or {code}. */
export const answer = (challenge, email, fields) => step('/v1/auth/challenge', {
  challenge: challenge.challenge, session: challenge.session, username: challenge.username, email, ...fields,
});

export const forgotPassword = (email) => api('POST', '/v1/auth/forgot-password', { body: { email } });
export const resetPassword = (email, code, newPassword) => api('POST', '/v1/auth/reset-password', { body: { email, code, newPassword } });

/** End the sign-in: the server revokes the refresh token and clears its cookie. */
export async function signOut() {
  try {
    await api('POST', '/v1/auth/sign-out', WITH_COOKIE);
  } finally {
    clear();
  }
}

async function reloadMe() {
  try {
    const fresh = await api('GET', '/v1/me', { token });
    if (token && fresh) setMe(fresh);
  } catch { /* the 403 is what the caller reports */ }
}

/** An HR API call as the signed-in person (same options as api()). */
export async function call(method, path, opts = {}) {
  const used = token;
  try {
    return await api(method, path, { ...opts, token: used });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 403) { await reloadMe(); throw e; }
    if (e.status !== 401) throw e;
    // Renew once (unless another call already did), then try again with the new token.
    if (token === used && !(await renew())) throw e;
    if (!token) throw e;
    return api(method, path, { ...opts, token });
  }
}

/** Read again who is signed in (their organisation's name changed, say). */
export const refreshMe = () => reloadMe();

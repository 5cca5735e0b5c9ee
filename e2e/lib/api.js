// Direct API calls for setting up and checking what the browser did.

export function client(base, token) {
  return async function call(method, path, body, { contentType, raw } = {}) {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    let payload;
    if (body !== undefined) {
      if (typeof body === 'string') { payload = body; headers['Content-Type'] = contentType || 'text/plain'; }
      else { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
    }
    const res = await fetch(base + path, { method, headers, body: payload });
    const text = await res.text();
    if (raw) return { status: res.status, headers: res.headers, text };
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = text; }
    if (!res.ok) {
      const err = new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
      err.status = res.status;
      err.data = data;
      throw err;
    }
    return data;
  };
}

/** Create an assessment from a role and invite candidates by JSON; returns {assessment, invited}. */
export async function assessmentWithInvites(base, key, roleId, names, spec = {}) {
  const hr = client(base, key);
  const assessment = await hr('POST', '/v1/assessments', { roleId, ...spec });
  const res = await hr('POST', `/v1/assessments/${assessment.id}/invites`, { candidates: names.map((name) => ({ name })) });
  return { assessment, invited: res.invited };
}

/**
 * Give the organisation its own self-identification question, as HR does with
 * PUT /v1/organisation; its retention is kept. Only for an organisation still on the
 * default notice (a custom one would come back filled in and be stored that way).
 */
export async function setGroupField(base, key, groupField) {
  const hr = client(base, key);
  const org = await hr('GET', '/v1/organisation');
  if (org.customNotice) throw new Error('setGroupField: the organisation has a custom notice');
  return hr('PUT', '/v1/organisation', { retentionDays: org.retentionDays, groupField });
}

/**
 * Redeem an invite as a candidate does: read the preview (the organisation's notice and
 * its version), then acknowledge that version. Returns the POST /v1/sessions answer.
 */
export async function startViaAPI(base, link) {
  const inviteToken = link.includes('#') ? link.split('#')[1] : link;
  const anon = client(base);
  const preview = await anon('POST', '/v1/invites/preview', { inviteToken });
  return anon('POST', '/v1/sessions', { inviteToken, acknowledged: true, noticeVersion: preview.noticeVersion });
}

/** Redeem an invite and answer every section through the API (a candidate without a browser). */
export async function completeViaAPI(base, link, pick = () => 3) {
  const start = await startViaAPI(base, link);
  const me = client(base, start.sessionToken);
  let seq = start.session.nextSeq;
  for (const sec of start.session.sections) {
    const opened = await me('POST', `/v1/session/sections/${sec.number}/start`);
    const answers = opened.content.items.map((it, i) => ({ item: it.id, value: valueFor(sec.kind, it, i, pick), ms: 1500 }));
    for (let i = 0; i < answers.length; i += 20) {
      await me('PUT', '/v1/session/answers', { seq: seq++, section: sec.number, answers: answers.slice(i, i + 20), events: [] });
    }
    await me('POST', `/v1/session/sections/${sec.number}/finish`);
  }
  return me('POST', '/v1/session/complete');
}

export function valueFor(kind, item, i, pick) {
  switch (kind) {
    case 'likert': return pick(i);
    case 'choice': return i % (item.options?.length || 2);
    case 'sjt': return { best: 0, worst: 1 };
    case 'disc': return { most: i % 4, least: (i + 1) % 4 };
    case 'datavalidation': return { cells: {}, total: 0 };
    case 'writing': return { text: 'Thank you for writing; I will sort this out today.' };
    case 'cases': return { order: (item.task?.cases || []).map((c) => c.id), replies: {} };
    default: return null;
  }
}

/** Sign a person in through the API (no browser): the signed_in answer {accessToken, me, …}. */
export async function signInViaAPI(base, email, password) {
  const res = await client(base)('POST', '/v1/auth/sign-in', { email, password });
  if (res.status !== 'signed_in') throw new Error(`signInViaAPI(${email}): ${res.status} ${res.challenge || ''}`);
  return res;
}

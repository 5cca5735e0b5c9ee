// @ts-check
// The one way the site talks to the API: JSON in and out, a timeout on every call, and
// every failure as an ApiError carrying the API's {"error": {code, message, fields}}.
// Status 0 means the request never got an answer (offline, timeout, connection reset).

export class ApiError extends Error {
  constructor(status, code, message, fields, retryAfter) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || '';
    this.fields = fields || {};
    this.retryAfter = retryAfter || 0;
  }
  /** Worth retrying as is: no answer, a server-side failure, or a rate limit. */
  get transient() {
    return this.status === 0 || this.status === 429 || this.status === 502 || this.status === 503 || this.status === 504 || this.status === 500;
  }
}

/**
 * api('GET', '/v1/session', {token}) → parsed JSON (or null for an empty body).
 * body: an object (sent as JSON) or a string with contentType.
 * credentials: 'omit' (cookies neither sent nor stored) unless a caller needs a cookie,
 * as the console's sign-in routes do ('same-origin': the HttpOnly refresh cookie).
 * @param {string} method
 * @param {string} path
 * @param {{token?: string|null, body?: any, contentType?: string, timeoutMs?: number, keepalive?: boolean, credentials?: string}} [opts]
 */
export async function api(method, path, { token, body, contentType, timeoutMs = 15000, keepalive = false, credentials = 'omit' } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    if (typeof body === 'string') {
      payload = body;
      headers['Content-Type'] = contentType || 'text/plain';
    } else {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
  }
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  let res;
  try {
    res = await fetch(path, {
      method, headers, body: payload, signal: ctrl.signal, keepalive,
      credentials: /** @type {RequestCredentials} */ (credentials), cache: 'no-store', referrerPolicy: 'no-referrer',
    });
  } catch (e) {
    throw new ApiError(0, ctrl.signal.aborted ? 'timeout' : 'network', e && e.message);
  } finally {
    clearTimeout(timer);
  }
  const text = await res.text().catch(() => '');
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const err = (data && data.error) || {};
    const retryAfter = Number(res.headers.get('Retry-After')) || 0;
    throw new ApiError(res.status, err.code || `http_${res.status}`, err.message || res.statusText, err.fields, retryAfter);
  }
  return data;
}

// @ts-check
// Reaching candidates by email, for the invite tab, the candidates' progress and the
// assessment builder (main.js): a pasted list read line by line, the choice between emailing
// the invitations and only creating links, how a candidate's email stands (invited by email,
// bounced, marked as spam), re-sending an invitation with a new link (the old one stops
// working: a confirmation says so first), and the reminders before an emailed invite expires.

import { h } from '../dom.js';
import { t, fmtDate } from '../i18n.js';
import { msg, say, confirmBox, problem } from './ui.js';

export const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;
export const REMINDER_DAYS = [3, 1];

/** "ana.maria_lopez@x.org" → "Ana Maria Lopez": a name for an address given alone. */
export function nameFromEmail(email) {
  const local = String(email).split('@')[0].replace(/\+.*$/, '');
  return local.split(/[._]+/).filter(Boolean).map((w) => w.charAt(0).toLocaleUpperCase() + w.slice(1)).join(' ');
}

const unquote = (s) => s.trim().replace(/^["'“”]+|["'“”]+$/g, '').trim();

/** One pasted line: "Name <email>", "Name, email" (or a tab or ;), "email", or a name alone. */
export function parseLine(text) {
  const s = text.trim();
  let m = /^(.*?)\s*<([^<>]*)>$/.exec(s);
  if (!m) m = /^(.*)[,;\t]\s*([^,;\t]*)$/.exec(s);
  const [name, email] = m ? [unquote(m[1]), m[2].trim()] : s.includes('@') ? ['', s] : [unquote(s), ''];
  return { name: name || (email.includes('@') ? nameFromEmail(email) : ''), email };
}

/**
 * A pasted list, one person a line (blank lines skipped): the rows (with their line number)
 * and what is wrong, each naming its line as {key, vars} (translated when drawn): an address
 * that is not one, a repeated address, a missing name, or (when sending by email) no address.
 * @param {string} text @param {boolean} byEmail
 */
export function parseList(text, byEmail) {
  const rows = [];
  const issues = [];
  const seen = new Map();
  String(text || '').split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    const line = i + 1;
    const row = { line, ...parseLine(raw) };
    rows.push(row);
    const key = row.email.toLowerCase();
    if (row.email && !EMAIL.test(row.email)) issues.push(msg('paste.err.email', { line, email: row.email }));
    else if (key && seen.has(key)) issues.push(msg('paste.err.dup', { line, email: row.email, first: seen.get(key) }));
    else if (!row.email && byEmail) issues.push(msg('paste.err.noemail', { line, name: row.name }));
    if (!row.name) issues.push(msg('paste.err.name', { line }));
    else if (row.name.length > 100) issues.push(msg('paste.err.long', { line }));
    if (key && !seen.has(key)) seen.set(key, line);
  });
  return { rows, issues };
}

/** How invitations go out: 'email' or 'links'. ids deliver-email, deliver-links. */
export function deliveryChoice(value, onchange) {
  return h('fieldset', { class: 'delivery-choice', id: 'deliver', 'aria-describedby': 'deliver-hint' },
    h('legend', {}, t('deliver.legend')),
    h('p', { class: 'hint muted', id: 'deliver-hint' }, t('deliver.hint')),
    h('div', { class: 'options' }, ['email', 'links'].map((v) => h('label', { class: 'option', for: `deliver-${v}` },
      h('input', { type: 'radio', name: 'deliver', id: `deliver-${v}`, value: v, checked: value === v, onchange: () => onchange(v) }),
      h('span', {}, t(`deliver.${v}`))))));
}

/** How a candidate's email stands, for their row: a bounce or complaint said in words, in a red pill. */
export function emailState(c) {
  if (c.emailStatus) {
    return h('span', { class: 'pill bad email-state', dataset: { email: c.emailStatus } },
      t(`email.${c.emailStatus}`, { time: fmtDate(c.emailStatusAt) }));
  }
  if (c.invitedBy === 'email') return h('span', { class: 'muted email-state', dataset: { email: 'sent' } }, t('email.invited'));
  return null;
}

/** Whether a row offers "Re-send invitation": an address, and not finished or expired. */
export const canResend = (c) => Boolean(c.email) && (c.status === 'invited' || c.status === 'started');

/** The console's words for a refused re-send (409/410), from what the row says of the candidate. */
function resendProblem(e, c) {
  if (e.status === 410) return msg('resend.err.expired', { name: c.name });
  if (e.status !== 409) return problem(e);
  if (c.emailStatus) return msg(`resend.err.${c.emailStatus}`, { email: c.email || '' });
  if (!c.email) return msg('resend.err.noemail', { name: c.name });
  if (c.status === 'completed' || c.status === 'scored') return msg('resend.err.finished', { name: c.name });
  if (/bounced|complained/i.test(e.message)) return msg('resend.err.bounced', { email: c.email });
  return msg('resend.err.other', { msg: e.message });
}

/**
 * Re-sending one candidate's invitation: the confirmation (ids resend-*), then the result.
 * rs: {cid, busy, error, done}; c: the candidate's row; after(): re-read the rows.
 * @param {any} app @param {any} a @param {any} c @param {{cid: string|null, busy: boolean, error: any, done: any}} rs @param {() => Promise<any>} after
 */
export function resendPanel(app, a, c, rs, after) {
  if (!c || rs.cid !== c.candidateId) return null;
  const close = () => {
    rs.cid = null;
    rs.error = null;
    app.redraw();
    /** @type {HTMLElement|null} */ (document.querySelector(`#progress tr[data-candidate="${CSS.escape(c.candidateId)}"] button[data-act="resend"]`))?.focus();
  };
  return h('div', { id: 'resend-box' },
    confirmBox({
      id: 'resend', title: t('resend.title', { name: c.name }), body: t('resend.body', { email: c.email || '' }),
      go: t('resend.go', { name: c.name }), busyLabel: t('resend.going'), busy: rs.busy,
      onGo: async () => {
        rs.busy = true;
        rs.error = null;
        app.redraw();
        try {
          const res = await app.hr('POST', `/v1/assessments/${encodeURIComponent(a.id)}/candidates/${encodeURIComponent(c.candidateId)}/invitation`);
          rs.done = msg(res.emailed ? 'resend.done' : 'resend.done.link', { name: c.name, email: c.email || '', time: fmtDate(res.expiresAt) });
          rs.cid = null;
          await after().catch(() => null);
        } catch (e) {
          if (e.status === 401) { app.fail(e); return; }
          rs.error = resendProblem(e, c);
        } finally {
          rs.busy = false;
        }
        app.redraw();
        document.getElementById(rs.error ? 'resend-error' : 'resend-done')?.focus();
      },
      onCancel: close,
    }),
    rs.error ? h('p', { class: 'note bad', role: 'alert', id: 'resend-error', tabindex: '-1' }, say(rs.error)) : null);
}

/** The assessment builder's reminders: one checkbox a day (3 and 1 before expiry); none = no reminders. */
/** @param {() => number[]} chosen @param {(days: number[]) => void} onchange */
export function remindersField(chosen, onchange) {
  return h('fieldset', { class: 'panel', id: 'reminders', 'aria-describedby': 'reminders-hint' },
    h('legend', {}, t('remind.legend')),
    h('p', { class: 'hint muted', id: 'reminders-hint' }, t('remind.hint')),
    REMINDER_DAYS.map((d) => h('label', { class: 'check', for: `remind-${d}` },
      h('input', { type: 'checkbox', id: `remind-${d}`, checked: chosen().includes(d), onchange: (ev) => {
        onchange(ev.currentTarget.checked ? REMINDER_DAYS.filter((x) => x === d || chosen().includes(x)) : chosen().filter((x) => x !== d));
      } }),
      h('span', {}, t('remind.day', { n: d, count: d })))));
}

/** "Reminders 3 and 1 days before expiry" for the assessment's summary. */
export function remindersText(days) {
  if (!Array.isArray(days)) return '';
  if (!days.length) return t('remind.none');
  return t('remind.summary', { days: days.slice().sort((x, y) => y - x).join(t('remind.and')) });
}

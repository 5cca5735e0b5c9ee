// @ts-check
// The development server's outbox (#/outbox): the emails it would have sent (invitations,
// reminders, notices), newest first, each readable as text and as its HTML in a sandboxed
// frame, with "Simulate bounce" to try what a bounced address does. GET /v1/dev/outbox,
// POST /v1/dev/outbox/{id}/bounce. Only the dev server mounts these routes: the menu offers
// the screen only when GET /v1/dev/outbox answers 200 (asked once per page load).
//
// The HTML preview: the frame's document (srcdoc) inherits the console's content security
// policy, whose style-src 'self' refuses the email's inline style attributes. They are
// renamed before the frame is filled and put back through the CSSOM (which the policy does
// not govern) once it has loaded; the frame runs no script (sandbox without allow-scripts,
// and script-src 'self' besides).
// Should the frame stay empty all the same, the text part is what is shown.

import { h, mount, focusHeading } from '../dom.js';
import { api } from '../http.js';
import { t, fmtDate } from '../i18n.js';
import { msg, say, draft, note, actions } from './ui.js';

const enc = encodeURIComponent;
const LIMIT = 50;

let available = null;
/** Whether this server keeps an outbox (the dev server): asked once, without credentials. */
export function outboxAvailable() {
  if (!available) available = api('GET', '/v1/dev/outbox?limit=1').then(() => true, () => false);
  return available;
}

const kindLabel = (k) => { const s = t(`outbox.kind.${k}`); return s === `outbox.kind.${k}` ? k : s; };

/**
 * The email's HTML with its inline style attributes renamed data-sl-style, so the frame's
 * parser never meets a style attribute the policy would refuse (and report). Done on the
 * text: a DOMParser document shares the console's policy and would report them itself.
 */
const inertHTML = (html) => String(html).replace(/(<[a-z][^<>]*?\s)style=/gi, '$1data-sl-style=');

/** The sandboxed preview; calls fallback() when the frame could not show the email. */
function preview(m, fallback) {
  const frame = /** @type {HTMLIFrameElement} */ (h('iframe', {
    id: 'mail-html', class: 'mail-frame', title: t('outbox.html.title', { subject: m.subject }),
    sandbox: 'allow-same-origin', referrerpolicy: 'no-referrer',
  }));
  frame.addEventListener('load', () => {
    const doc = frame.contentDocument;
    if (!doc || !doc.body || !doc.body.childElementCount) { fallback(); return; }
    for (const el of doc.querySelectorAll('[data-sl-style]')) {
      /** @type {HTMLElement} */ (el).style.cssText = el.getAttribute('data-sl-style') || '';
    }
    // Links open outside the preview, in a new tab (never inside the frame).
    for (const a of doc.querySelectorAll('a[href]')) { a.setAttribute('target', '_blank'); a.setAttribute('rel', 'noopener noreferrer'); }
    frame.style.height = `${Math.min(1200, doc.documentElement.scrollHeight + 16)}px`;
  }, { once: true });
  frame.srcdoc = inertHTML(m.html);
  return frame;
}

/** #/outbox */
export async function outboxScreen(app, keep) {
  app.loading();
  let box = await app.hr('GET', `/v1/dev/outbox?limit=${LIMIT}`);
  const st = draft(app, 'outbox', keep, () => ({ reading: null, htmlFailed: false, busy: false, error: null, status: null }));
  const messages = () => box.messages || [];
  const reload = async () => { box = await app.hr('GET', `/v1/dev/outbox?limit=${LIMIT}`); };
  const act = actions(app, st, { reload, errorId: 'outbox-error' });

  const open = (id) => {
    st.reading = id;
    st.htmlFailed = false;
    st.status = null;
    st.error = null;
    app.redraw();
    focusHeading(document.getElementById('mail-h'));
  };

  const reader = () => {
    const m = st.reading && messages().find((x) => x.id === st.reading);
    if (!m) return null;
    const tags = m.tags || {};
    const htmlBox = h('div', { id: 'mail-html-box' });
    const drawHTML = () => mount(htmlBox, st.htmlFailed || !m.html
      ? h('p', { class: 'note', id: 'mail-html-off' }, t('outbox.html.off'))
      : preview(m, () => { st.htmlFailed = true; drawHTML(); }));
    drawHTML();
    return h('section', { class: 'card mail', id: 'mail', 'aria-labelledby': 'mail-h' },
      h('h2', { id: 'mail-h', tabindex: '-1' }, m.subject),
      h('dl', { class: 'kv', id: 'mail-meta' },
        h('dt', {}, t('outbox.to')), h('dd', { id: 'mail-to' }, m.to),
        h('dt', {}, t('outbox.kind')), h('dd', {}, kindLabel(tags.kind || '')),
        h('dt', {}, t('outbox.sent')), h('dd', {}, fmtDate(m.sentAt))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'danger', id: 'mail-bounce', disabled: st.busy, onclick: () => act(
          () => app.hr('POST', `/v1/dev/outbox/${enc(m.id)}/bounce`),
          { ok: msg('outbox.bounced', { to: m.to }), focusId: 'outbox-status' }),
        }, t('outbox.bounce')),
        h('button', { type: 'button', class: 'secondary', id: 'mail-close', onclick: () => {
          st.reading = null;
          app.redraw();
          /** @type {HTMLElement|null} */ (document.querySelector(`#outbox tr[data-message="${CSS.escape(m.id)}"] button`))?.focus();
        } }, t('outbox.close'))),
      h('p', { class: 'muted' }, t('outbox.bounce.hint')),
      h('h3', {}, t('outbox.text')),
      h('pre', { class: 'mail-text', id: 'mail-text', tabindex: '0', 'aria-label': t('outbox.text') }, m.text || ''),
      h('h3', {}, t('outbox.html')),
      htmlBox);
  };

  app.screen(() => t('outbox.title'), () => {
    const h1 = h('h1', {}, t('outbox.title'));
    const list = messages();
    mount(app.main(), h1,
      h('p', { class: 'note warn', id: 'outbox-dev' }, t('outbox.lead')),
      h('div', { role: 'status', id: 'outbox-status-box' }, st.status ? h('p', { class: 'note ok', id: 'outbox-status', tabindex: '-1' }, say(st.status)) : null),
      st.error ? note(st.error, { id: 'outbox-error' }) : null,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'outbox-refresh', disabled: st.busy,
        onclick: () => act(async () => null, { ok: msg('outbox.refreshed', { n: 0 }), focusId: 'outbox-refresh' }) }, t('prog.refresh'))),
      list.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'outbox' },
        h('caption', { class: 'visually-hidden' }, t('outbox.title')),
        h('thead', {}, h('tr', {}, [t('outbox.to'), t('outbox.subject'), t('outbox.kind'), t('outbox.sent'), t('team.actions')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, list.map((m) => h('tr', { dataset: { message: m.id, to: m.to, kind: (m.tags || {}).kind || '', candidate: (m.tags || {}).candidate || '' }, class: m.id === st.reading ? 'current' : null },
          h('td', {}, m.to),
          h('th', { scope: 'row' }, m.subject),
          h('td', {}, kindLabel((m.tags || {}).kind || '')),
          h('td', {}, fmtDate(m.sentAt)),
          h('td', {}, h('button', { type: 'button', class: 'secondary', 'aria-current': m.id === st.reading ? 'true' : null, onclick: () => open(m.id) },
            t('outbox.read'), h('span', { class: 'visually-hidden' }, `: ${m.subject}, ${m.to}`)))))))) :
        h('p', { class: 'note', id: 'outbox-none' }, t('outbox.none')),
      reader());
    return h1;
  }, keep);
}

// @ts-check
// Webhooks, for owners (#/webhooks): the endpoints an applicant tracking system gives
// Shortlist (https, public addresses only), each with the events it wants; its signing
// secret shown once when it is added or rotated (the previous secret keeps signing for 24 h
// after a rotation); deleted after a confirmation; and its deliveries (status, attempts,
// time), each of which can be sent again. GET/POST/DELETE /v1/webhooks, …/rotate,
// …/deliveries and …/deliveries/{id}/replay. Plumbing from main.js through `app`.

import { h, mount, focusHeading } from '../dom.js';
import { t, fmtDate } from '../i18n.js';
import { msg, say, field, focusFirstInvalid, draft, problem, confirmBox, note, secretBox, actions } from './ui.js';

const enc = encodeURIComponent;
export const EVENTS = ['candidate.completed', 'candidate.scored', 'report.ready', 'decision.recorded', 'candidate.erased'];
const DELIVERY_PAGE = 20;
const DELIVERY_PILL = { delivered: 'ok', pending: 'brand', retrying: 'warn', failed: 'bad', gone: 'bad', cancelled: '' };

/** #/webhooks */
export async function webhooksScreen(app, keep) {
  app.loading();
  let list = await app.hr('GET', '/v1/webhooks');
  const st = draft(app, 'webhooks', keep, () => ({
    form: { url: '', events: EVENTS.slice(), errors: {}, busy: false },
    made: null,       // {webhook, secret, rotated}: the secret, shown until "Done"
    deleting: null,   // the webhookId being deleted (confirmation shown)
    open: null,       // {webhookId, deliveries, next, fresh}: the deliveries shown
    busy: false, error: null, status: null,
  }));
  const hooks = () => (list.webhooks || []).slice().sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
  const hookOf = (id) => hooks().find((w) => w.webhookId === id);
  /** The open endpoint's deliveries: the next page (more), or again as many as are shown. */
  const loadDeliveries = async (id, more) => {
    const cur = st.open && st.open.webhookId === id ? st.open : null;
    const shown = cur ? cur.deliveries.length : 0;
    const q = more && cur && cur.next ? `limit=${DELIVERY_PAGE}&cursor=${enc(cur.next)}` : `limit=${Math.min(200, Math.max(DELIVERY_PAGE, shown))}`;
    const page = await app.hr('GET', `/v1/webhooks/${enc(id)}/deliveries?${q}`);
    st.open = { webhookId: id, deliveries: (more && cur ? cur.deliveries : []).concat(page.deliveries || []), next: page.next || '' };
  };
  const reload = async () => {
    list = await app.hr('GET', '/v1/webhooks');
    if (st.open && !hookOf(st.open.webhookId)) st.open = null;
    if (st.open && !st.open.fresh) await loadDeliveries(st.open.webhookId, false);
    if (st.open) st.open.fresh = false;
  };
  const act = actions(app, st, { reload, errorId: 'hooks-error' });
  /** Deliveries read by work() are not read again at once. */
  const fresh = (work) => async () => { await work(); st.open.fresh = true; };

  const eventNames = (events) => (events && events.length ? events : EVENTS).map((e) => t(`hook.ev.${e}`)).join(', ');

  const hookRow = (w) => {
    const label = h('span', { class: 'visually-hidden' }, `: ${w.url}`);
    const shown = st.open && st.open.webhookId === w.webhookId;
    return h('tr', { dataset: { webhook: w.webhookId, status: w.status } },
      h('th', { scope: 'row' }, h('code', { class: 'hook-url' }, w.url)),
      h('td', {}, eventNames(w.events)),
      h('td', {}, h('span', { class: `pill ${w.status === 'active' ? 'ok' : 'bad'}` }, t(`hook.status.${w.status}`)),
        w.disabledReason ? h('span', { class: 'muted' }, h('br'), w.disabledReason) : null),
      h('td', {}, fmtDate(w.createdAt),
        w.previousSecretUntil && new Date(w.previousSecretUntil) > new Date()
          ? h('span', { class: 'muted' }, h('br'), t('hook.prev.until', { time: fmtDate(w.previousSecretUntil) })) : null),
      h('td', {}, h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'secondary', dataset: { act: 'deliveries' }, 'aria-expanded': String(Boolean(shown)), disabled: st.busy, onclick: async () => {
          if (shown) { st.open = null; app.redraw(); return; }
          await act(fresh(() => loadDeliveries(w.webhookId, false)), { focusId: 'deliveries-h' });
        } }, t(shown ? 'hook.deliveries.hide' : 'hook.deliveries'), label.cloneNode(true)),
        h('button', { type: 'button', class: 'secondary', dataset: { act: 'rotate' }, disabled: st.busy, onclick: () => act(
          () => app.hr('POST', `/v1/webhooks/${enc(w.webhookId)}/rotate`),
          { after: (res) => { st.made = { ...res, rotated: true }; st.deleting = null; }, focusId: 'hook-made-h' }),
        }, t('hook.rotate'), label.cloneNode(true)),
        h('button', { type: 'button', class: 'danger', dataset: { act: 'delete' }, disabled: st.busy, onclick: () => {
          st.deleting = w.webhookId;
          st.error = null;
          st.status = null;
          app.redraw();
          focusHeading(document.getElementById('hook-delete-h'));
        } }, t('hook.delete'), label))));
  };

  const deletePanel = () => {
    const w = st.deleting && hookOf(st.deleting);
    if (!w) return null;
    return confirmBox({
      id: 'hook-delete', title: t('hook.delete.title', { url: w.url }), body: t('hook.delete.body'),
      go: t('hook.delete.go'), busyLabel: t('hook.deleting'), busy: st.busy,
      onGo: () => act(() => app.hr('DELETE', `/v1/webhooks/${enc(w.webhookId)}`), {
        ok: msg('hook.deleted', { url: w.url }), focusId: 'hooks-status',
        after: () => {
          st.deleting = null;
          if (st.open && st.open.webhookId === w.webhookId) st.open = null;
          if (st.made && st.made.webhook.webhookId === w.webhookId) st.made = null;
        },
      }),
      onCancel: () => {
        st.deleting = null;
        app.redraw();
        /** @type {HTMLElement|null} */ (document.querySelector(`#webhooks tr[data-webhook="${CSS.escape(w.webhookId)}"] button[data-act="delete"]`))?.focus();
      },
    });
  };

  // The secret of a new or rotated endpoint: only in this screen's state.
  const made = () => {
    const m = st.made;
    if (!m) return null;
    return secretBox({
      id: 'hook', title: t(m.rotated ? 'hook.rotated' : 'hook.made', { url: m.webhook.url }), once: t('hook.once'),
      extra: m.rotated ? h('p', { id: 'hook-prev' }, t('hook.prev', { time: fmtDate(m.webhook.previousSecretUntil) })) : null,
      secret: m.secret, copyLabel: t('hook.copy'), copied: t('hook.copied'), doneLabel: t('keys.made.done'),
      onDone: () => {
        st.made = null;
        app.redraw();
        document.getElementById('hook-url')?.focus();
      },
    });
  };

  const attemptsText = (d) => {
    const n = (d.attempts || []).length;
    const last = n ? d.attempts[n - 1] : null;
    const what = last ? (last.status ? `HTTP ${last.status}` : (last.error || '')) : '';
    return [t('hook.attempts.n', { n, count: n }), what].filter(Boolean).join(' · ');
  };

  const deliveriesPanel = () => {
    const o = st.open;
    const w = o && hookOf(o.webhookId);
    if (!w) return null;
    return h('section', { class: 'panel', id: 'deliveries', 'aria-labelledby': 'deliveries-h' },
      h('h3', { id: 'deliveries-h', tabindex: '-1' }, t('hook.deliveries.title', { url: w.url })),
      h('p', { class: 'muted' }, t('hook.deliveries.lead')),
      o.deliveries.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'delivery-list' },
        h('caption', { class: 'visually-hidden' }, t('hook.deliveries.title', { url: w.url })),
        h('thead', {}, h('tr', {}, [t('hook.event'), t('team.status'), t('hook.attempts'), t('hook.time'), t('team.actions')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, o.deliveries.map((d) => h('tr', { dataset: { delivery: d.deliveryId, status: d.status } },
          h('th', { scope: 'row' }, t(`hook.ev.${d.event}`), d.replayOf ? h('span', { class: 'muted' }, ` ${t('hook.replayed')}`) : null),
          h('td', {}, h('span', { class: `pill ${DELIVERY_PILL[d.status] || ''}` }, t(`hook.d.${d.status}`)),
            d.nextAttemptAt ? h('span', { class: 'muted' }, h('br'), t('hook.next', { time: fmtDate(d.nextAttemptAt) })) : null),
          h('td', {}, attemptsText(d)),
          h('td', {}, fmtDate(d.createdAt)),
          h('td', {}, h('button', { type: 'button', class: 'secondary', dataset: { act: 'replay' }, disabled: st.busy || w.status !== 'active', onclick: () => act(
            () => app.hr('POST', `/v1/webhooks/${enc(w.webhookId)}/deliveries/${enc(d.deliveryId)}/replay`),
            { ok: msg('hook.replay.done'), focusId: 'hooks-status' }),
          }, t('hook.replay'), h('span', { class: 'visually-hidden' }, `: ${t(`hook.ev.${d.event}`)}, ${fmtDate(d.createdAt)}`)))))))) :
        h('p', { class: 'note', id: 'deliveries-none' }, t('hook.deliveries.none')),
      o.next ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'deliveries-more', disabled: st.busy, onclick: () => act(
        fresh(() => loadDeliveries(w.webhookId, true)), { focusId: 'deliveries-more' }),
      }, t('hook.deliveries.more'))) : null);
  };

  const addForm = () => {
    const f = st.form;
    const url = h('input', { type: 'url', inputmode: 'url', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', maxlength: '2048',
      placeholder: 'https://', value: f.url, oninput: (ev) => { f.url = ev.currentTarget.value; } });
    const boxes = h('fieldset', { id: 'hook-events', 'aria-describedby': f.errors.events ? 'hook-events-err' : null },
      h('legend', {}, t('hook.events')),
      EVENTS.map((e) => h('label', { class: 'check', for: `ev-${e.replace('.', '-')}` },
        h('input', { type: 'checkbox', id: `ev-${e.replace('.', '-')}`, value: e, checked: f.events.includes(e), 'aria-invalid': f.errors.events ? 'true' : null, onchange: (ev) => {
          f.events = ev.currentTarget.checked ? EVENTS.filter((x) => x === e || f.events.includes(x)) : f.events.filter((x) => x !== e);
        } }),
        h('span', {}, t(`hook.ev.${e}`), h('span', { class: 'muted hint-inline' }, ` (${e})`)))),
      f.errors.events ? h('p', { class: 'error-text field-error', id: 'hook-events-err' }, say(f.errors.events)) : null);
    const form = h('form', { class: 'panel compact', id: 'hook-form', novalidate: true, 'aria-labelledby': 'hook-form-h' },
      h('h2', { id: 'hook-form-h' }, t('hook.new')),
      Object.keys(f.errors).length ? h('p', { class: 'note bad', role: 'alert', id: 'hook-errors' }, f.errors.form ? say(f.errors.form) : t('form.errors')) : null,
      field('hook-url', t('hook.url'), url, { hint: t('hook.url.hint'), error: say(f.errors.url) }),
      boxes,
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'hook-create', disabled: f.busy }, f.busy ? t('keys.creating') : t('hook.create'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (f.busy) return;
      f.errors = {};
      const addr = f.url.trim();
      if (!/^https:\/\/[^\s/]+/i.test(addr)) f.errors.url = msg(addr ? 'hook.err.https' : 'hook.err.url');
      if (!f.events.length) f.errors.events = msg('hook.err.events');
      if (!Object.keys(f.errors).length) {
        f.busy = true;
        app.redraw();
        try {
          const res = await app.hr('POST', '/v1/webhooks', { body: { url: addr, events: f.events } });
          await reload();
          st.made = { ...res, rotated: false };
          f.url = '';
          f.events = EVENTS.slice();
        } catch (e) {
          if (e.status === 401) { app.fail(e); return; }
          if (e.fields && e.fields.url) f.errors.url = msg(/https/.test(e.fields.url) && !/public/.test(e.fields.url) ? 'hook.err.https' : 'hook.err.private');
          else f.errors.form = e.status === 409 ? msg('hook.err.many') : problem(e);
        } finally {
          f.busy = false;
        }
      }
      app.redraw();
      if (!focusFirstInvalid(app.main())) document.getElementById(st.made ? 'hook-made-h' : 'hook-errors')?.focus();
    });
    return form;
  };

  app.screen(() => t('hook.title'), () => {
    const h1 = h('h1', {}, t('hook.title'));
    const rows = hooks();
    mount(app.main(), h1,
      h('p', {}, t('hook.lead')),
      h('div', { role: 'status', id: 'hooks-status-box' }, st.status ? h('p', { class: 'note ok', id: 'hooks-status', tabindex: '-1' }, say(st.status)) : null),
      st.error ? note(st.error, { id: 'hooks-error' }) : null,
      made(),
      rows.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'webhooks' },
        h('caption', { class: 'visually-hidden' }, t('hook.title')),
        h('thead', {}, h('tr', {}, [t('hook.url'), t('hook.events'), t('team.status'), t('keys.created'), t('team.actions')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows.map(hookRow)))) : h('p', { class: 'note', id: 'hooks-none' }, t('hook.none')),
      deletePanel(),
      deliveriesPanel(),
      addForm());
    return h1;
  }, keep);
}

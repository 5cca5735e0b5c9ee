// @ts-check
// The candidates of one assessment: the progress tab (#/a/<id>/candidates: status counts,
// the list by latest activity, auto-refresh, re-sending an invitation) and the invite tab
// (#/a/<id>/invite: typed rows, a pasted list or a CSV file, by email or as links; the
// links shown once, to copy or download).

import { h, mount, focusHeading, announce, download } from '../dom.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { problem, say, msg, copyAndSay, draft } from './ui.js';
import { parseList, deliveryChoice, emailState, canResend, resendPanel } from './outreach.js';
import { configSummary } from './assessments.js';

export async function candidatesTab(app, a, frame, keep) {
  const { hr, screen, can, fail } = app;
  const base = `/v1/assessments/${encodeURIComponent(a.id)}/candidates`;
  // The list comes in pages of up to 500: load the first `pages` of them.
  let pages = 1;
  const load = async () => {
    let candidates = [];
    let next = '';
    for (let n = 0; n < pages; n++) {
      const d = await hr('GET', next ? `${base}?cursor=${encodeURIComponent(next)}` : base);
      candidates = candidates.concat(d.candidates || []);
      next = d.next || '';
      if (!next) break;
    }
    return { candidates, next };
  };
  let data = await load();
  let updated = new Date();
  let auto = true;
  // Re-sending an invitation: the candidate asked about, and how it went (kept across a language switch).
  const rs = draft(app, `resend:${a.id}`, keep, () => ({ cid: null, busy: false, error: null, done: null }));
  const flash = app.takeFlash();
  const draw = (keepFocus) => screen(() => `${t('a.tab.candidates')} · ${a.config.name}`, () => {
    // Latest activity first (completed, else started, else invited), then by name.
    const when = (c) => String(c.completedAt || c.startedAt || c.invitedAt || '');
    const list = (data.candidates || []).slice().sort((x, y) => when(y).localeCompare(when(x)) || String(x.name).localeCompare(String(y.name)));
    const counts = {};
    for (const c of list) counts[c.status] = (counts[c.status] || 0) + 1;
    return frame(t('prog.title'),
      flash ? h('p', { class: 'note ok', id: 'flash', role: 'status' }, t(flash.key, flash.vars)) : null,
      configSummary(a),
      h('ul', { class: 'counts', 'aria-label': t('prog.status') }, Object.entries(counts).map(([s, n]) => h('li', { class: `pill ${pillOf(s)}` }, t('prog.counts', { n, status: t(`st.${s}`) })))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'refresh', onclick: () => reload(true) }, t('prog.refresh')),
        h('label', { class: 'check', for: 'auto' }, h('input', { type: 'checkbox', id: 'auto', checked: auto, onchange: (ev) => { auto = ev.currentTarget.checked; } }), h('span', {}, t('prog.auto')))),
      h('p', { class: 'muted', id: 'updated' }, t('prog.updated', { time: fmtDate(updated.toISOString()) })),
      data.next ? h('p', { class: 'muted' }, t('prog.partial', { n: list.length }), ' ',
        h('button', { type: 'button', class: 'secondary', id: 'more', onclick: async () => { pages++; await reload(false); document.getElementById('more')?.focus(); } }, t('prog.more'))) : null,
      h('div', { role: 'status', id: 'resend-done-box' }, rs.done ? h('p', { class: 'note ok', id: 'resend-done', tabindex: '-1' }, say(rs.done)) : null),
      resendPanel(app, a, list.find((c) => c.candidateId === rs.cid), rs, () => reload(false)),
      list.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'progress' },
        h('caption', { class: 'visually-hidden' }, t('prog.title')),
        h('thead', {}, h('tr', {}, [t('rank.name'), t('prog.status'), t('prog.started'), t('prog.completed'), t('prog.extra'), t('prog.detail'),
          can('recruiter') ? t('prog.invitation') : null].filter(Boolean).map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, list.map((c) => h('tr', { dataset: { candidate: c.candidateId, status: c.status, email: c.emailStatus || '' } },
          h('th', { scope: 'row' }, c.name, c.email ? h('span', { class: 'muted' }, h('br'), c.email) : null),
          h('td', {}, h('span', { class: `pill ${pillOf(c.status)}` }, t(`st.${c.status}`)), c.status === 'started' && c.section ? ` · ${t('st.in', { n: c.section })}` : '',
            emailState(c) ? [h('br'), emailState(c)] : null),
          h('td', {}, fmtDate(c.startedAt)),
          h('td', {}, fmtDate(c.completedAt)),
          h('td', { class: 'num' }, `×${fmtNumber(c.extraTime || 1)}`),
          h('td', {}, h('a', { href: `#/a/${encodeURIComponent(a.id)}/c/${encodeURIComponent(c.candidateId)}`, 'aria-label': t('prog.detail.label', { name: c.name }) }, t('prog.detail'))),
          can('recruiter') ? h('td', {}, canResend(c) ? h('button', { type: 'button', class: 'secondary', dataset: { act: 'resend' }, disabled: rs.busy, onclick: () => {
            Object.assign(rs, { cid: c.candidateId, error: null, done: null });
            draw(true);
            focusHeading(document.getElementById('resend-h'));
          } }, t('resend.open'), h('span', { class: 'visually-hidden' }, `: ${c.name}`)) : null) : null))))) :
        h('p', { class: 'note' }, t('prog.empty'), can('recruiter') ? [' ', h('a', { href: `#/a/${encodeURIComponent(a.id)}/invite` }, t('a.tab.invite'))] : null));
  }, keepFocus);
  const reload = async (announceIt) => {
    try {
      data = await load();
      updated = new Date();
      const focusId = document.activeElement && document.activeElement.id;
      draw(true);
      if (focusId) document.getElementById(focusId)?.focus();
      if (announceIt) announce(t('prog.updated', { time: fmtDate(updated.toISOString()) }));
    } catch (e) {
      if (e.status === 401) fail(e);
    }
  };
  draw(keep);
  app.every(() => { if (auto && document.visibilityState === 'visible') reload(false); }, 10000);
}

function pillOf(status) {
  return { completed: 'ok', scored: 'ok', started: 'brand', expired: 'bad' }[status] || '';
}

// ---- invite

/** The invite forms per assessment (rows typed, a pasted list, errors shown): kept across a language switch. */
const inviteViews = new Map();
const blankRow = () => ({ name: '', email: '', externalId: '', extraTime: '1' });

/** The e-mail addresses of a CSV upload's rows ('' when a row has none): its header names the column. */
function csvEmails(text) {
  const lines = String(text).split(/\r?\n/).filter((l) => l.trim());
  const col = (lines.shift() || '').split(',').map((x) => x.trim().replace(/^"|"$/g, '').toLowerCase()).indexOf('email');
  return lines.map((l) => (col < 0 ? '' : (l.split(',')[col] || '').trim().replace(/^"|"$/g, '')));
}

export function inviteTab(app, a, frame, keep) {
  const { hr, screen, fail } = app;
  if (!inviteViews.has(a.id)) {
    inviteViews.set(a.id, {
      rows: [blankRow()], error: '', csvError: '', fieldErrors: {},
      send: null,      // 'email' | 'links' once chosen; until then it follows the rows (email when each has an address)
      paste: '', pasteError: null, pasteServer: [], csvRows: [],
    });
  }
  const st = inviteViews.get(a.id);
  /** Every row HR has given so far: typed (with something in it), pasted, and the chosen CSV file's. */
  const emailsGiven = () => [
    ...st.rows.filter((r) => r.name.trim() || r.email.trim()).map((r) => r.email.trim()),
    ...parseList(st.paste, false).rows.map((r) => r.email),
    ...st.csvRows,
  ];
  const sendMode = () => st.send || (emailsGiven().every(Boolean) ? 'email' : 'links');
  /** The shown choice follows the rows until HR picks one. */
  const syncSend = () => {
    const el = /** @type {HTMLInputElement|null} */ (document.getElementById(`deliver-${sendMode()}`));
    if (el && !el.checked) el.checked = true;
  };

  const draw = (keepFocus) => screen(() => `${t('a.tab.invite')} · ${a.config.name}`, () => {
    const result = app.invited.get(a.id);
    const byEmail = sendMode() === 'email';
    const rows = st.rows.map((r, i) => {
      const n = i + 1;
      const f = (key, label, type, extra = {}) => {
        const id = `r${n}-${key}`;
        const err = st.fieldErrors[`${i}.${key}`];
        const desc = [extra.hint ? `${id}-hint` : null, err ? `${id}-err` : null].filter(Boolean).join(' ') || null;
        return h('div', { class: 'field' },
          h('label', { for: id }, label),
          extra.hint ? h('span', { class: 'hint', id: `${id}-hint` }, extra.hint) : null,
          h('input', { id, type, value: r[key], 'aria-describedby': desc, 'aria-invalid': err ? 'true' : null,
            autocomplete: 'off', ...extra.attrs, oninput: (ev) => { r[key] = ev.currentTarget.value; syncSend(); } }),
          err ? h('p', { class: 'error-text', id: `${id}-err` }, t(err)) : null);
      };
      return h('fieldset', { class: 'card' },
        h('legend', {}, t('inv.row', { n })),
        f('name', t('inv.name'), 'text', { attrs: { required: true } }),
        f('email', t(byEmail ? 'inv.email.needed' : 'inv.email'), 'email'),
        f('externalId', t('inv.ext'), 'text'),
        f('extraTime', t('inv.extra'), 'number', { hint: t('inv.extra.hint'), attrs: { min: '1', max: '3', step: '0.05', inputmode: 'decimal' } }),
        st.rows.length > 1 ? h('button', { type: 'button', class: 'danger', onclick: () => { st.rows.splice(i, 1); draw(true); } }, t('inv.removerow', { n })) : null);
    });
    const form = h('form', { novalidate: true, id: 'invite-form' },
      h('h3', {}, t('inv.form')), rows,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'add-row', onclick: () => { st.rows.push(blankRow()); draw(true); document.getElementById(`r${st.rows.length}-name`)?.focus(); } }, t('inv.addrow')),
        h('button', { type: 'submit', id: 'invite-send' }, t(byEmail ? 'inv.send.email' : 'inv.send'))),
      st.error ? h('p', { class: 'note bad', role: 'alert' }, st.error) : null);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const mode = sendMode();
      // Sending by email needs an address on every row: said beside each field without one.
      st.fieldErrors = {};
      if (mode === 'email') st.rows.forEach((r, i) => { if (!r.email.trim()) st.fieldErrors[`${i}.email`] = 'inv.err.email.needed'; });
      if (Object.keys(st.fieldErrors).length) {
        st.error = t('inv.err.fields', { n: Object.keys(st.fieldErrors).length });
        draw(true);
        /** @type {HTMLElement|null} */ (document.querySelector('#invite-form [aria-invalid="true"]'))?.focus();
        return;
      }
      const candidates = st.rows.map((r) => {
        const c = { name: r.name.trim() };
        if (r.email.trim()) c.email = r.email.trim();
        if (r.externalId.trim()) c.externalId = r.externalId.trim();
        const x = Number(String(r.extraTime).replace(',', '.'));
        if (x && x !== 1) c.extraTime = x;
        return c;
      });
      await send({ body: { candidates, send: mode } }, 'error');
    });

    // A pasted list: read as it is typed, what is wrong said beside it, line by line.
    const pasteIssues = h('div', { id: 'paste-issues' });
    const pastePreview = h('div', { id: 'paste-preview' });
    const area = /** @type {HTMLTextAreaElement} */ (h('textarea', { rows: '6', spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off',
      oninput: (ev) => { st.paste = ev.currentTarget.value; st.pasteServer = []; syncSend(); drawPaste(); } }));
    area.value = st.paste;
    const drawPaste = () => {
      const { rows: people, issues } = parseList(st.paste, sendMode() === 'email');
      const all = [...issues, ...st.pasteServer];
      area.setAttribute('aria-invalid', all.length ? 'true' : 'false');
      area.setAttribute('aria-describedby', ['paste-text-hint', all.length ? 'paste-issues' : null].filter(Boolean).join(' '));
      mount(pasteIssues, all.length ? h('ul', { class: 'error-text field-error issue-list' }, all.map((m) => h('li', {}, say(m)))) : null);
      mount(pastePreview, people.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'paste-rows' },
        h('caption', {}, t('paste.found', { n: people.length, count: people.length })),
        h('thead', {}, h('tr', {}, [t('paste.line'), t('inv.name'), t('paste.email')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, people.map((p) => h('tr', { dataset: { line: String(p.line) } },
          h('td', { class: 'num' }, String(p.line)), h('th', { scope: 'row' }, p.name), h('td', {}, p.email)))))) : null);
    };
    drawPaste();
    const pasteForm = h('form', { novalidate: true, id: 'paste-form', class: 'panel', 'aria-labelledby': 'paste-h' },
      h('h3', { id: 'paste-h' }, t('paste.title')),
      st.pasteError ? h('p', { class: 'note bad', role: 'alert', id: 'paste-errors', tabindex: '-1' }, typeof st.pasteError === 'string' ? st.pasteError : say(st.pasteError)) : null,
      h('div', { class: 'field' },
        h('label', { for: 'paste-text' }, t('paste.label')),
        h('span', { class: 'hint', id: 'paste-text-hint' }, t('paste.hint')),
        area, pasteIssues),
      pastePreview,
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'paste-send' }, t(byEmail ? 'paste.send.email' : 'paste.send'))));
    area.id = 'paste-text';
    pasteForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const mode = sendMode();
      const { rows: people, issues } = parseList(st.paste, mode === 'email');
      st.pasteError = null;
      st.pasteServer = [];
      if (!people.length || issues.length) {
        st.pasteError = people.length ? msg('paste.err.summary', { n: issues.length, count: issues.length }) : msg('paste.err.empty');
        draw(true);
        document.getElementById('paste-text')?.focus();
        return;
      }
      await send({ body: { candidates: people.map((p) => (p.email ? { name: p.name, email: p.email } : { name: p.name })), send: mode } }, 'paste', people);
    });

    const file = h('input', { type: 'file', id: 'csv-file', accept: '.csv,text/csv', 'aria-describedby': 'csv-hint', onchange: async () => {
      const f = file.files && file.files[0];
      st.csvRows = f ? csvEmails(await f.text()) : [];
      syncSend();
    } });
    const csvForm = h('form', { novalidate: true, id: 'csv-form', class: 'panel' },
      h('h3', {}, t('inv.csv')),
      h('p', { class: 'hint', id: 'csv-hint' }, t('inv.csv.hint')),
      h('div', { class: 'field' }, h('label', { for: 'csv-file' }, t('inv.csv.file')), file),
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'csv-send' }, t('inv.csv.send'))),
      st.csvError ? h('p', { class: 'note bad', role: 'alert' }, st.csvError) : null);
    csvForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const f = file.files && file.files[0];
      if (!f) { st.csvError = t('inv.csv.none'); draw(true); document.getElementById('csv-file').focus(); return; }
      const text = await f.text();
      st.csvRows = csvEmails(text);
      await send({ body: text, contentType: 'text/csv', query: `?send=${sendMode()}` }, 'csvError');
    });
    const choice = deliveryChoice(sendMode(), (v) => { st.send = v; draw(true); document.getElementById(`deliver-${v}`)?.focus(); });
    return frame(t('inv.title'), result ? resultView(result) : null, choice, pasteForm, csvForm, form);
  }, keepFocus);

  /**
   * POST the invites; errKey says which form asked: 'error' (typed rows), 'paste' (the list:
   * `people` are its rows, to name a row's line) or 'csvError'.
   * @param {{body: any, contentType?: string, query?: string}} req @param {string} errKey @param {any[]} [people]
   */
  const send = async ({ query = '', ...opts }, errKey, people = []) => {
    st.error = '';
    st.csvError = '';
    st.pasteError = null;
    const btns = /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll('#invite-send, #csv-send, #paste-send')]);
    btns.forEach((b) => { b.disabled = true; });
    announce(t('inv.sending'));
    try {
      const res = await hr('POST', `/v1/assessments/${encodeURIComponent(a.id)}/invites${query}`, opts);
      app.invited.set(a.id, res);
      st.fieldErrors = {};
      if (errKey === 'error') st.rows = [blankRow()];
      if (errKey === 'paste') st.paste = '';
      if (errKey === 'csvError') st.csvRows = [];
      draw(true);
      const heading = document.getElementById('invite-result');
      if (heading) heading.focus();
    } catch (e) {
      if (e.status === 401) return fail(e);
      // A row's field ("candidates[1].email") is said in the console's words beside that
      // field (or line), once; what no field shows goes in the form's summary, translated.
      st.fieldErrors = {};
      const loose = [];
      for (const k of Object.keys(e.fields || {})) {
        const m = /^candidates\[(\d+)\]\.(name|email|externalId|extraTime)$/.exec(k);
        if (m && errKey === 'error') st.fieldErrors[`${m[1]}.${m[2]}`] = `inv.err.${m[2]}`; // translated when drawn
        else if (m && errKey === 'paste' && people[Number(m[1])]) st.pasteServer.push(msg('paste.err.row', { line: people[Number(m[1])].line, what: msg(`inv.err.${m[2]}`) }));
        else loose.push(m ? t('inv.err.row', { n: Number(m[1]) + 1, what: t(`inv.err.${m[2]}`) }) : k);
      }
      const nField = Object.keys(st.fieldErrors).length + st.pasteServer.length;
      const text = e.status !== 400 ? say(problem(e))
        : [nField ? t('inv.err.fields', { n: nField }) : t('inv.err.bad'), ...loose].join(' ');
      st[errKey === 'paste' ? 'pasteError' : errKey] = text;
      draw(true);
      const first = /** @type {HTMLElement|null} */ (document.querySelector(errKey === 'paste' ? '#paste-text' : '#invite-form [aria-invalid="true"]'));
      if (nField && first) first.focus();
      else if (errKey === 'paste') document.getElementById('paste-errors')?.focus();
    }
    return undefined;
  };

  const resultView = (res) => {
    const invited = res.invited || [];
    const rejected = res.rejected || [];
    const emailed = invited.filter((c) => c.emailed).length;
    const csv = ['name,email,externalId,link', ...invited.map((c) => [c.name, c.email || '', c.externalId || '', c.link].map(csvCell).join(','))].join('\r\n');
    return h('section', { class: 'card', 'aria-labelledby': 'invite-result' },
      h('h3', { id: 'invite-result', tabindex: '-1' }, t('inv.done', { n: invited.length }), emailed ? ` ${t('inv.done.emailed', { n: emailed, count: emailed })}` : ''),
      h('p', { class: 'note warn' }, t(emailed === invited.length && emailed ? 'inv.once.emailed' : 'inv.once')),
      invited.length ? h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'copy-all', onclick: () => copyAndSay(invited.map((c) => `${c.name}\t${c.link}`).join('\n'), t('inv.copied')) }, t('inv.copyall')),
        h('button', { type: 'button', class: 'secondary', id: 'download-links', onclick: () => download(`invites-${a.id}.csv`, '\ufeff' + csv) }, t('inv.download'))) : null,
      invited.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'invite-links' },
        h('caption', {}, t('inv.links')),
        h('thead', {}, h('tr', {}, [t('inv.name'), t('inv.sent'), t('inv.link'), t('inv.expires')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, invited.map((c) => h('tr', { dataset: { candidate: c.candidateId, emailed: String(Boolean(c.emailed)) } },
          h('th', { scope: 'row' }, c.name),
          h('td', {}, c.emailed ? h('span', { class: 'pill ok' }, t('inv.sent.email', { email: c.email || '' })) : h('span', { class: 'pill' }, t('inv.sent.link'))),
          h('td', {}, h('div', { class: 'link-cell' },
            h('code', { class: 'invite-link' }, c.link),
            h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('inv.copy')}: ${c.name}`, onclick: () => copyAndSay(c.link, t('inv.copied')) }, t('inv.copy')))),
          h('td', {}, fmtDate(c.expiresAt))))))) : null,
      rejected.length ? [h('h3', {}, t('inv.rejected')), h('ul', { id: 'rejected' }, rejected.map((r) => h('li', {}, t('inv.rejected.row', { row: r.row, msg: r.message }))))] : null);
  };
  draw(keep);
}

function csvCell(v) {
  const s = String(v ?? '');
  // A leading =, +, - or @ would be a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

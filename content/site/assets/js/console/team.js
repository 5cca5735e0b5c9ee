// @ts-check
// The organisation's team, for owners: the people who sign in to the console (invite by
// email with a role, change a role, remove, each with a confirmation where it cannot be
// undone) and the API keys of integrations (create with a label and a role, the secret
// shown once; revoke). GET/POST/PUT/DELETE /v1/team and /v1/keys. Plumbing from main.js
// through `app`: {hr, screen, main, redraw, drafts, fail, loading}.

import { h, mount, focusHeading } from '../dom.js';
import { t, fmtDate } from '../i18n.js';
import { who } from './session.js';
import { msg, say, field, focusFirstInvalid, draft, roleName, problem, confirmBox, note, secretBox, actions, ROLE_NAMES } from './ui.js';

const enc = encodeURIComponent;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function roleSelect(value, onchange) {
  return h('select', { value, onchange: (ev) => onchange(ev.currentTarget.value) },
    ROLE_NAMES.map((r) => h('option', { value: r }, say(roleName(r)))));
}

/** "Recruiter" as a pill (the word, never only a colour). */
const rolePill = (role) => h('span', { class: `pill ${role === 'owner' ? 'brand' : ''}`, dataset: { role } }, say(roleName(role)));

function invitedBy(actor) {
  if (!actor || actor.kind === 'system') return t('team.by.system');
  if (actor.kind === 'key') return t('audit.key', { name: actor.label || actor.id });
  return actor.label || actor.id;
}

/** #/team: people and API keys. */
export async function teamScreen(app, keep) {
  app.loading();
  let [team, keys] = await Promise.all([app.hr('GET', '/v1/team'), app.hr('GET', '/v1/keys')]);
  const st = draft(app, 'team', keep, () => ({
    invite: { email: '', role: 'viewer', errors: {}, busy: false, done: null },
    key: { label: '', role: 'viewer', errors: {}, busy: false, made: null },
    // The row being changed or removed: {userId, mode: 'role' | 'remove', role}; or a key being revoked.
    member: null, revoking: null, busy: false, error: null, status: null,
  }));
  const me = who() || {};
  const reload = async () => { [team, keys] = await Promise.all([app.hr('GET', '/v1/team'), app.hr('GET', '/v1/keys')]); };
  const members = () => (team.members || []).slice();
  const memberOf = (id) => members().find((m) => m.userId === id);

  /** Run a change, re-read the lists, draw; then focus `focusId` (or the error). */
  const act = actions(app, st, { reload, errorId: 'team-error' });

  // ---- people

  const memberRow = (m) => {
    const self = m.email === me.name;
    const open = (mode) => () => {
      st.member = { userId: m.userId, mode, role: m.role };
      st.revoking = null;
      st.error = null;
      st.status = null;
      app.redraw();
      focusHeading(document.getElementById(mode === 'role' ? 'member-role-h' : 'member-remove-h'));
    };
    return h('tr', { dataset: { member: m.userId, email: m.email, status: m.status } },
      h('th', { scope: 'row' }, m.email, self ? h('span', { class: 'muted' }, ` ${t('team.you')}`) : null),
      h('td', {}, rolePill(m.role)),
      h('td', {}, h('span', { class: `pill ${m.status === 'active' ? 'ok' : ''}` }, t(`team.status.${m.status}`))),
      h('td', {}, invitedBy(m.invitedBy)),
      h('td', {}, fmtDate(m.createdAt)),
      h('td', {}, self ? h('span', { class: 'muted' }, t('team.self')) : h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'secondary', dataset: { act: 'role' }, disabled: st.busy, onclick: open('role') },
          t('team.role.change'), h('span', { class: 'visually-hidden' }, `: ${m.email}`)),
        h('button', { type: 'button', class: 'danger', dataset: { act: 'remove' }, disabled: st.busy, onclick: open('remove') },
          t('team.remove'), h('span', { class: 'visually-hidden' }, `: ${m.email}`)))));
  };

  const closeMember = (focusRow) => {
    const id = st.member && st.member.userId;
    st.member = null;
    app.redraw();
    if (focusRow && id) /** @type {HTMLElement|null} */ (document.querySelector(`#team tr[data-member="${CSS.escape(id)}"] button[data-act="${focusRow}"]`))?.focus();
  };

  const memberPanel = () => {
    const m = st.member && memberOf(st.member.userId);
    if (!m) return null;
    if (st.member.mode === 'remove') {
      return confirmBox({
        id: 'member-remove', title: t('team.remove.title', { email: m.email }), body: t('team.remove.body', { org: me.organisation?.name || '' }),
        go: t('team.remove.go', { email: m.email }), busyLabel: t('team.removing'), busy: st.busy,
        onGo: () => act(() => app.hr('DELETE', `/v1/team/${enc(m.userId)}`), {
          ok: msg('team.removed', { email: m.email }), conflict: msg('team.err.lastOwner', { email: m.email }),
          focusId: 'team-status', after: () => { st.member = null; },
        }),
        onCancel: () => closeMember('remove'),
      });
    }
    const sel = roleSelect(st.member.role, (v) => { st.member.role = v; });
    const form = h('form', { class: 'card compact', id: 'member-role', novalidate: true, 'aria-labelledby': 'member-role-h' },
      h('h3', { id: 'member-role-h' }, t('team.role.title', { email: m.email })),
      field('member-role-select', t('team.role'), sel, { hint: t('team.role.hint') }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', id: 'member-role-save', disabled: st.busy }, st.busy ? t('set.saving') : t('team.role.save')),
        h('button', { type: 'button', class: 'secondary', id: 'member-role-cancel', disabled: st.busy, onclick: () => closeMember('role') }, t('data.confirm.cancel'))));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const role = st.member.role;
      act(() => app.hr('PUT', `/v1/team/${enc(m.userId)}`, { body: { role } }), {
        ok: msg('team.role.saved', { email: m.email, role: roleName(role) }), conflict: msg('team.err.lastOwner', { email: m.email }),
        focusId: 'team-status', after: () => { st.member = null; },
      });
    });
    return form;
  };

  const inviteForm = () => {
    const iv = st.invite;
    const email = h('input', { type: 'email', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', value: iv.email, oninput: (ev) => { iv.email = ev.currentTarget.value; } });
    const form = h('form', { class: 'panel compact', id: 'invite-member', novalidate: true, 'aria-labelledby': 'invite-member-h' },
      h('h3', { id: 'invite-member-h' }, t('team.invite')),
      h('p', { class: 'muted' }, t('team.invite.lead')),
      Object.keys(iv.errors).length ? h('p', { class: 'note bad', role: 'alert', id: 'invite-member-errors' }, iv.errors.form ? say(iv.errors.form) : t('form.errors')) : null,
      field('invite-email', t('auth.email'), email, { error: say(iv.errors.email) }),
      field('invite-role', t('team.role'), roleSelect(iv.role, (v) => { iv.role = v; }), { hint: t('team.role.hint') }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'invite-member-go', disabled: iv.busy }, iv.busy ? t('team.inviting') : t('team.invite.go'))),
      iv.done ? note(iv.done, { id: 'invite-member-done', ok: true }) : null);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (iv.busy) return;
      iv.errors = {};
      iv.done = null;
      const addr = iv.email.trim();
      if (!EMAIL.test(addr)) iv.errors.email = msg(addr ? 'auth.err.email.shape' : 'auth.err.email.empty');
      if (!iv.errors.email) {
        iv.busy = true;
        app.redraw();
        try {
          const m = await app.hr('POST', '/v1/team', { body: { email: addr, role: iv.role } });
          await reload();
          Object.assign(iv, { email: '', done: msg('team.invited', { email: m.email, role: roleName(m.role) }) });
        } catch (e) {
          if (e.status === 401) { app.fail(e); return; }
          if (e.fields && e.fields.email) iv.errors.email = msg('auth.err.email.shape');
          else iv.errors.form = e.status === 409 ? msg('team.err.exists', { email: addr }) : problem(e);
        } finally {
          iv.busy = false;
        }
      }
      app.redraw();
      if (!focusFirstInvalid(app.main())) document.getElementById(iv.done ? 'invite-member-done' : 'invite-member-errors')?.focus();
    });
    return form;
  };

  // ---- API keys

  const keyRow = (k) => h('tr', { dataset: { key: k.keyId, revoked: String(Boolean(k.revokedAt)) } },
    h('th', { scope: 'row' }, k.label),
    h('td', {}, rolePill(k.role)),
    h('td', {}, fmtDate(k.createdAt)),
    h('td', {}, k.revokedAt ? h('span', { class: 'pill' }, t('keys.revoked', { time: fmtDate(k.revokedAt) })) : h('span', { class: 'pill ok' }, t('keys.active'))),
    h('td', {}, k.revokedAt ? '' : h('button', { type: 'button', class: 'danger', dataset: { act: 'revoke' }, disabled: st.busy, onclick: () => {
      st.revoking = k.keyId;
      st.member = null;
      st.error = null;
      st.status = null;
      app.redraw();
      focusHeading(document.getElementById('key-revoke-h'));
    } }, t('keys.revoke'), h('span', { class: 'visually-hidden' }, `: ${k.label}`))));

  const revokePanel = () => {
    const k = st.revoking && (keys.keys || []).find((x) => x.keyId === st.revoking);
    if (!k) return null;
    return confirmBox({
      id: 'key-revoke', title: t('keys.revoke.title', { label: k.label }), body: t('keys.revoke.body'),
      go: t('keys.revoke.go', { label: k.label }), busyLabel: t('keys.revoking'), busy: st.busy,
      onGo: () => act(() => app.hr('DELETE', `/v1/keys/${enc(k.keyId)}`), {
        ok: msg('keys.revoked.done', { label: k.label }), focusId: 'team-status', after: () => { st.revoking = null; },
      }),
      onCancel: () => {
        st.revoking = null;
        app.redraw();
        /** @type {HTMLElement|null} */ (document.querySelector(`#keys tr[data-key="${CSS.escape(k.keyId)}"] button`))?.focus();
      },
    });
  };

  const keyForm = () => {
    const kf = st.key;
    const label = h('input', { type: 'text', maxlength: '100', autocomplete: 'off', value: kf.label, oninput: (ev) => { kf.label = ev.currentTarget.value; } });
    const form = h('form', { class: 'panel compact', id: 'key-form', novalidate: true, 'aria-labelledby': 'key-form-h' },
      h('h3', { id: 'key-form-h' }, t('keys.new')),
      Object.keys(kf.errors).length ? h('p', { class: 'note bad', role: 'alert', id: 'key-errors' }, kf.errors.form ? say(kf.errors.form) : t('form.errors')) : null,
      field('key-label', t('keys.label'), label, { hint: t('keys.label.hint'), error: say(kf.errors.label) }),
      field('key-role', t('team.role'), roleSelect(kf.role, (v) => { kf.role = v; }), { hint: t('keys.role.hint') }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'key-create', disabled: kf.busy }, kf.busy ? t('keys.creating') : t('keys.create'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (kf.busy) return;
      kf.errors = {};
      kf.made = null;
      const text = kf.label.trim();
      if (!text || text.length > 100) kf.errors.label = msg('keys.err.label');
      if (!kf.errors.label) {
        kf.busy = true;
        app.redraw();
        try {
          const made = await app.hr('POST', '/v1/keys', { body: { label: text, role: kf.role } });
          await reload();
          Object.assign(kf, { label: '', made });
        } catch (e) {
          if (e.status === 401) { app.fail(e); return; }
          if (e.fields && e.fields.label) kf.errors.label = msg('keys.err.label');
          else kf.errors.form = problem(e);
        } finally {
          kf.busy = false;
        }
      }
      app.redraw();
      if (!focusFirstInvalid(app.main())) document.getElementById(kf.made ? 'key-made-h' : 'key-errors')?.focus();
    });
    return form;
  };

  // The new key's secret: only in this screen's state, gone when the page is opened anew.
  const madeKey = () => {
    const made = st.key.made;
    if (!made) return null;
    return secretBox({
      id: 'key', title: t('keys.made', { label: made.key.label, role: say(roleName(made.key.role)) }), once: t('keys.once'),
      secret: made.secret, copyLabel: t('keys.copy'), copied: t('keys.copied'), doneLabel: t('keys.made.done'),
      onDone: () => {
        st.key.made = null;
        app.redraw();
        document.getElementById('key-label')?.focus();
      },
    });
  };

  app.screen(() => t('team.title'), () => {
    const h1 = h('h1', {}, t('team.title'));
    const list = members().sort((a, b) => a.email.localeCompare(b.email));
    const keyList = (keys.keys || []).slice().sort((a, b) => Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt)) || String(b.createdAt).localeCompare(String(a.createdAt)));
    mount(app.main(), h1,
      h('p', {}, t('team.lead', { org: me.organisation?.name || '' })),
      h('div', { role: 'status', id: 'team-status-box' }, st.status ? h('p', { class: 'note ok', id: 'team-status', tabindex: '-1' }, say(st.status)) : null),
      st.error ? note(st.error, { id: 'team-error' }) : null,
      h('h2', { id: 'people-h' }, t('team.people')),
      h('details', { class: 'instructions-box', id: 'roles-help' },
        h('summary', {}, t('team.roles')),
        h('dl', { class: 'roles-help' }, ROLE_NAMES.map((r) => [h('dt', {}, say(roleName(r))), h('dd', {}, t(`role.${r}.can`))]))),
      h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'team' },
        h('caption', { class: 'visually-hidden' }, t('team.people')),
        h('thead', {}, h('tr', {}, [t('auth.email'), t('team.role'), t('team.status'), t('team.by'), t('team.added'), t('team.actions')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, list.map(memberRow)))),
      memberPanel(),
      inviteForm(),
      h('h2', { id: 'keys-h' }, t('keys.title')),
      h('p', {}, t('keys.lead')),
      keyList.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'keys' },
        h('caption', { class: 'visually-hidden' }, t('keys.title')),
        h('thead', {}, h('tr', {}, [t('keys.label'), t('team.role'), t('keys.created'), t('team.status'), t('team.actions')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, keyList.map(keyRow)))) : h('p', { class: 'note', id: 'keys-none' }, t('keys.none')),
      revokePanel(),
      madeKey(),
      keyForm());
    return h1;
  }, keep);
}

// @ts-check
// The reports tab (#/a/<id>/reports): stored reports with one-click downloads (a fresh
// signed link each time), and a cohort report made on request; reportList is also the
// candidate detail's list of that candidate's reports.

import { h, mount } from '../dom.js';
import { t, fmtDate } from '../i18n.js';
import { problem, say } from './ui.js';

/**
 * A table of stored reports, each with one Download button: it asks for a fresh signed
 * link (10 minutes, audited) and starts the download at once; the link stays shown, with
 * its expiry, for a browser that blocked the automatic start.
 */
export function reportList(app, reports) {
  const { hr, fail } = app;
  return h('div', { class: 'table-scroll' }, h('table', { class: 'data reports' },
    h('thead', {}, h('tr', {}, [t('rep.file'), t('rep.kind'), t('rep.created'), t('rep.link')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, reports.map((r) => {
      const box = h('div', { class: 'link-cell', role: 'status' });
      const what = String(r.format || '').toUpperCase();
      const btn = h('button', { type: 'button', class: 'secondary', dataset: { report: r.reportId, kind: r.kind, format: r.format },
        'aria-label': `${t('rep.get', { what })}: ${r.filename}`,
        onclick: async () => {
          btn.disabled = true;
          try {
            const link = await hr('GET', `/v1/reports/${encodeURIComponent(r.reportId)}/link`);
            const a = h('a', { href: link.url, class: 'report-link', rel: 'noopener noreferrer', download: link.filename || r.filename }, t('rep.again', { what }));
            mount(box, btn, a, link.expiresAt ? h('span', { class: 'muted' }, t('rep.expires', { time: fmtDate(link.expiresAt) })) : null);
            a.click();
          } catch (e) {
            if (e.status === 401) { fail(e); return; }
            mount(box, btn, h('span', { class: 'error-text' }, say(problem(e))));
          } finally { btn.disabled = false; }
        } }, t('rep.get', { what }));
      box.append(btn);
      return h('tr', { dataset: { report: r.reportId } },
        h('th', { scope: 'row' }, r.filename),
        h('td', {}, t(`rep.kind.${r.kind}`), ` · ${what}`),
        h('td', {}, fmtDate(r.createdAt)),
        h('td', {}, box));
    }))));
}

export async function reportsTab(app, a, frame, keep) {
  const { hr, screen, fail, can } = app;
  const listPath = `/v1/assessments/${encodeURIComponent(a.id)}/reports`;
  // 503: this deployment has no report store (said as such); any other failure is an error.
  let list = await hr('GET', listPath).catch((e) => (e.status === 503 ? null : Promise.reject(e)));
  let error = '';
  const draw = (keepFocus) => screen(() => `${t('a.tab.reports')} · ${a.config.name}`, () => {
    if (!list) return frame(t('rep.title'), h('p', { class: 'note', id: 'reports-off' }, t('rep.off')));
    const reports = (list.reports || []).slice().sort((x, y) => String(y.createdAt).localeCompare(String(x.createdAt)));
    const btn = h('button', { type: 'button', id: 'report-cohort', onclick: async () => {
      btn.disabled = true;
      btn.textContent = t('rep.making');
      try {
        await hr('POST', listPath, { body: {} });
        list = await hr('GET', listPath);
        error = '';
      } catch (e) {
        if (e.status === 401) { fail(e); return; }
        error = say(problem(e));
      }
      draw(true);
      const first = /** @type {HTMLElement|null} */ (document.querySelector('table.reports button'));
      if (first) first.focus();
    } }, t('rep.make'));
    return frame(t('rep.title'), h('p', {}, t('rep.lead')),
      can('recruiter') ? h('div', { class: 'actions' }, btn) : null,
      error ? h('p', { class: 'note bad', role: 'alert' }, error) : null,
      reports.length ? reportList(app, reports) : h('p', { class: 'note' }, t('rep.none')));
  }, keepFocus);
  draw(keep);
}

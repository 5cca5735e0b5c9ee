// @ts-check
// One candidate (#/a/<id>/c/<candidate>): status, place, group and role fit on the T scale,
// each test's score on the same scale with its band, the per-scale breakdown (raw, T
// with its band drawn like the PDF's bars, percentile), strengths, what to probe with
// interview questions, cautions, their reports, the decision and (owners) data export and
// erasure.

import { h, focusHeading } from '../dom.js';
import { t, getLang, fmtNumber } from '../i18n.js';
import { decisionSection, dataSection, decisionPill } from './oversight.js';
import { reportList } from './reports.js';
import { enc, isNum, tText, bandT, chance, cautionLabel, dash, tAxis, tBand, cohortLabel, provisionalNote, scaleNames, rawText, rawBand, scaleName, scaleOrder } from './scale.js';

export async function candidateTab(app, a, cid, frame, keep) {
  const { hr, screen, can } = app;
  const path = `/v1/assessments/${enc(a.id)}/candidates/${enc(cid || '')}`;
  const [data, names, reports] = await Promise.all([
    hr('GET', `${path}?lang=${getLang()}`), scaleNames(app, a),
    hr('GET', `/v1/assessments/${enc(a.id)}/reports`).catch((e) => (e.status === 503 ? null : Promise.reject(e)))]);
  screen(() => `${t('cand.title')} · ${a.config.name}`, () => {
    const back = h('p', { class: 'back-links' },
      h('a', { href: `#/a/${enc(a.id)}/ranking` }, `← ${t('cand.back.ranking')}`), ' · ',
      h('a', { href: `#/a/${enc(a.id)}/candidates` }, t('cand.back')));
    const scales = data.scales || {};
    const order = scaleOrder(data);
    const fit = data.fit;
    const ab = data.abilityComposite;
    const rk = data.rank;
    const cohort = data.cohort;
    const cautions = Array.isArray(data.cautions) ? data.cautions : [];
    const serious = cautions.filter((c) => c.serious).length;
    const myReports = ((reports && reports.reports) || []).filter((r) => data.sessionId && r.sessionId === data.sessionId && r.kind === 'candidate');
    const insight = (list, withQuestions) => (Array.isArray(list) && list.length ? h('ul', {}, list.map((x) => h('li', {},
      h('strong', {}, x.name && x.name !== x.scale ? x.name : scaleName(names, x.scale)),
      x.reason ? h('span', { class: 'muted' }, ` · ${x.reason}`) : null,
      withQuestions && x.questions && x.questions.length ? h('ol', {}, x.questions.map((q) => h('li', {}, q.question, h('br'), h('span', { class: 'muted' }, `${t('cand.good')}: ${q.goodAnswer}`)))) : null)))
      : h('p', { class: 'muted' }, t('cand.none')));
    const rankLine = () => {
      const parts = [t('cand.place', { rank: fmtNumber(rk.rank), of: fmtNumber(rk.of) })];
      if (rk.rankHigh > rk.rankLow) parts.push(t('rank.likely', { low: fmtNumber(rk.rankLow), high: fmtNumber(rk.rankHigh) }));
      if (rk.of > rk.topK) parts.push(t('cand.top', { p: chance(rk.pTop), k: rk.topK }));
      return parts.join(' · ');
    };
    // The server's band in T units (as the PDF prints it), back in z units for the chart.
    const tBandOf = (s) => (s.tBand ? { low: (s.tBand.low - 50) / 10, high: (s.tBand.high - 50) / 10 }
      : { low: (s.t - 50) / 10 - 1.96 * s.se, high: (s.t - 50) / 10 + 1.96 * s.se });
    const testScores = new Map((data.testScores || []).map((x) => [x.test, x.score]));
    const tests = (data.tests || []).filter((x) => testScores.get(x.id));
    const testsTable = tests.length ? [h('h3', { id: 'tests-h' }, t('cand.tests')),
      h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('cand.tests.caption') }, h('table', { class: 'data breakdown', id: 'tests' },
        h('caption', { class: 'visually-hidden' }, t('cand.tests.caption')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('cand.test')),
          h('th', { scope: 'col', class: 'num' }, t('cand.tscore')),
          h('th', { scope: 'col', class: 'chart' }, h('span', { class: 'visually-hidden' }, t('cand.chart')), tAxis()))),
        h('tbody', {}, tests.map((x) => {
          const sc = testScores.get(x.id);
          return h('tr', { dataset: { test: x.id } },
            h('th', { scope: 'row' }, x.name),
            h('td', { class: 'num nowrap' }, t('cand.t', { t: tText(sc.value), band: bandT(sc.band) })),
            h('td', { class: 'chart' }, tBand(sc.value, sc.band)));
        }))))] : null;
    return frame(`${t('cand.title')}: ${data.name}`, back,
      data.reviewFirst ? h('div', { class: 'note warn', id: 'review-callout', role: 'note' },
        h('p', {}, h('strong', {}, t('cand.review.title'))), h('p', {}, t('cand.review.body'))) : null,
      h('dl', { class: 'kv', id: 'cand-summary' },
        h('dt', {}, t('prog.status')), h('dd', {}, t(`st.${data.status}`)),
        data.email ? [h('dt', {}, t('inv.email')), h('dd', {}, data.email)] : null,
        rk ? [h('dt', {}, t('rank.place')), h('dd', { id: 'cand-rank' }, rankLine())] : null,
        rk && rk.tier ? [h('dt', {}, t('rank.tier')), h('dd', { id: 'cand-tier' }, t('cand.tier', { n: fmtNumber(rk.tier) }))] : null,
        fit ? [h('dt', {}, t('rank.fit')), h('dd', {},
          h('span', { id: 'cand-fit' }, t('cand.t', { t: tText(fit.value), band: bandT(fit.band) })),
          h('div', { class: 'kv-chart' }, tAxis(), tBand(fit.value, fit.band)))] : null,
        fit ? [h('dt', {}, t('rank.ability')), h('dd', { id: 'cand-ability' },
          ab ? t('cand.t', { t: tText(ab.value), band: bandT(ab.band) }) : dash(t('rank.ability.none')))] : null,
        h('dt', {}, t('rank.decision')), h('dd', {},
          decisionPill((data.decisions || []).length ? data.decisions[data.decisions.length - 1].decision : ''), ' ',
          h('button', { type: 'button', class: 'quiet', id: 'to-decision', onclick: () => {
            const el = document.getElementById('dec-h');
            if (el) { el.scrollIntoView({ block: 'start' }); focusHeading(el); }
          } }, t(can('recruiter') ? 'dec.form' : 'dec.see')))),
      cohortLabel(cohort),
      provisionalNote(cohort),
      data.note ? h('p', { class: 'muted' }, data.note) : null,
      testsTable,
      h('h3', {}, t('cand.breakdown')),
      order.length ? [h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('cand.breakdown.caption') }, h('table', { class: 'data breakdown', id: 'breakdown' },
        h('caption', { class: 'visually-hidden' }, t('cand.breakdown.caption')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('cand.scale')),
          h('th', { scope: 'col', class: 'num' }, t('cand.raw')),
          h('th', { scope: 'col', class: 'num' }, t('cand.tscore')),
          h('th', { scope: 'col', class: 'chart' }, h('span', { class: 'visually-hidden' }, t('cand.chart')), tAxis()),
          h('th', { scope: 'col', class: 'num' }, t('cand.pct')),
          h('th', { scope: 'col', class: 'num' }, t('cand.rawband')),
          h('th', { scope: 'col', class: 'num' }, t('cand.answered')))),
        h('tbody', {}, order.map((id) => {
          const s = scales[id];
          return h('tr', { dataset: { scale: id } },
            h('th', { scope: 'row' }, scaleName(names, id)),
            h('td', { class: 'num nowrap' }, rawText(s.metric, s.raw)),
            h('td', { class: 'num' }, isNum(s.t) ? fmtNumber(Math.round(s.t)) : ''),
            h('td', { class: 'chart' }, isNum(s.t) ? tBand((s.t - 50) / 10, isNum(s.se) ? tBandOf(s) : null) : null),
            h('td', { class: 'num' }, isNum(s.percentile) ? fmtNumber(Math.round(s.percentile)) : dash(t('cand.pct.withheld'))),
            h('td', { class: 'num nowrap' }, rawBand(s.metric, s.band)),
            h('td', { class: 'num nowrap' }, t('cand.answered.of', { n: fmtNumber(s.answered ?? 0), of: fmtNumber(s.items ?? 0) })));
        })))),
      h('p', { class: 'muted', id: 'breakdown-legend' }, t('cand.legend'))] :
        h('p', { class: 'muted' }, t('cand.unscored')),
      h('h3', {}, t('cand.strengths')), insight(data.strengths, false),
      h('h3', {}, t('cand.probe')), insight(data.probes, true),
      h('h3', { id: 'cautions-h' }, t('cand.cautions')),
      cautions.length ? [
        h('p', { id: 'cautions-count' }, t('cand.cautions.n', { n: fmtNumber(cautions.length), count: cautions.length }),
          serious ? `, ${t('cand.cautions.serious', { n: fmtNumber(serious), count: serious })}` : ''),
        h('ul', { class: 'caution-list', id: 'cautions' }, cautions.map((c) => h('li', { dataset: { caution: c.code } },
          c.serious ? [h('span', { class: 'pill bad' }, t('caution.serious')), ' '] : null,
          h('strong', {}, cautionLabel(c.code)), h('br'), c.message)))]
        : h('p', { class: 'muted', id: 'cautions-count' }, t('cand.cautions.zero')),
      myReports.length ? [h('h3', {}, t('rep.title')), reportList(app, myReports)] : null,
      decisionSection(app, a, data, keep),
      can('owner') ? dataSection(app, a, data, keep) : null);
  }, keep);
}

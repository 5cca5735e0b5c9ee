// @ts-check
// Compare 2–4 candidates (#/a/<id>/compare/<id1,id2,…>), from one answer of the API (one
// read of the cohort view): first, in plain words, which differences are beyond the
// measurement error and which are not; then role fit and every test on one T axis (20–80)
// with each candidate's 95% band; then a card per candidate (side by side on a laptop,
// stacked on a phone): place and likely range, group, standing, cautions, shortfalls,
// scales, strengths, what to probe and the latest decision.

import { h } from '../dom.js';
import { t, getLang, fmtNumber } from '../i18n.js';
import { decisionPill } from './oversight.js';
import { enc, tText, bandT, tAxis, tBand, cohortLabel, provisionalNote, cautionPills, dash } from './scale.js';
import { COMPARE_MAX } from './ranking.js';

/** The T column's width: room for the 20–80 bar on a phone. */
function cellWidth(el) {
  el.style.minWidth = '10rem';
  el.style.width = '60%';
  return el;
}

export async function compareTab(app, a, sub, frame, keep) {
  const { hr, screen } = app;
  const ids = String(sub || '').split(',').filter(Boolean);
  const back = h('p', { class: 'back-links' }, h('a', { href: `#/a/${enc(a.id)}/ranking` }, `← ${t('cmp.back')}`));
  if (ids.length < 2 || ids.length > COMPARE_MAX) {
    screen(() => t('cmp.bad'), () => frame(t('cmp.bad'), back), keep);
    return undefined;
  }
  const data = await hr('GET', `/v1/assessments/${enc(a.id)}/compare?lang=${getLang()}&candidates=${ids.map(enc).join(',')}`);
  screen(() => `${t('cmp.title', { n: data.candidates.length, count: data.candidates.length })} · ${a.config.name}`, () => {
    const people = data.candidates || [];
    const tests = data.tests || [];
    const nameOf = new Map(people.map((c) => [c.candidateId, c.name || c.candidateId]));
    const testName = new Map(tests.map((x) => [x.id, x.name]));
    const scaleName = new Map((data.scales || []).map((x) => [x.id, x.name]));
    const fitOf = (id) => (people.find((c) => c.candidateId === id) || {}).fit;

    // Plain words: per pair, whether the assessment tells them apart; then test
    // differences beyond the error, and that every other one is within it.
    const verdicts = [];
    for (const p of data.pairs || []) {
      const fa = fitOf(p.a);
      const fb = fitOf(p.b);
      const [hi, lo] = fa && fb && fb.value > fa.value ? [p.b, p.a] : [p.a, p.b];
      verdicts.push(h('li', { dataset: { pair: `${p.a},${p.b}`, apart: String(p.toldApart) } },
        p.toldApart ? t('cmp.apart', { a: nameOf.get(hi), b: nameOf.get(lo) }) : t('cmp.close', { a: nameOf.get(p.a), b: nameOf.get(p.b) })));
    }
    const beyond = [];
    let within = 0;
    for (const p of data.pairs || []) {
      for (const d of p.tests || []) {
        if (typeof d.difference !== 'number') continue;
        if (d.withinUncertainty) { within++; continue; }
        const [hi, lo] = d.difference > 0 ? [p.a, p.b] : [p.b, p.a];
        beyond.push(h('li', { dataset: { test: d.test } }, t('cmp.test.apart', {
          test: testName.get(d.test) || d.test, a: nameOf.get(hi), b: nameOf.get(lo), d: fmtNumber(Math.round(Math.abs(d.difference) * 10)) })));
      }
    }
    const verdict = h('section', { id: 'cmp-verdict', 'aria-labelledby': 'cmp-verdict-h' },
      h('h3', { id: 'cmp-verdict-h' }, t('cmp.verdict')),
      h('ul', { id: 'cmp-pairs' }, verdicts),
      beyond.length ? h('ul', { id: 'cmp-beyond' }, beyond) : null,
      h('p', { id: 'cmp-within' }, beyond.length ? (within ? t('cmp.test.rest') : '') : t('cmp.test.none')));

    // One T axis for everyone: a block of rows per measure.
    const measures = [
      { id: 'fit', name: t('cmp.fit'), of: (c) => c.fit },
      { id: 'ability', name: t('cmp.ability'), of: (c) => c.abilityComposite },
      ...tests.map((x) => ({ id: `test:${x.id}`, name: x.name, of: (c) => ((c.tests || []).find((s) => s.test === x.id) || {}).score })),
    ].filter((m) => people.some((c) => m.of(c)));
    const chart = h('section', { id: 'cmp-chart', 'aria-labelledby': 'cmp-chart-h' },
      h('h3', { id: 'cmp-chart-h' }, t('cmp.chart')),
      data.cohort && data.cohort.scale && data.cohort.scale.normLabel ? h('p', { class: 'muted', id: 'cmp-norm' }, t('rank.norm', { label: data.cohort.scale.normLabel })) : null,
      h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('cmp.chart.caption') }, h('table', { class: 'data compare-chart', id: 'cmp-table' },
        h('caption', { class: 'visually-hidden' }, t('cmp.chart.caption')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('rank.name')),
          cellWidth(h('th', { scope: 'col', class: 't-cell' }, 'T', h('span', { class: 'visually-hidden' }, ` · ${t('rank.chart')}`), tAxis())))),
        measures.map((m) => h('tbody', { dataset: { measure: m.id } },
          h('tr', {}, h('th', { scope: 'colgroup', colspan: '2', class: 'measure' }, m.name)),
          people.map((c) => {
            const s = m.of(c);
            // The figures and the bar in one cell (not a "chart" column, which phones hide),
            // so a phone shows both without scrolling.
            return h('tr', { dataset: { candidate: c.candidateId } },
              h('th', { scope: 'row' }, c.name || c.candidateId),
              h('td', { class: 't-cell' }, s ? [h('strong', { class: 'tscore' }, tText(s.value)), ' ',
                h('span', { class: 'muted nowrap' }, t('rank.band.t', { band: bandT(s.band) })), tBand(s.value, s.band)] : dash(t('rank.test.none'))));
          }))))));

    const card = (c) => {
      const rk = c.rank;
      const scales = Object.entries(c.scales || {});
      const latest = c.decision ? c.decision.decision : '';
      return h('li', { class: 'card', dataset: { candidate: c.candidateId } },
        h('h4', {}, h('a', { href: `#/a/${enc(a.id)}/c/${enc(c.candidateId)}`, 'aria-label': t('cmp.open', { name: c.name || c.candidateId }) }, c.name || c.candidateId)),
        rk ? h('p', { class: 'place' }, t(rk.group === 'review' ? 'cmp.place.review' : 'cmp.place', {
          rank: fmtNumber(rk.rank), low: fmtNumber(rk.rankLow), high: fmtNumber(rk.rankHigh) }),
        rk.tier ? ` · ${t('cmp.tier', { n: fmtNumber(rk.tier) })}` : '') : null,
        c.fit ? h('p', {}, h('strong', {}, `${t('cmp.fit')}: `), t('cand.t', { t: tText(c.fit.value), band: bandT(c.fit.band) })) : null,
        h('p', { class: 'standing' }, t(`cmp.standing.${c.standing}`)),
        h('p', { class: 'cautions' }, h('strong', {}, `${t('rank.cautions')}: `), cautionPills(c.cautions, c.belowMinimum, Object.fromEntries(scaleName))),
        scales.length ? [h('h5', {}, t('cmp.scales')), h('ul', { class: 'scale-list' }, scales.map(([id, s]) => h('li', { dataset: { scale: id } },
          `${scaleName.get(id) || id}: `,
          h('span', { class: 'nowrap' }, h('strong', {}, `T ${fmtNumber(Math.round(s.t))}`),
            ` (${t('band.range', { low: fmtNumber(Math.round(s.tBand.low)), high: fmtNumber(Math.round(s.tBand.high)) })})`))))] : null,
        h('h5', {}, t('cmp.strengths')),
        (c.strengths || []).length ? h('ul', {}, c.strengths.map((x) => h('li', {}, x.name || x.scale))) : h('p', { class: 'muted' }, t('cand.none')),
        h('h5', {}, t('cmp.probes')),
        (c.probes || []).length ? h('ul', {}, c.probes.map((x) => h('li', {}, x.name || x.scale))) : h('p', { class: 'muted' }, t('cand.none')),
        h('p', {}, h('strong', {}, `${t('cmp.decision')}: `), decisionPill(latest)));
    };
    const cards = h('section', { id: 'cmp-cards', 'aria-labelledby': 'cmp-cards-h' },
      h('h3', { id: 'cmp-cards-h' }, t('cmp.cards')),
      h('ul', { class: 'grid-cards compare-cards' }, people.map(card)));

    return frame(t('cmp.title', { n: fmtNumber(people.length), count: people.length }), back,
      cohortLabel(data.cohort),
      provisionalNote(data.cohort),
      verdict,
      chart,
      cards,
      h('p', { class: 'note', id: 'cmp-note' }, data.note || t('rank.decide')));
  }, keep);
  return undefined;
}

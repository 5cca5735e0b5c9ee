// @ts-check
// The statistics tab (#/a/<id>/stats): per scale n, α (withheld below the reliability
// minimum), SEM and norm, and the item tables once there are enough responses.

import { h } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';
import { num, dash, cohortLabel, scaleNames } from './scale.js';

export async function statsTab(app, a, frame, keep) {
  const { hr, screen } = app;
  const path = `/v1/assessments/${encodeURIComponent(a.id)}/statistics`;
  const [data, names] = await Promise.all([hr('GET', path), scaleNames(app, a)]);
  screen(() => `${t('a.tab.stats')} · ${a.config.name}`, () => {
    const scales = Array.isArray(data.scales) ? data.scales : [];
    if (!data.scored || !scales.length) return frame(t('stats.title'), h('p', { class: 'note' }, t('stats.empty')));
    // Below the reliability minimum an α (even a negative one) says nothing: it is withheld,
    // as the header says, and so are the item tables.
    const minN = data.reliabilityMin || 30;
    const enough = (sc) => (sc.n || 0) >= minN;
    const waiting = scales.some((sc) => !enough(sc));
    return frame(t('stats.title'), cohortLabel(data.cohort), h('p', {}, t('stats.lead'), ' ', t('stats.scored', { n: data.scored })),
      data.reliabilityMin ? h('p', { class: 'muted' }, t('stats.min', { n: data.reliabilityMin, local: data.localNormMin || data.reliabilityMin })) : null,
      waiting ? h('p', { class: 'note', id: 'stats-wait' }, t('stats.wait', { n: fmtNumber(minN) })) : null,
      h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'scale-stats' },
        h('caption', {}, t('stats.scales')),
        h('thead', {}, h('tr', {}, [t('cand.scale'), 'n', 'α', t('stats.sem'), t('stats.norm')].map((c, i) => h('th', { scope: 'col', class: i && i < 4 ? 'num' : '' }, c)))),
        h('tbody', {}, scales.map((s) => h('tr', { dataset: { scale: s.scale } },
          h('th', { scope: 'row' }, names[s.scale] || s.scale),
          h('td', { class: 'num' }, String(s.n ?? '')),
          h('td', { class: 'num alpha' }, enough(s) && s.reliability && s.reliability.defined ? num(s.reliability.alpha, 2)
            : dash(t('stats.alpha.wait', { n: fmtNumber(minN) }))),
          h('td', { class: 'num' }, num(s.sem, 2)),
          h('td', {}, `${s.norm || ''}${s.semSource === 'provisional' ? ` (${t('stats.provisional')})` : ''}`)))))),
      scales.filter((s) => enough(s) && s.reliability && Array.isArray(s.reliability.items) && s.reliability.items.length).map((s) => h('details', { class: 'instructions-box' },
        h('summary', {}, t('stats.items', { name: names[s.scale] || s.scale })),
        h('div', { class: 'table-scroll' }, h('table', { class: 'data' },
          h('caption', { class: 'visually-hidden' }, t('stats.items', { name: names[s.scale] || s.scale })),
          h('thead', {}, h('tr', {}, [t('stats.item'), t('stats.mean'), 'SD', t('stats.rdrop'), t('stats.alphaDrop'), t('stats.flag')].map((c, i) => h('th', { scope: 'col', class: i && i < 5 ? 'num' : '' }, c)))),
          h('tbody', {}, s.reliability.items.map((it) => h('tr', {},
            h('th', { scope: 'row' }, it.item),
            h('td', { class: 'num' }, num(it.mean)),
            h('td', { class: 'num' }, num(it.sd)),
            h('td', { class: 'num' }, num(it.rDrop)),
            h('td', { class: 'num' }, num(it.alphaIfDropped)),
            h('td', {}, it.flag ? h('span', { class: 'pill warn' }, t('stats.review')) : '')))))))));
  }, keep);
}

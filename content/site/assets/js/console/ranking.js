// @ts-check
// The ranking tab (#/a/<id>/ranking): the headline says who cannot be told apart (tiers from
// the rank intervals, over the whole cohort); candidates to review first and the ranked
// list, each paged, sorted by the server (fit, ability, name or a test: column headers are
// buttons with aria-sort), filtered by standing, caution and decision; role fit and each
// test on the T scale with their bands, likely places, the chance of being in the top K,
// cautions and the decision; up to four rows selected to compare side by side.

import { h, announce } from '../dom.js';
import { t, getLang, fmtNumber } from '../i18n.js';
import { decisionPill } from './oversight.js';
import { enc, tText, bandT, chance, cautionLabel, dash, tAxis, tBand, cohortLabel, provisionalNote, cautionPills, scaleNames, CAUTIONS } from './scale.js';

const RANK_PAGE = 50;
export const COMPARE_MAX = 4;
const STANDINGS = ['review', 'below', 'clear'];

/** A small band on the T axis for a test column. */
function miniBand(score) {
  const el = tBand(score ? score.value : NaN, score ? score.band : null);
  el.classList.add('mini');
  el.style.minWidth = '4rem';
  el.style.height = '0.9rem';
  return el;
}

/** Ranking screen state per assessment (filters and page), kept while the console is open. */
const rankViews = new Map();
const freshPages = () => ({ cursors: [''], starts: [0], page: 0 });

export async function rankingTab(app, a, frame, keep, focusId) {
  const { hr, screen, fail } = app;
  let st = rankViews.get(a.id);
  if (!st) {
    st = { caution: '', decision: '', standing: '', sort: 'fit', dir: 'desc', selected: new Map(), review: freshPages(), ranked: freshPages() };
    rankViews.set(a.id, st);
  }
  const base = `/v1/assessments/${enc(a.id)}/ranking`;
  const query = (g) => {
    const q = new URLSearchParams({ lang: getLang(), limit: String(RANK_PAGE), group: g });
    const cur = st[g].cursors[st[g].page];
    if (cur) q.set('cursor', cur);
    if (st.caution) q.set('caution', st.caution);
    if (st.decision) q.set('decision', st.decision);
    if (st.standing) q.set('standing', st.standing);
    if (st.sort !== 'fit' || st.dir !== 'desc') { q.set('sort', st.sort); q.set('dir', st.dir); }
    return `${base}?${q}`;
  };
  const [review, ranked, names] = await Promise.all([hr('GET', query('review')), hr('GET', query('ranked')), scaleNames(app, a)]);
  st.count = (review.total || 0) + (ranked.total || 0);
  // A page past the end (the list shrank since it was read): back to the first page.
  for (const [g, d] of [['review', review], ['ranked', ranked]]) {
    if (!(d.ranking || []).length && st[g].page > 0) {
      st[g] = freshPages();
      return rankingTab(app, a, frame, keep, focusId);
    }
  }
  const again = (focus) => rankingTab(app, a, frame, true, focus).catch((e) => fail(e, app.reroute));
  const go = (g, data, dir) => {
    const s = st[g];
    if (dir > 0 && data.next) {
      s.cursors[s.page + 1] = data.next;
      s.starts[s.page + 1] = s.starts[s.page] + data.ranking.length;
      s.page += 1;
    } else if (dir < 0 && s.page > 0) {
      s.page -= 1;
    }
    again(`${g}-${dir > 0 ? 'next' : 'prev'}`);
  };

  screen(() => `${t('a.tab.ranking')} · ${a.config.name}`, () => {
    const cohort = ranked.cohort || review.cohort || {};
    const k = cohort.topK || 10;
    const showTop = (cohort.n || 0) > k; // with K or fewer candidates everyone is in the top K
    const filtered = Boolean(st.caution || st.decision || st.standing);
    const tests = ranked.tests || review.tests || [];
    const tiers = (ranked.tiers || []).filter((x) => x.group === 'ranked');

    // Selection to compare: checkboxes update the count and the button in place.
    const countText = () => {
      const n = st.selected.size;
      if (!n) return t('rank.select.none');
      return `${t('rank.select.count', { n: fmtNumber(n), count: n })}${n >= COMPARE_MAX ? ` ${t('rank.select.full')}` : ''}`;
    };
    const selCount = h('p', { id: 'compare-count', class: 'muted', 'aria-live': 'polite' }, countText());
    const goCompare = () => {
      const ids = [...st.selected.keys()];
      location.hash = `#/a/${enc(a.id)}/compare/${ids.map(enc).join(',')}`;
    };
    const compareBtn = h('button', { type: 'button', id: 'compare-go', disabled: st.selected.size < 2, onclick: goCompare }, t('rank.select.go'));
    const clearBtn = h('button', { type: 'button', class: 'quiet', id: 'compare-clear', onclick: () => {
      st.selected.clear();
      syncSelection();
      if (boxes[0]) boxes[0].focus(); // the button just hid itself
      announce(countText());
    } }, t('rank.select.clear'));
    // Shown only with something to clear (style, not the hidden attribute: a button's display wins over it).
    clearBtn.style.display = st.selected.size ? '' : 'none';
    const boxes = [];
    const syncSelection = () => {
      selCount.textContent = countText();
      compareBtn.disabled = st.selected.size < 2;
      clearBtn.style.display = st.selected.size ? '' : 'none';
      for (const b of boxes) {
        b.checked = st.selected.has(b.value);
        b.disabled = !b.checked && st.selected.size >= COMPARE_MAX;
      }
    };
    const selectBox = (r) => {
      const box = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', class: 'select-compare', value: r.candidateId,
        'aria-label': t('rank.select.one', { name: r.name || r.candidateId }), checked: st.selected.has(r.candidateId),
        disabled: !st.selected.has(r.candidateId) && st.selected.size >= COMPARE_MAX,
        onchange: () => {
          if (box.checked && st.selected.size < COMPARE_MAX) st.selected.set(r.candidateId, r.name);
          else st.selected.delete(r.candidateId);
          syncSelection();
        } }));
      boxes.push(box);
      return box;
    };
    const selectBar = h('div', { class: 'actions compare-bar', id: 'compare-bar', role: 'group', 'aria-label': t('rank.select') }, selCount, compareBtn, clearBtn);

    const row = (r) => {
      const cid = r.candidateId;
      const ab = r.abilityComposite;
      const byTest = new Map((r.tests || []).map((x) => [x.test, x.score]));
      return h('tr', { dataset: { candidate: cid, tier: String(r.tier || '') } },
        h('td', { class: 'select' }, selectBox(r)),
        h('td', { class: 'place' }, h('strong', {}, fmtNumber(r.rank)),
          r.rankHigh > r.rankLow ? [h('span', { class: 'muted sep' }, ' · '),
            h('span', { class: 'muted likely' }, t('rank.likely', { low: fmtNumber(r.rankLow), high: fmtNumber(r.rankHigh) }))] : null),
        h('th', { scope: 'row' }, h('a', { href: `#/a/${enc(a.id)}/c/${enc(cid)}` }, r.name || cid)),
        h('td', { class: 'num' }, h('strong', { class: 'tscore' }, tText(r.composite)), h('br'),
          h('span', { class: 'muted nowrap' }, t('rank.band.t', { band: bandT(r.band) }))),
        h('td', { class: 'chart' }, tBand(r.composite, r.band)),
        h('td', { class: 'num nowrap' }, r.tier ? t('rank.tier.cell', { n: fmtNumber(r.tier) }) : ''),
        tests.map((x) => {
          const sc = byTest.get(x.id);
          return h('td', { class: 'num test', dataset: { test: x.id } }, sc ? [h('span', { class: 'tscore' }, tText(sc.value)),
            h('span', { class: 'visually-hidden' }, ` (${t('rank.band.t', { band: bandT(sc.band) })})`), miniBand(sc)] : dash(t('rank.test.none')));
        }),
        h('td', { class: 'num' }, ab ? [h('span', { class: 'tscore' }, tText(ab.value)), h('br'),
          h('span', { class: 'muted nowrap' }, t('rank.band.t', { band: bandT(ab.band) }))] : dash(t('rank.ability.none'))),
        showTop ? h('td', { class: 'num nowrap' }, t('rank.top.cell', { p: chance(r.pTop), k })) : null,
        h('td', {}, cautionPills(r.cautions, r.belowMinimum, names)),
        h('td', { class: 'decision' }, decisionPill(r.decision)));
    };
    // A sortable column's header: a button; the active one carries aria-sort.
    const sortable = (tableId, key, label, cls) => {
      const active = st.sort === key;
      const dirKey = key === 'name' ? `rank.sorted.name.${st.dir}` : `rank.sorted.${st.dir}`;
      return h('th', { scope: 'col', class: cls || null, 'aria-sort': active ? (st.dir === 'asc' ? 'ascending' : 'descending') : null },
        h('button', { type: 'button', class: 'quiet sort-button', id: `${tableId}-sort-${key.replace(':', '-')}`,
          'aria-label': active ? `${label}, ${t(dirKey)}` : t('rank.sort.by', { col: label }),
          onclick: () => resort(key, label, `${tableId}-sort-${key.replace(':', '-')}`) },
        label, h('span', { 'aria-hidden': 'true' }, active ? (st.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕')));
    };
    const resort = (key, label, focus) => {
      if (st.sort === key) st.dir = st.dir === 'asc' ? 'desc' : 'asc';
      else { st.sort = key; st.dir = key === 'name' ? 'asc' : 'desc'; }
      st.review = freshPages();
      st.ranked = freshPages();
      again(focus).then(() => announce(t('rank.sort.done', { col: label })));
    };
    const table = (id, caption, rows) => h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption }, h('table', { class: 'data ranking', id },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('rank.select'))),
        h('th', { scope: 'col' }, t('rank.place')),
        sortable(id, 'name', t('rank.name')),
        sortable(id, 'fit', t('rank.fit'), 'num'),
        h('th', { scope: 'col', class: 'chart' }, h('span', { class: 'visually-hidden' }, t('rank.chart')), tAxis()),
        h('th', { scope: 'col', class: 'num' }, t('rank.tier')),
        tests.map((x) => sortable(id, `test:${x.id}`, t('rank.test.t', { name: x.name }), 'num')),
        sortable(id, 'ability', t('rank.ability'), 'num'),
        showTop ? h('th', { scope: 'col', class: 'num' }, t('rank.top', { k })) : null,
        h('th', { scope: 'col' }, t('rank.cautions')),
        h('th', { scope: 'col' }, t('rank.decision')))),
      h('tbody', {}, rows.map(row))));
    const range = (g, data) => {
      const start = st[g].starts[st[g].page] || 0;
      const n = data.ranking.length;
      return t(n === 1 ? 'rank.range.one' : 'rank.range', { from: fmtNumber(n ? start + 1 : 0), to: fmtNumber(start + n), total: fmtNumber(data.total) });
    };
    const pager = (g, data) => {
      const s = st[g];
      const text = h('p', { id: `${g}-range`, tabindex: '-1', class: 'range-text' }, range(g, data));
      if (!(data.next || s.page > 0)) return h('div', { class: 'pager' }, text);
      return h('nav', { class: 'pager', 'aria-label': t(`rank.pages.${g}`) },
        h('button', { type: 'button', class: 'secondary', id: `${g}-prev`, disabled: s.page === 0, onclick: () => go(g, data, -1) }, t('rank.prev')),
        text,
        h('button', { type: 'button', class: 'secondary', id: `${g}-next`, disabled: !data.next, onclick: () => go(g, data, 1) }, t('rank.next')));
    };

    const cautionSel = h('select', { id: 'f-caution', value: st.caution },
      h('option', { value: '' }, t('rank.f.caution.any')),
      CAUTIONS.map((c) => h('option', { value: c }, cautionLabel(c))));
    const decisionSel = h('select', { id: 'f-decision', value: st.decision },
      h('option', { value: '' }, t('rank.f.decision.any')),
      ['advance', 'hold', 'reject'].map((d) => h('option', { value: d }, t(`dec.${d}`))),
      h('option', { value: 'none' }, t('rank.decision.none')));
    const standingSel = h('select', { id: 'f-standing', value: st.standing },
      h('option', { value: '' }, t('rank.f.standing.any')),
      STANDINGS.map((x) => h('option', { value: x }, t(`rank.f.standing.${x}`))));
    const apply = (caution, decision, focus, standing = '') => {
      st.caution = caution;
      st.decision = decision;
      st.standing = standing;
      st.review = freshPages();
      st.ranked = freshPages();
      again(focus).then(() => announce(t('rank.f.result', { n: fmtNumber(st.count), count: st.count })));
    };
    const form = h('form', { class: 'filter-form panel', id: 'rank-filters', novalidate: true, 'aria-label': t('rank.f.label') },
      h('div', { class: 'field' }, h('label', { for: 'f-standing' }, t('rank.f.standing')), standingSel),
      h('div', { class: 'field' }, h('label', { for: 'f-caution' }, t('rank.f.caution')), cautionSel),
      h('div', { class: 'field' }, h('label', { for: 'f-decision' }, t('rank.f.decision')), decisionSel),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'secondary', id: 'f-apply' }, t('rank.f.apply')),
        filtered ? h('button', { type: 'button', class: 'quiet', id: 'f-clear', onclick: () => apply('', '', 'f-apply') }, t('rank.f.clear')) : null));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      apply(cautionSel.value, decisionSel.value, 'f-apply', standingSel.value);
    });

    const how = h('details', { class: 'instructions-box', id: 'rank-how' },
      h('summary', {}, t('rank.how')),
      h('p', {}, t('rank.lead')),
      h('p', {}, t('rank.how.t')),
      h('p', {}, t('rank.how.tiers')),
      ranked.tierRule ? h('p', { id: 'tier-rule' }, ranked.tierRule) : null,
      tests.length ? h('p', {}, t('rank.how.tests')) : null,
      h('p', {}, t('rank.how.place')),
      h('p', {}, t('rank.how.ability')),
      h('p', {}, t('rank.how.top', { k })),
      ranked.rankRule ? h('p', { id: 'rank-rule' }, ranked.rankRule) : null);

    if (!cohort.n) {
      return frame(t('rank.title'), cohortLabel(cohort), h('p', { class: 'note', id: 'rank-empty' }, t('rank.empty')), how);
    }
    const reviewTotal = review.total || 0;
    const rankedTotal = ranked.total || 0;
    const reviewSection = reviewTotal ? h('section', { class: 'review-first', id: 'review-first', 'aria-labelledby': 'review-h' },
      h('h3', { id: 'review-h' }, t('rank.review.title', { n: fmtNumber(reviewTotal), count: reviewTotal })),
      h('p', { id: 'review-lead' }, t('rank.review.lead')),
      table('review-table', `${t('rank.review.caption')}, ${range('review', review)}`, review.ranking || []),
      pager('review', review)) : null;
    const first = tiers[0];
    const headline = first ? h('div', { class: 'headline', id: 'tiers' },
      h('p', { class: 'lead', id: 'tiers-headline' }, h('strong', {},
        t(tiers.length === 1 ? 'rank.tiers.all' : 'rank.tiers.top', { n: fmtNumber(first.size), count: first.size }))),
      tiers.length > 1 ? [h('p', { id: 'tiers-rest' }, t('rank.tiers.rest', { n: fmtNumber(tiers.length - 1), count: tiers.length - 1 })),
        h('ul', { class: 'inline-list', id: 'tiers-list', 'aria-label': t('rank.tiers.list') }, tiers.slice(1, 6).map((x) => h('li', {},
          t('rank.tiers.item', { first: fmtNumber(x.first), last: fmtNumber(x.last), n: fmtNumber(x.size), count: x.size }))),
        tiers.length > 6 ? h('li', {}, '…') : null)] : null) : null;
    const normLabel = cohort.scale && cohort.scale.normLabel ? h('p', { class: 'muted', id: 'rank-norm' }, t('rank.norm', { label: cohort.scale.normLabel })) : null;
    const rankedTitle = t(reviewTotal ? 'rank.ranked.title' : 'rank.all.title', { n: fmtNumber(rankedTotal), count: rankedTotal });
    const rankedSection = h('section', { class: 'ranked', id: 'ranked', 'aria-labelledby': 'ranked-h' },
      h('h3', { id: 'ranked-h' }, rankedTitle),
      rankedTotal ? [table('ranked-table', `${rankedTitle}, ${range('ranked', ranked)}`, ranked.ranking || []), pager('ranked', ranked)]
        : h('p', { class: 'note' }, filtered ? t('rank.f.none') : t('rank.ranked.none')));
    return frame(t('rank.title'),
      headline,
      cohortLabel(cohort),
      normLabel,
      provisionalNote(cohort),
      how,
      form,
      selectBar,
      // #ranking holds both groups: a candidate is found there whichever group they are in.
      h('div', { id: 'ranking' }, reviewSection, rankedSection),
      h('p', { class: 'note', id: 'rank-note' }, ranked.note || t('rank.decide')));
  }, keep);
  if (focusId) {
    const el = /** @type {HTMLButtonElement|null} */ (document.getElementById(focusId));
    const g = focusId.split('-')[0];
    if (el && !el.disabled) el.focus(); else document.getElementById(`${g}-range`)?.focus();
  }
  return undefined;
}

// @ts-check
// The console's figures on one scale, shared by the ranking, the candidate detail and the
// statistics: role fit and scale scores on the T scale (T = 50 + 10·z, the PDFs' scale)
// drawn on a 20–80 axis with their 95% bands; raw scores in their own metric with bands
// clipped to its range; caution pills; the cohort label and the provisional-norms note;
// scale names from the catalog.

import { h } from '../dom.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';

export const enc = encodeURIComponent;
export const num = (v, d = 2) => (typeof v === 'number' && Number.isFinite(v) ? fmtNumber(Math.round(v * 10 ** d) / 10 ** d) : '');
export const T_MIN = 20;
export const T_MAX = 80;
export const T_TICKS = [20, 30, 40, 50, 60, 70, 80];
/** Caution codes in the server's order (serious evidence first); SERIOUS put a candidate in "review first". */
export const CAUTIONS = ['not_finished', 'random_responding', 'longstring', 'low_variation', 'person_misfit',
  'impression_management', 'inconsistent', 'too_fast', 'focus_loss', 'paste'];
export const SERIOUS = new Set(['not_finished', 'random_responding', 'longstring', 'person_misfit', 'impression_management']);
/** Each metric's own range: bands are clipped to it (a 0–1 share never shows 1.12). */
export const METRIC_RANGE = { 'mean-1-5': [1, 5], theta: [-4, 4], proportion: [0, 1] };

export const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
export const toT = (z) => 50 + 10 * z;
/** A z-unit figure as a whole T score ("58"), kept within 0–100 as the PDFs and the CSV print it. */
export const tText = (z) => (isNum(z) ? fmtNumber(Math.round(Math.min(100, Math.max(0, toT(z))))) : '');
export const tPos = (tv) => ((Math.min(T_MAX, Math.max(T_MIN, tv)) - T_MIN) / (T_MAX - T_MIN)) * 100;
export const bandT = (b) => (b && isNum(b.low) && isNum(b.high) ? t('band.range', { low: tText(b.low), high: tText(b.high) }) : '');
export const pctOpts = { style: 'percent', maximumFractionDigits: 0 };
/** A probability as a whole percentage. */
export function chance(p) {
  if (!isNum(p)) return '';
  // An estimate from a finite number of draws: "<1%" rather than a certain-sounding 0%.
  if (p < 0.005) return `<${fmtNumber(0.01, pctOpts)}`;
  if (p >= 0.995) return `>${fmtNumber(0.99, pctOpts)}`;
  return fmtNumber(p, pctOpts);
}
export const cautionLabel = (code) => { const s = t(`caution.${code}`); return s === `caution.${code}` ? code : s; };

/** "—" that says why to screen readers (and on hover). */
export function dash(why) {
  return h('span', { class: 'dash' }, h('span', { 'aria-hidden': 'true', title: why }, '—'), h('span', { class: 'visually-hidden' }, why));
}

/** The 20–80 axis above a column of band charts (decorative: the numbers are in the table). */
export function tAxis() {
  return h('div', { class: 't-axis', 'aria-hidden': 'true' }, T_TICKS.map((v) => {
    const s = h('span', {}, String(v));
    s.style.left = `${tPos(v)}%`;
    return s;
  }));
}

/** A score (z units) and its 95% band, drawn on the T axis from 20 to 80. */
export function tBand(z, band) {
  const el = h('div', { class: 'band t-band', 'aria-hidden': 'true' });
  if (!isNum(z)) return el;
  if (band && isNum(band.low) && isNum(band.high)) {
    const range = h('span', { class: 'range' });
    range.style.left = `${tPos(toT(band.low))}%`;
    range.style.width = `${Math.max(1, tPos(toT(band.high)) - tPos(toT(band.low)))}%`;
    el.append(range);
  }
  const pt = h('span', { class: 'point' });
  pt.style.left = `${tPos(toT(z))}%`;
  el.append(pt);
  return el;
}

/** "As of 6 Dec 2026, 10:19 · n = 70 scored · compared with …": which cohort view the figures are. */
export function cohortLabel(cohort, id = 'cohort-label') {
  if (!cohort || !cohort.asOf) return null;
  const norms = cohort.norms || [];
  const local = norms.filter((x) => x.norm === 'local').length;
  const normKey = !norms.length ? '' : local === norms.length ? 'cohort.norm.local' : local ? 'cohort.norm.mixed' : 'cohort.norm.reference';
  return h('p', { class: 'muted cohort-label', id },
    t('cohort.label', { time: fmtDate(cohort.asOf), n: fmtNumber(cohort.n || 0) }),
    normKey ? ` · ${t(normKey)}` : '');
}

/** When any scale is still measured against a provisional reference, percentiles are withheld: say so. */
export function provisionalNote(cohort) {
  if (!cohort || !(cohort.norms || []).some((x) => x.provisional)) return null;
  return h('p', { class: 'note', id: 'provisional-note' }, t('cohort.provisional'));
}

export function cautionPills(codes, below, names) {
  const pills = [];
  // low_variation is serious only beside longstring (the server's rule, as the detail's "serious" says).
  const serious = (c) => SERIOUS.has(c) || (c === 'low_variation' && (codes || []).includes('longstring'));
  for (const c of codes || []) pills.push(h('span', { class: `pill ${serious(c) ? 'bad' : 'warn'}`, dataset: { caution: c } }, cautionLabel(c)));
  for (const b of below || []) {
    pills.push(h('span', { class: 'pill bad' }, t(b.clearly ? 'rank.below.clearly' : 'rank.below', { name: scaleName(names, b.scale) })));
  }
  if (!pills.length) return h('span', { class: 'muted' }, t('rank.cautions.none'));
  return h('span', { class: 'pills' }, pills);
}

/** Scale id → name, from the catalog descriptions of the assessment's instruments. */
export async function scaleNames(app, a) {
  const out = {};
  const insts = await Promise.all(a.config.sections.map((s) => app.catalog(`/v1/catalog/instruments/${encodeURIComponent(s.instrument)}`).catch(() => null)));
  for (const inst of insts) {
    if (!inst) continue;
    out[inst.id] = inst.name;
    for (const sc of inst.scales || []) out[sc.id] = sc.name;
  }
  return out;
}

/** A raw score in its own metric: a 1–5 average, a share of points, or an ability estimate θ. */
export function rawText(metric, v) {
  if (!isNum(v)) return '';
  if (metric === 'proportion') return fmtNumber(v, pctOpts);
  if (metric === 'mean-1-5') return fmtNumber(Math.round(v * 10) / 10, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (metric === 'theta') return `θ ${fmtNumber(Math.round(v * 10) / 10, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}`;
  return num(v);
}

/** A raw band clipped to the metric's range, "low – high" (θ written once, before both). */
export function rawBand(metric, b) {
  if (!b || !isNum(b.low) || !isNum(b.high)) return '';
  const [lo, hi] = METRIC_RANGE[metric] || [-Infinity, Infinity];
  const clip = (v) => Math.min(hi, Math.max(lo, v));
  const fmt = (v) => (metric === 'theta' ? rawText('mean-1-5', v) : rawText(metric, v));
  const range = t('band.range', { low: fmt(clip(b.low)), high: fmt(clip(b.high)) });
  return metric === 'theta' ? `θ ${range}` : range;
}

/** A scale's name: the catalog's, else the console's own (scales the catalog does not list, such as impression management). */
export function scaleName(names, id) {
  if (names[id]) return names[id];
  const own = t(`scale.${id}`);
  return own === `scale.${id}` ? id : own;
}

/** The candidate's scales in the order of the assessment's parts. */
export function scaleOrder(data) {
  const scales = data.scales || {};
  const seen = [];
  for (const sec of data.sections || []) for (const sc of sec.scales || []) if (sc.scale in scales && !seen.includes(sc.scale)) seen.push(sc.scale);
  for (const id of Object.keys(scales)) if (!seen.includes(id)) seen.push(id);
  return seen;
}

// @ts-check
// One renderer per item kind. Each takes the candidate view of an item (texts already in
// the assessment's language, or {es, en} for the site's own practice items) and returns
// {el, focus()}; it calls onChange(value) with the API's value shape for that kind
// (see shared/assess/answers.go) once the answer is complete, and onEvent({type, item})
// for paste events. Everything is native form controls: radio groups in fieldsets with
// legends, labelled inputs, buttons. Keyboard, screen readers and touch work without
// extra scripting, except the data-validation sheet, one tab stop with arrow keys between
// its cells (see datavalidation).

import { h, uid, announce } from '../dom.js';
import { t, txt } from '../i18n.js';

const LETTERS = 'ABCDEFGHIJ';

export const MAX_WRITING = 5000;

/** Whether a stored value counts as an answer (the server only ever holds complete ones). */
export function answered(value) {
  return value !== undefined && value !== null;
}

export function renderItem(kind, item, opts) {
  const r = RENDERERS[kind];
  if (!r) {
    const el = h('p', { class: 'note warn' }, `Unsupported question type: ${kind}`);
    return { el, focus() {} };
  }
  return r(item, opts);
}

/** @param {{name: string, legend: any, legendClass?: string, options: any[], checked: number, onPick: (i: number) => any, describedBy?: string, compact?: boolean, disabledIndex?: number}} o */
function radioGroup({ name, legend, legendClass, options, checked, onPick, describedBy, compact, disabledIndex }) {
  const inputs = [];
  const fs = h('fieldset', { class: compact ? 'pick' : '' },
    h('legend', { class: legendClass || '' }, legend),
    h('div', { class: compact ? 'pick-row' : 'options' }, options.map((opt, i) => {
      const input = h('input', {
        type: 'radio', name, value: String(i), checked: checked === i,
        disabled: disabledIndex === i,
        'aria-describedby': opt.describedBy || describedBy,
        onchange: () => onPick(i),
      });
      inputs.push(input);
      return h('label', { class: 'option' }, input, h('span', {}, opt.label));
    })));
  return { fs, inputs };
}

/** Likert: one statement, five labelled points. value: 1..5 */
function likert(item, { value, onChange, lang, agreement }) {
  const name = uid('lk');
  const stemId = uid('stem');
  const labels = Array.isArray(agreement) && agreement.length === 5 ? agreement : null;
  const points = [1, 2, 3, 4, 5].map((n) => ({ label: labels ? labels[n - 1] : likertLabel(n, lang) }));
  const { fs, inputs } = radioGroup({
    name, legend: txt(item.text, lang), legendClass: 'stem',
    options: points, checked: typeof value === 'number' ? value - 1 : -1,
    onPick: (i) => onChange(i + 1),
  });
  fs.classList.add('likert');
  fs.setAttribute('aria-describedby', stemId);
  const el = h('div', {}, fs, h('p', { id: stemId, class: 'visually-hidden' }, likertLegend(lang)));
  return { el, focus: () => focusChecked(inputs) };
}

function likertLabel(n, lang) {
  return LIKERT[lang]?.[n - 1] || t(`likert.${n}`);
}
function likertLegend(lang) {
  return lang === 'es' ? '¿Cuánto te describe esto?' : lang === 'en' ? 'How well does this describe you?' : t('likert.legend');
}
// The catalog's own anchors (shared/catalog/view.go), so practice and test read the same.
const LIKERT = {
  en: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
  es: ['Muy en desacuerdo', 'En desacuerdo', 'Ni de acuerdo ni en desacuerdo', 'De acuerdo', 'Muy de acuerdo'],
};

/** Multiple choice: value is the option index. */
function choice(item, { value, onChange, lang }) {
  const name = uid('ch');
  const parts = [];
  if (item.svg) parts.push(figure(item.svg, txt(item.svgAlt, lang)));
  const { fs, inputs } = radioGroup({
    name, legend: txt(item.text, lang), legendClass: 'stem',
    options: (item.options || []).map((o, i) => ({ label: [h('span', { class: 'letter', 'aria-hidden': 'true' }, LETTERS[i]), ' ', txt(o, lang)] })),
    checked: typeof value === 'number' ? value : -1,
    onPick: (i) => onChange(i),
  });
  const el = h('div', {}, parts, fs);
  return { el, focus: () => focusChecked(inputs) };
}

/** A generated figure: our own SVG, parsed as SVG (scripts and handlers dropped). */
function figure(svgText, alt) {
  const box = h('div', { class: 'figure' });
  try {
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const svg = doc.documentElement;
    if (svg && svg.nodeName.toLowerCase() === 'svg') {
      svg.querySelectorAll('script, foreignObject').forEach((n) => n.remove());
      for (const el of [svg, ...svg.querySelectorAll('*')]) {
        for (const a of [...el.attributes]) {
          if (/^on/i.test(a.name) || a.name === 'style' || /^(xlink:)?href$/i.test(a.name)) el.removeAttribute(a.name);
        }
      }
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', alt || '');
      svg.setAttribute('focusable', 'false');
      box.append(document.importNode(svg, true));
    }
  } catch { /* a figure that does not parse is left out; the alt text still describes it */ }
  if (!box.firstChild) box.append(h('p', {}, alt));
  return box;
}

/**
 * Two picks from one list: SJT best/worst ({best, worst}) and DISC most/least
 * ({most, least}). The options are listed once with letters (SJT) or inline (DISC); the
 * two radio groups cannot pick the same option.
 */
function pickTwo(keys, labels, item, { value, onChange, lang }, compact) {
  const opts = compact ? (item.options || []) : (item.descriptors || item.options || []);
  const state = { [keys[0]]: value?.[keys[0]], [keys[1]]: value?.[keys[1]] };
  const listIds = opts.map(() => uid('opt'));
  const parts = [];
  const stem = txt(item.text, lang);
  if (stem) parts.push(h('p', { class: compact ? 'stem scenario' : 'stem' }, stem));
  if (compact) {
    parts.push(h('h3', { class: 'visually-hidden' }, t('sjt.options')));
    parts.push(h('ol', { class: 'letters' }, opts.map((o, i) =>
      h('li', {}, h('span', { class: 'letter', 'aria-hidden': 'true' }, LETTERS[i]), h('span', { id: listIds[i] }, txt(o, lang))))));
  }
  const groups = [];
  const build = () => keys.map((k, gi) => {
    const other = keys[1 - gi];
    const g = radioGroup({
      name: uid(k), legend: labels[gi],
      options: opts.map((o, i) => compact
        ? { label: LETTERS[i], describedBy: listIds[i] }
        : { label: txt(o.text ?? o, lang) }),
      checked: typeof state[k] === 'number' ? state[k] : -1,
      disabledIndex: typeof state[other] === 'number' ? state[other] : -1,
      compact,
      onPick: (i) => {
        state[k] = i;
        // The other group may not take the same option: disable it there.
        groups[1 - gi].inputs.forEach((inp, j) => { inp.disabled = j === i; });
        if (typeof state[other] === 'number' && state[other] !== state[k]) {
          onChange({ [keys[0]]: state[keys[0]], [keys[1]]: state[keys[1]] });
        }
      },
    });
    groups[gi] = g;
    return g.fs;
  });
  const el = h('div', {}, parts, build());
  return { el, focus: () => focusChecked(groups[0].inputs) };
}

function sjt(item, opts) {
  return pickTwo(['best', 'worst'], [t('sjt.best'), t('sjt.worst')], item, opts, true);
}

function disc(item, opts) {
  return pickTwo(['most', 'least'], [t('disc.most'), t('disc.least')], item, opts, false);
}

/**
 * Data validation: source documents, an editable sheet (cells pre-filled with what was
 * typed; a cell whose value differs is a correction) and a numeric answer.
 * value: {cells: {"row:columnId": "value"}, total: number}
 *
 * Layout (app.css, candidate app): on a wide screen the sheet fills the widened column with
 * the document of the row being edited in a sticky pane beside it (the field of the cell's
 * column highlighted); on a narrow screen (a phone, or 200% zoom) each row becomes a card
 * under its own document, so nothing scrolls sideways away from the document. Both are the
 * same table: the documents beside it and the ones inside it are shown one set at a time.
 *
 * Keyboard (the WAI-ARIA grid pattern): the sheet is one tab stop (roving tabindex on its
 * inputs). Arrow keys move between cells, Home/End to the row's first/last cell,
 * Ctrl+Home/Ctrl+End to the first/last cell; typing replaces the cell's value and Enter or
 * F2 edits it in place (arrows then move the caret); Enter ends the edit, Escape undoes it;
 * Tab leaves the sheet for the answer field. The keys are listed on screen (dv.keys).
 */
function datavalidation(item, { value, onChange, onEvent, lang }) {
  const task = item.task || {};
  const cols = task.columns || [];
  const rows = task.rows || [];
  const docsIn = task.documents || [];
  const cells = { ...(value?.cells || {}) };
  let total = typeof value?.total === 'number' ? value.total : undefined;
  const emit = () => {
    const v = { cells: { ...cells } };
    if (total !== undefined) v.total = total;
    onChange(v);
  };
  const letter = (ci) => LETTERS[ci] || String(ci + 1);
  /** @type {HTMLInputElement[][]} */
  const grid = rows.map(() => []);
  const hintId = uid('keys');
  const captionId = uid('cap');
  // A document's field belongs to the column of the same label (the candidate's view of an
  // item carries labels only; the site's own practice items also name the column).
  const byLabel = new Map(cols.map((c) => [txt(c.label, lang).trim().toLowerCase(), c.id]));
  const columnOf = (f) => f.column || byLabel.get(txt(f.label, lang).trim().toLowerCase()) || '';
  const docTitle = (ri) => t('dv.doc.row', { row: ri + 2, title: txt(docsIn[ri]?.title, lang) });

  /** One source document: its title (with the row typed from it) and its fields. */
  const docCard = (ri, withRow) => {
    const d = docsIn[ri] || {};
    return h('div', { class: 'doc', dataset: { row: String(ri) } },
      h('p', { class: 'doc-title' }, withRow ? docTitle(ri) : txt(d.title, lang)),
      h('dl', {}, (d.fields || []).map((f) => h('div', { class: 'doc-field', dataset: { column: columnOf(f) } },
        h('dt', {}, txt(f.label, lang)), h('dd', {}, f.value)))));
  };

  // Each column's inputs are as wide as its longest value (documents included), within
  // limits; the headers wrap instead.
  const sizes = cols.map((c, ci) => {
    let n = 0;
    rows.forEach((row, ri) => {
      n = Math.max(n, String(row[ci] ?? '').length);
      for (const f of docsIn[ri]?.fields || []) if (columnOf(f) === c.id) n = Math.max(n, String(f.value).length);
    });
    return Math.min(30, Math.max(4, n));
  });

  const body = [];
  rows.forEach((row, ri) => {
    body.push(h('tr', { role: 'row', class: 'dv-docrow', dataset: { row: String(ri) } },
      h('td', { role: 'gridcell', colspan: String(cols.length + 1) }, docCard(ri, true))));
    body.push(h('tr', { role: 'row', class: 'dv-row', dataset: { row: String(ri) } },
      h('th', { role: 'rowheader', scope: 'row' }, String(ri + 2)),
      cols.map((c, ci) => {
        const key = `${ri}:${c.id}`;
        const original = row[ci] ?? '';
        const td = h('td', { role: 'gridcell' });
        const input = /** @type {HTMLInputElement} */ (h('input', {
          type: 'text', autocomplete: 'off', spellcheck: 'false', dataset: { cell: key, r: String(ri), c: String(ci) },
          size: String(sizes[ci]), tabindex: ri === 0 && ci === 0 ? '0' : '-1',
          'aria-label': t('dv.cell', { row: ri + 2, col: letter(ci), label: txt(c.label, lang) }),
          value: key in cells ? cells[key] : original,
        }));
        const mark = () => {
          const changed = input.value.trim() !== String(original).trim();
          td.classList.toggle('changed', changed);
          if (changed) cells[key] = input.value.trim(); else delete cells[key];
        };
        input.addEventListener('input', () => { mark(); emit(); });
        input.addEventListener('paste', () => onEvent && onEvent({ type: 'paste', item: item.id }));
        grid[ri][ci] = input;
        td.append(h('span', { class: 'dv-lab', 'aria-hidden': 'true' }, `${letter(ci)}${ri + 2} · ${txt(c.label, lang)}`), input);
        mark();
        return td;
      })));
  });
  const table = h('table', { class: 'sheet', role: 'grid', 'aria-labelledby': captionId, 'aria-describedby': hintId },
    h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' },
      h('th', { role: 'columnheader', scope: 'col' }, h('span', { class: 'visually-hidden' }, t('dv.row'))),
      cols.map((c, ci) => h('th', { role: 'columnheader', scope: 'col' }, h('span', { class: 'col-letter', 'aria-hidden': 'true' }, letter(ci)), txt(c.label, lang))))),
    h('tbody', { role: 'rowgroup' }, body));

  // The pane beside the sheet (wide screens): the document of the row being edited.
  const paneDoc = h('div', { class: 'dv-pane-doc' });
  const paneHead = h('p', { class: 'dv-pane-title' });
  const pane = h('aside', { class: 'dv-pane', 'aria-label': t('dv.docs') }, paneHead, paneDoc, h('p', { class: 'muted small' }, t('dv.pane.note')));
  let at = { r: 0, c: 0 };
  let editing = false;
  let before = '';
  let byPointer = false;
  const showDoc = () => {
    paneHead.textContent = t('dv.pane.title', { row: at.r + 2 });
    const card = docCard(at.r, false);
    const col = cols[at.c] && cols[at.c].id;
    card.querySelectorAll('.doc-field').forEach((f) => f.classList.toggle('hit', !!col && /** @type {HTMLElement} */ (f).dataset.column === col));
    paneDoc.replaceChildren(card);
    table.querySelectorAll('tr.dv-row').forEach((tr) => tr.classList.toggle('active-row', /** @type {HTMLElement} */ (tr).dataset.row === String(at.r)));
  };
  const setEditing = (on) => {
    editing = on;
    const input = grid[at.r]?.[at.c];
    if (input) input.closest('td').classList.toggle('editing', on);
  };
  const go = (r, c) => {
    r = Math.max(0, Math.min(rows.length - 1, r));
    c = Math.max(0, Math.min(cols.length - 1, c));
    const input = grid[r]?.[c];
    if (input) input.focus();
  };
  table.addEventListener('pointerdown', (ev) => {
    const target = /** @type {HTMLElement} */ (ev.target);
    byPointer = !!(target && target.closest && target.closest('input[data-cell]'));
  });
  table.addEventListener('focusin', (ev) => {
    const input = /** @type {HTMLInputElement} */ (ev.target);
    if (!input || !input.dataset || input.dataset.cell === undefined) return;
    const prev = grid[at.r]?.[at.c];
    if (prev && prev !== input) { prev.tabIndex = -1; prev.closest('td').classList.remove('editing'); }
    input.tabIndex = 0;
    at = { r: Number(input.dataset.r), c: Number(input.dataset.c) };
    before = input.value;
    // A tap or click edits where it lands; arriving by keyboard selects the cell (typing replaces it).
    setEditing(byPointer);
    if (!byPointer) input.select();
    byPointer = false;
    showDoc();
  });
  table.addEventListener('keydown', (ev) => {
    const input = /** @type {HTMLInputElement} */ (ev.target);
    if (!input || !input.dataset || input.dataset.cell === undefined) return;
    const { r, c } = at;
    const k = ev.key;
    const move = (nr, nc) => { ev.preventDefault(); setEditing(false); go(nr, nc); const now = grid[at.r][at.c]; if (now === input) input.select(); };
    if (editing) {
      if (k === 'Enter' || k === 'F2') { ev.preventDefault(); setEditing(false); before = input.value; input.select(); }
      else if (k === 'Escape') {
        ev.preventDefault();
        if (input.value !== before) { input.value = before; input.dispatchEvent(new Event('input', { bubbles: true })); }
        setEditing(false); input.select();
      } else if (k === 'ArrowUp') move(r - 1, c);
      else if (k === 'ArrowDown') move(r + 1, c);
      return;
    }
    const ctrl = ev.ctrlKey || ev.metaKey;
    if (k === 'ArrowRight') move(r, c + 1);
    else if (k === 'ArrowLeft') move(r, c - 1);
    else if (k === 'ArrowDown') move(r + 1, c);
    else if (k === 'ArrowUp') move(r - 1, c);
    else if (k === 'Home') move(ctrl ? 0 : r, 0);
    else if (k === 'End') move(ctrl ? rows.length - 1 : r, cols.length - 1);
    else if (k === 'PageUp') move(0, c);
    else if (k === 'PageDown') move(rows.length - 1, c);
    else if (k === 'Enter' || k === 'F2') {
      ev.preventDefault();
      before = input.value;
      setEditing(true);
      const end = input.value.length;
      input.setSelectionRange(end, end);
    } else if (k === 'Escape') {
      ev.preventDefault();
    } else if ((k.length === 1 && !ctrl && !ev.altKey) || k === 'Backspace' || k === 'Delete') {
      // Typing over a selected cell replaces it, as in a spreadsheet; the edit has begun.
      before = input.value;
      setEditing(true);
    }
  });
  showDoc();

  const totalId = uid('total');
  const qHintId = uid('hint');
  const errId = uid('err');
  const totalInput = h('input', {
    id: totalId, type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'dv-total',
    'aria-describedby': `${qHintId} ${errId}`,
    value: total === undefined ? '' : String(total),
  });
  const err = h('p', { id: errId, class: 'error-text', hidden: true }, t('dv.total.bad'));
  totalInput.addEventListener('input', () => {
    const n = parseNumber(totalInput.value);
    const bad = totalInput.value.trim() !== '' && n === undefined;
    err.hidden = !bad;
    totalInput.setAttribute('aria-invalid', bad ? 'true' : 'false');
    total = n;
    emit();
  });
  totalInput.addEventListener('paste', () => onEvent && onEvent({ type: 'paste', item: item.id }));

  const el = h('div', { class: 'dv' },
    h('p', { class: 'stem' }, txt(item.text, lang)),
    h('div', { class: 'dv-layout' },
      h('div', { class: 'dv-main' },
        h('h3', { id: captionId }, t('dv.sheet')),
        h('p', { class: 'muted small dv-keys', id: hintId }, t('dv.keys')),
        h('p', { class: 'muted small' }, t('dv.changed')),
        h('div', { class: 'sheet-scroll' }, table)),
      pane),
    h('div', { class: 'field' },
      h('label', { for: totalId }, txt(task.question, lang) || t('dv.total')),
      h('span', { id: qHintId, class: 'hint' }, t('dv.total.hint')),
      totalInput, err));
  return { el, focus: () => grid[0]?.[0]?.focus() };
}

/** "1.250,5", "1250,5", "1,250.5", "1250.5" → 1250.5; anything else → undefined. */
export function parseNumber(s) {
  let v = String(s).trim().replace(/\s|\u00a0/g, '');
  if (!v) return undefined;
  const lastComma = v.lastIndexOf(',');
  const lastDot = v.lastIndexOf('.');
  if (lastComma > -1 && lastDot > -1) {
    // The later separator is the decimal one; the other groups thousands.
    if (lastComma > lastDot) v = v.replace(/\./g, '').replace(',', '.');
    else v = v.replace(/,/g, '');
  } else if (lastComma > -1) {
    // One comma is a decimal comma (Spanish); several group thousands.
    v = v.indexOf(',') === lastComma ? v.replace(',', '.') : v.replace(/,/g, '');
  } else if (lastDot > -1 && v.indexOf('.') !== lastDot) {
    v = v.replace(/\./g, ''); // 1.250.000: dots grouping thousands
  }
  if (!/^-?\d+(\.\d+)?$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Writing: a reply with a character counter. value: {text} */
function writing(item, { value, onChange, onEvent, lang }) {
  const task = item.task || {};
  const id = uid('w');
  const counterId = uid('cnt');
  const ta = h('textarea', { id, maxlength: String(MAX_WRITING), 'aria-describedby': counterId, rows: '10', spellcheck: 'true', lang });
  ta.value = value?.text || '';
  const counter = h('p', { id: counterId, class: 'counter' });
  let lastAnnounced = 0;
  const update = () => {
    const n = [...ta.value].length;
    counter.textContent = t('writing.counter', { n, max: MAX_WRITING });
    counter.dataset.over = String(n >= MAX_WRITING);
    const band = Math.floor(n / 1000);
    if (n >= MAX_WRITING - 100 && band !== lastAnnounced) { lastAnnounced = band; announce(counter.textContent); }
  };
  ta.addEventListener('input', () => { update(); onChange({ text: ta.value }); });
  ta.addEventListener('paste', () => onEvent && onEvent({ type: 'paste', item: item.id }));
  update();
  const parts = [];
  if (task.context) parts.push(h('h3', {}, t('writing.context')), h('p', { class: 'scenario' }, txt(task.context, lang)));
  parts.push(h('h3', {}, t('writing.message')), h('blockquote', { class: 'customer-msg' }, txt(item.text, lang)));
  const el = h('div', {}, parts, h('div', { class: 'field' }, h('label', { for: id }, t('writing.label')), ta, counter));
  return { el, focus: () => ta.focus() };
}

/**
 * Parallel cases: order the waiting customers (buttons move a case up or down; no drag
 * needed) and pick a reply for each. value: {order: [caseId…], replies: {caseId: i}}
 */
function cases(item, { value, onChange, lang }) {
  const task = item.task || {};
  const all = task.cases || [];
  const byId = Object.fromEntries(all.map((c) => [c.id, c]));
  let order = Array.isArray(value?.order) && value.order.length === all.length && value.order.every((id) => byId[id])
    ? [...value.order] : all.map((c) => c.id);
  const replies = { ...(value?.replies || {}) };
  const list = h('ol', { class: 'cases', 'aria-label': t('cases.order') });
  const emit = () => onChange({ order: [...order], replies: { ...replies } });

  const draw = (focusKey) => {
    list.replaceChildren();
    order.forEach((cid, pos) => {
      const c = byId[cid];
      const headId = uid('case');
      const up = h('button', {
        type: 'button', class: 'secondary', 'aria-label': `${t('cases.up')}: ${t('cases.position', { pos: pos + 1 })}`,
        'aria-describedby': headId, disabled: pos === 0, dataset: { key: `up-${cid}` },
        onclick: () => move(pos, -1, `up-${cid}`),
      }, h('span', { 'aria-hidden': 'true' }, '↑ '), t('cases.up'));
      const down = h('button', {
        type: 'button', class: 'secondary', 'aria-label': `${t('cases.down')}: ${t('cases.position', { pos: pos + 1 })}`,
        'aria-describedby': headId, disabled: pos === order.length - 1, dataset: { key: `down-${cid}` },
        onclick: () => move(pos, 1, `down-${cid}`),
      }, h('span', { 'aria-hidden': 'true' }, '↓ '), t('cases.down'));
      const g = radioGroup({
        name: uid(`reply-${cid}`), legend: t('cases.reply'),
        options: (c.replies || []).map((r) => ({ label: txt(r, lang) })),
        checked: typeof replies[cid] === 'number' ? replies[cid] : -1,
        onPick: (i) => { replies[cid] = i; emit(); },
      });
      list.append(h('li', { class: 'case', dataset: { case: cid } },
        h('div', { class: 'case-head' },
          h('span', { class: 'case-pos', 'aria-hidden': 'true' }, `${pos + 1}.`),
          h('h3', { id: headId }, h('span', { class: 'visually-hidden' }, `${t('cases.position', { pos: pos + 1 })}: `),
            t('cases.wait', { channel: t(`channel.${c.channel}`), min: c.waitingMinutes ?? 0 })),
          h('div', { class: 'case-move' }, up, down)),
        h('blockquote', { class: 'customer-msg' }, txt(c.message, lang)),
        g.fs));
    });
    if (focusKey) {
      const btn = list.querySelector(`[data-key="${focusKey}"]`);
      if (btn && !btn.disabled) btn.focus();
      else {
        // At an end the pressed button is disabled: keep focus on its partner.
        const other = list.querySelector(`[data-key="${focusKey.startsWith('up') ? 'down' : 'up'}-${focusKey.split('-').slice(1).join('-')}"]`);
        if (other) other.focus();
      }
    }
  };
  const move = (pos, delta, key) => {
    const to = pos + delta;
    if (to < 0 || to >= order.length) return;
    [order[pos], order[to]] = [order[to], order[pos]];
    draw(key);
    announce(t('cases.moved', { pos: to + 1, n: order.length }));
    emit();
  };
  draw();
  const el = h('div', {}, h('p', { class: 'stem' }, txt(item.text, lang)), list);
  return { el, focus: () => list.querySelector('button:not([disabled]), input')?.focus() };
}

function focusChecked(inputs) {
  const target = inputs.find((i) => i.checked) || inputs.find((i) => !i.disabled);
  if (target) target.focus();
}

const RENDERERS = { likert, choice, sjt, disc, datavalidation, writing, cases };

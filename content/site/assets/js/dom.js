// @ts-check
// Small DOM helpers. Text always goes in as text nodes (never innerHTML), so nothing a
// server, a CSV or a candidate writes can become markup.

/** h('button', {class: 'x', onclick: fn, 'aria-label': '…'}, 'text', child…) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  append(el, children); // first, so a <select>'s value can name one of its options
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'class') {
        el.className = v;
      } else if (k === 'dataset') {
        Object.assign(el.dataset, v);
      } else if (k === 'value' && 'value' in el) {
        el.value = v;
      } else if (k === 'checked' || k === 'disabled' || k === 'selected' || k === 'open' || k === 'hidden' || k === 'required' || k === 'multiple') {
        el[k] = Boolean(v);
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replace an element's children. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let idSeq = 0;
/** A document-unique id for label/description wiring. */
export function uid(prefix = 'id') {
  idSeq += 1;
  return `${prefix}-${idSeq}`;
}

/** Move focus to el (a heading gets tabindex=-1 so it can take it) without scrolling jumps. */
export function focusHeading(el) {
  if (!el) return;
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: false });
}

/** Announce a message to screen readers through a polite (or assertive) live region. */
export function announce(text, assertive = false) {
  const id = assertive ? 'sr-alert' : 'sr-status';
  let region = document.getElementById(id);
  if (!region) {
    region = h('div', { id, class: 'visually-hidden', role: assertive ? 'alert' : 'status', 'aria-live': assertive ? 'assertive' : 'polite' });
    document.body.append(region);
  }
  region.textContent = '';
  // A fresh node in a later task makes screen readers announce repeated messages too.
  setTimeout(() => { region.textContent = text; }, 60);
}

/** Format seconds as m:ss or h:mm:ss. */
export function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const p = (n) => String(n).padStart(2, '0');
  return hh > 0 ? `${hh}:${p(mm)}:${p(ss)}` : `${mm}:${p(ss)}`;
}

/** Copy text to the clipboard; falls back to a hidden textarea where the API is missing. */
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch { /* fall through */ }
  const ta = h('textarea', { class: 'visually-hidden', 'aria-hidden': 'true', tabindex: '-1' });
  ta.value = text;
  document.body.append(ta);
  ta.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { ok = false; }
  ta.remove();
  return ok;
}

/** Offer text as a downloaded file (a blob: URL, no server round trip). */
export function download(filename, text, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 1000);
}

/** The skip link moves focus to <main> without touching the URL fragment (it holds routes and tokens). */
export function wireSkipLink() {
  const link = document.getElementById('skip');
  if (!link) return;
  link.addEventListener('click', (ev) => {
    ev.preventDefault();
    const main = document.getElementById('main');
    if (main) main.focus();
  });
}

// @ts-check
// Two-language strings. Each app registers its dictionaries; t(key, vars) looks a key up in
// the current language, then English, then shows the key itself (so a gap is visible).

const dicts = { es: {}, en: {} };
let lang = 'en';
const listeners = new Set();

export const LANGS = ['es', 'en'];
export const LANG_NAMES = { es: 'Español', en: 'English' };

export function register(strings) {
  for (const l of LANGS) Object.assign(dicts[l], strings[l] || {});
}

export function getLang() { return lang; }

export function setLang(next) {
  if (!LANGS.includes(next)) return;
  lang = next;
  document.documentElement.lang = next;
  for (const fn of listeners) fn(next);
}

export function onLang(fn) { listeners.add(fn); }

/** The language the browser prefers, of the two we have. */
export function browserLang() {
  for (const tag of navigator.languages || [navigator.language || 'en']) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (LANGS.includes(base)) return base;
  }
  return 'en';
}

export function t(key, vars) {
  let s = dicts[lang][key];
  if (s === undefined) s = dicts.en[key];
  if (s === undefined) return key;
  if (typeof s === 'function') return s(vars || {});
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/** A content text that may be a plain string or {es, en}. */
export function txt(v, l = lang) {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return v[l] ?? v.en ?? v.es ?? '';
}

export function fmtNumber(n, opts) {
  return new Intl.NumberFormat(lang === 'es' ? 'es' : 'en', opts).format(n);
}

export function fmtDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang === 'es' ? 'es' : 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/**
 * The page's language chrome, shared by the candidate app and the console: the language
 * switch (labelled in, and naming, the other language), the skip link and the footer.
 */
export function drawLangChrome() {
  const btn = /** @type {HTMLElement} */ (document.getElementById('lang-switch'));
  btn.textContent = t('lang.switch');
  btn.lang = lang === 'es' ? 'en' : 'es';
  btn.setAttribute('aria-label', t('lang.switch.label'));
  /** @type {HTMLElement} */ (document.getElementById('skip')).textContent = t('skip');
  /** @type {HTMLElement} */ (document.getElementById('footer')).textContent = t('footer');
}

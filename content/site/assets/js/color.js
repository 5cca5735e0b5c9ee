// @ts-check
// WCAG 2 colour arithmetic for an organisation's accent colour: the console shows its
// contrast with white, the candidate app uses it only where it keeps AA contrast.

/** '#rrggbb' → [r, g, b] (0–255), or null when it is not that form. */
export function parseHex(s) {
  const m = /^#([0-9a-f]{6})$/i.exec(String(s || '').trim());
  if (!m) return null;
  const v = parseInt(m[1], 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** [r, g, b] → '#rrggbb'. */
export function toHex(rgb) {
  return `#${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG 2 relative luminance of an sRGB colour. */
export function luminance(rgb) {
  const lin = (c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
}

/** WCAG 2 contrast ratio of two colours (each '#rrggbb' or [r, g, b]); 0 when one is not a colour. */
export function contrast(a, b) {
  const x = typeof a === 'string' ? parseHex(a) : a;
  const y = typeof b === 'string' ? parseHex(b) : b;
  if (!x || !y) return 0;
  const [l1, l2] = [luminance(x), luminance(y)].sort((p, q) => q - p);
  return (l1 + 0.05) / (l2 + 0.05);
}

/** a mixed with b: share 0 is a, 1 is b. */
export function mix(a, b, share) {
  const x = parseHex(a) || [0, 0, 0];
  const y = parseHex(b) || [0, 0, 0];
  return toHex(x.map((c, i) => c + (y[i] - c) * share));
}

/** The ratio as people read it: rounded down to two decimals, so 4.499 never shows as 4.5. */
export function ratioText(r) {
  return (Math.floor(r * 100) / 100).toFixed(2);
}

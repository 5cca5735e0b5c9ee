// RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits: what authenticator apps and the
// identity provider use) from a base32 secret (RFC 4648), with node:crypto only.

import { createHmac } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(secret) {
  let bits = '';
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) {
    const v = B32.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The code for `secret` at time `ms` (now by default), offset by `steps` 30-second steps. */
export function totp(secret, { ms = Date.now(), steps = 0 } = {}) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(ms / 1000 / 30) + steps));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const at = mac[mac.length - 1] & 0x0f; // dynamic truncation (RFC 4226 §5.3)
  const n = (mac.readUInt32BE(at) & 0x7fffffff) % 1e6;
  return String(n).padStart(6, '0');
}

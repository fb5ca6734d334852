import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Which peers may tell express the client's address in `X-Forwarded-For`: `false` (none,
 * the default: the socket's peer is the client), a number of hops, or a list of addresses,
 * CIDRs and proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`). `true` (trust every
 * peer) is refused: any caller could then pick its own rate-limit bucket.
 * See https://expressjs.com/en/guide/behind-proxies.html
 */
export type TrustProxy = false | number | string[];

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `''`/`false`/`0` → off, `1` → one hop, `10.0.0.0/8,loopback` → those peers. */
export function parseTrustProxy(raw: string): TrustProxy {
  const value = raw.trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((s) => s.trim());
  const bad = entries.filter((e) => !NAMES.has(e) && !isAddressOrCidr(e));
  if (bad.length)
    throw new Error(
      `expected a hop count or a comma list of addresses, CIDRs and ${[...NAMES].join('/')} (${bad.length} not one)`,
    );
  return entries;
}

function isAddressOrCidr(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** The `TRUST_PROXY` variable of a service's config schema. */
export const TrustProxySetting = z
  .string()
  .default('')
  .transform((raw, ctx): TrustProxy => {
    try {
      return parseTrustProxy(raw);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });

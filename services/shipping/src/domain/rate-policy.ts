import { toMinorUnits } from '@commerce-sync/contracts';

/** A courier quote as the shipping domain needs it (EasyPost `Rate`, trimmed). */
export interface Quote {
  id: string;
  carrier: string;
  service: string;
  /** Decimal string as the courier sends it, e.g. `"7.58"`. */
  rate: string;
  currency: string;
  /** Transit days; null when the carrier does not say. */
  days: number | null;
}

/** How to pick a rate: RATE_POLICY = `cheapest` | `fastest` | `cheapest_within_days:<n>`. */
export type RatePolicy =
  | { kind: 'cheapest' }
  | { kind: 'fastest' }
  | { kind: 'cheapest_within_days'; days: number };

/** Parses RATE_POLICY; undefined when the text is not a policy (config rejects it). */
export function parseRatePolicy(text: string): RatePolicy | undefined {
  const t = text.trim();
  if (t === 'cheapest' || t === 'fastest') return { kind: t };
  const m = /^cheapest_within_days:(\d{1,3})$/.exec(t);
  if (m) return { kind: 'cheapest_within_days', days: Number(m[1]) };
  return undefined;
}

/**
 * CARRIER_ALLOWLIST entries: `USPS` allows every USPS service, `UPS:Ground` one service.
 * Case-insensitive; an empty list allows everything.
 */
export function isAllowed(q: Pick<Quote, 'carrier' | 'service'>, allowlist: readonly string[]): boolean {
  if (allowlist.length === 0) return true;
  const carrier = q.carrier.toLowerCase();
  const full = `${carrier}:${q.service.toLowerCase()}`;
  return allowlist.some((entry) => {
    const e = entry.trim().toLowerCase();
    return e === carrier || e === full;
  });
}

const price = (q: Quote) => toMinorUnits(q.rate, q.currency);
const days = (q: Quote) => q.days ?? Number.POSITIVE_INFINITY;
const byPriceThenDays = (a: Quote, b: Quote) => price(a) - price(b) || days(a) - days(b);
const byDaysThenPrice = (a: Quote, b: Quote) => days(a) - days(b) || price(a) - price(b);

/**
 * The rate to buy under `policy` among allowed quotes, or undefined when none is allowed.
 * Ties break on the other criterion, then on the order the courier listed them.
 * `cheapest_within_days:n` falls back to the fastest quote when none arrives in time:
 * the promise is kept as closely as the couriers allow rather than not shipping at all.
 */
export function chooseRate(
  quotes: readonly Quote[],
  policy: RatePolicy,
  allowlist: readonly string[] = [],
): Quote | undefined {
  const allowed = quotes.filter((q) => isAllowed(q, allowlist));
  if (allowed.length === 0) return undefined;
  if (policy.kind === 'cheapest') return [...allowed].sort(byPriceThenDays)[0];
  if (policy.kind === 'fastest') return [...allowed].sort(byDaysThenPrice)[0];
  const inTime = allowed.filter((q) => days(q) <= policy.days);
  return inTime.length > 0 ? [...inTime].sort(byPriceThenDays)[0] : [...allowed].sort(byDaysThenPrice)[0];
}

import { seededRandom } from '../../common/faults.ts';
import type { CatalogEntry } from '../catalog.ts';
import type { OrderInput } from './order-payload.ts';

export interface GenerateOptions {
  count: number;
  ratePerSec: number;
  /** Same seed, same orders (SKUs, quantities, people, cards, cancellations). */
  seed?: number;
  /** Share of orders paid with a card Stripe declines. */
  declineShare?: number;
  /** Share of orders the customer cancels shortly after placing them. */
  cancelShare?: number;
  /** Delay before a cancellation (default 300–1500 ms, drawn per order). */
  cancelAfterMs?: number;
}

export interface GenerateTarget {
  place(input: OrderInput): { id: number } | Promise<{ id: number }>;
  cancel(id: number): unknown;
}

export interface GeneratorRun {
  readonly done: Promise<void>;
  stop(): void;
  status(): {
    running: boolean;
    placed: number;
    cancelled: number;
    failed: number;
    count: number;
    ratePerSec: number;
  };
}

const PEOPLE = [
  ['Ada', 'Lovelace', 'en'],
  ['Grace', 'Hopper', 'en-US'],
  ['Marie', 'Curie', 'fr'],
  ['Alan', 'Turing', 'en-GB'],
  ['Hedy', 'Lamarr', 'de'],
  ['Katherine', 'Johnson', 'en'],
] as const;
const ADDRESSES = [
  { address1: '1 Main St', city: 'Portland', province_code: 'OR', zip: '97201' },
  { address1: '350 Fifth Ave', city: 'New York', province_code: 'NY', zip: '10118' },
  { address1: '1600 Amphitheatre Pkwy', city: 'Mountain View', province_code: 'CA', zip: '94043' },
  { address1: '233 S Wacker Dr', city: 'Chicago', province_code: 'IL', zip: '60606' },
] as const;
const GOOD_CARDS = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex', 'pm_card_visa_debit'];
const DECLINED_CARDS = ['pm_card_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds'];

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

/** One plausible order: 1–3 distinct SKUs, 1–3 units each, a person, an address, a card. */
export function randomOrderInput(rnd: () => number, entries: CatalogEntry[], declineShare = 0): OrderInput {
  const lineCount = 1 + Math.floor(rnd() * Math.min(3, entries.length));
  const skus = new Set<string>();
  while (skus.size < lineCount) skus.add(pick(rnd, entries).sku);
  const [firstName, lastName, locale] = pick(rnd, PEOPLE);
  const addr = pick(rnd, ADDRESSES);
  const n = Math.floor(rnd() * 100_000);
  return {
    lines: [...skus].map((sku) => ({ sku, quantity: 1 + Math.floor(rnd() * 3) })),
    email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}+${n}@example.com`,
    firstName,
    lastName,
    locale,
    paymentMethod: rnd() < declineShare ? pick(rnd, DECLINED_CARDS) : pick(rnd, GOOD_CARDS),
    address: {
      ...addr,
      first_name: firstName,
      last_name: lastName,
      province: addr.province_code,
      country: 'United States',
      country_code: 'US',
      phone: '5035550100',
    },
  };
}

/**
 * Places `count` orders at `ratePerSec` (the load source of the demo, the benchmark and the
 * soak) and cancels a share of them a little later. Seeded: a run can be reproduced.
 */
export function generateOrders(
  entries: CatalogEntry[],
  target: GenerateTarget,
  opts: GenerateOptions,
): GeneratorRun {
  const rnd = seededRandom(opts.seed ?? 1);
  const stats = { placed: 0, cancelled: 0, failed: 0, issued: 0 };
  const cancels = new Set<NodeJS.Timeout>();
  let running = true;
  let inFlight = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((r) => {
    finish = r;
  });
  const settle = () => {
    if (!running && inFlight === 0 && cancels.size === 0) finish();
  };

  async function placeOne() {
    // Drawn in a fixed order per order, so the seed reproduces the run.
    const input = randomOrderInput(rnd, entries, opts.declineShare);
    const cancelIt = rnd() < (opts.cancelShare ?? 0);
    const cancelAfter = opts.cancelAfterMs ?? 300 + Math.floor(rnd() * 1200);
    inFlight += 1;
    try {
      const { id } = await target.place(input);
      stats.placed += 1;
      if (cancelIt) {
        const t = setTimeout(() => {
          cancels.delete(t);
          stats.cancelled += 1;
          void Promise.resolve(target.cancel(id))
            .catch(() => (stats.failed += 1))
            .finally(settle);
        }, cancelAfter);
        cancels.add(t);
      }
    } catch {
      stats.failed += 1;
    } finally {
      inFlight -= 1;
      settle();
    }
  }

  // One ticker places every order that is due: no timer per order, even for 100 000 of them.
  const startedAt = Date.now();
  const tickMs = Math.max(5, Math.min(100, 1000 / Math.max(opts.ratePerSec, 0.001)));
  const ticker = setInterval(() => {
    const due = Math.min(opts.count, Math.floor(((Date.now() - startedAt) / 1000) * opts.ratePerSec) + 1);
    while (running && stats.issued < due) {
      stats.issued += 1;
      void placeOne();
    }
    if (stats.issued >= opts.count) stopIssuing();
  }, tickMs);
  const stopIssuing = () => {
    clearInterval(ticker);
    running = false;
    settle();
  };
  if (opts.count <= 0) stopIssuing();
  return {
    done,
    stop() {
      stopIssuing();
      for (const t of cancels) clearTimeout(t);
      cancels.clear();
      settle();
    },
    status: () => ({
      running,
      placed: stats.placed,
      cancelled: stats.cancelled,
      failed: stats.failed,
      count: opts.count,
      ratePerSec: opts.ratePerSec,
    }),
  };
}

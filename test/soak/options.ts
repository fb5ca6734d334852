import { parseArgs } from 'node:util';

export const FAULT_GROUPS = ['kills', 'broker', 'db', 'sim'] as const;
export type FaultGroup = (typeof FAULT_GROUPS)[number];

export interface SoakOptions {
  orders: number;
  /** Orders per second the storefront places. */
  rate: number;
  faults: ReadonlySet<FaultGroup>;
  seed: number;
  /** Seconds to wait for the system to settle after the load before checking. */
  quiescenceTimeoutS: number;
  /** Length of the Stripe outage among the simulator faults. */
  stripeOutageS: number;
  /** Seconds the database stays down during its restart. */
  dbDownS: number;
  /** One courier tracking step in the EasyPost simulator (accelerated time). */
  trackerStepMs: number;
  /**
   * Points per second of the shop's Shopify GraphQL bucket (bucket = 20 × that). 1000 is
   * Shopify Plus, the plan of a shop placing orders every second; the simulator's default is
   * the standard plan (100/s), which caps the whole system near one order a second.
   */
  shopifyPointsPerS: number;
  /** Share of orders paid with a declined card / cancelled by the customer. */
  declineShare: number;
  cancelShare: number;
  /** Private stack: name (infra and log folders) and ports. */
  name: string;
  amqpPort: number;
  portOffset: number;
  /** Progress line interval; 0 = quiet. */
  progressMs: number;
  /** Folder of the JSON result (relative to the repo root). */
  outDir: string;
}

export const DEFAULT_OPTIONS: SoakOptions = {
  orders: 1000,
  rate: 2.5,
  faults: new Set(FAULT_GROUPS),
  seed: 1,
  quiescenceTimeoutS: 900,
  stripeOutageS: 60,
  dbDownS: 3,
  trackerStepMs: 250,
  shopifyPointsPerS: 1000,
  declineShare: 0.03,
  cancelShare: 0.03,
  name: 'soak',
  amqpPort: 5750,
  portOffset: 500,
  progressMs: 10_000,
  outDir: '.local/soak',
};

/** `all`, `none`, or a comma list of kills|broker|db|sim. */
export function parseFaults(value: string): Set<FaultGroup> {
  if (value === 'all') return new Set(FAULT_GROUPS);
  if (value === 'none') return new Set();
  const groups = value.split(',').map((s) => s.trim());
  for (const g of groups) {
    if (!(FAULT_GROUPS as readonly string[]).includes(g))
      throw new Error(`--faults: unknown group "${g}" (all|none|${FAULT_GROUPS.join('|')}, comma separated)`);
  }
  return new Set(groups as FaultGroup[]);
}

function positive(name: string, raw: string | undefined, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)))
    throw new Error(`--${name}: expected a ${integer ? 'whole ' : ''}number ≥ 0, got "${raw}"`);
  return n;
}

export const USAGE = `npm run soak -- [--orders N] [--rate R] [--faults all|none|kills,broker,db,sim]
                   [--seed S] [--quiescence-timeout SECONDS] [--stripe-outage SECONDS]
                   [--tracker-step-ms MS] [--shopify-points-per-s P] [--decline-share X] [--cancel-share X]`;

export function parseSoakArgs(argv: string[]): SoakOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      orders: { type: 'string' },
      rate: { type: 'string' },
      faults: { type: 'string' },
      seed: { type: 'string' },
      'quiescence-timeout': { type: 'string' },
      'stripe-outage': { type: 'string' },
      'tracker-step-ms': { type: 'string' },
      'shopify-points-per-s': { type: 'string' },
      'decline-share': { type: 'string' },
      'cancel-share': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new Error(USAGE);
  const d = DEFAULT_OPTIONS;
  const rate = positive('rate', values.rate, d.rate);
  if (rate === 0) throw new Error('--rate must be above 0');
  return {
    ...d,
    orders: positive('orders', values.orders, d.orders, true),
    rate,
    faults: values.faults === undefined ? d.faults : parseFaults(values.faults),
    seed: positive('seed', values.seed, d.seed, true),
    quiescenceTimeoutS: positive('quiescence-timeout', values['quiescence-timeout'], d.quiescenceTimeoutS),
    stripeOutageS: positive('stripe-outage', values['stripe-outage'], d.stripeOutageS),
    trackerStepMs: positive('tracker-step-ms', values['tracker-step-ms'], d.trackerStepMs, true),
    shopifyPointsPerS: positive('shopify-points-per-s', values['shopify-points-per-s'], d.shopifyPointsPerS),
    declineShare: Math.min(1, positive('decline-share', values['decline-share'], d.declineShare)),
    cancelShare: Math.min(1, positive('cancel-share', values['cancel-share'], d.cancelShare)),
  };
}

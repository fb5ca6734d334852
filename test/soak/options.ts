import { type CliOutcome, parseCliArgs, usageText } from '@commerce-sync/service-kit/cli-args';

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
  /** Processes per service, behind one address each (test/support/stack.ts). */
  replicas: number;
  /** 3: the broker is a 3-node cluster with quorum queues across the nodes. */
  brokerNodes: 1 | 3;
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
  replicas: 1,
  brokerNodes: 1,
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

const d = DEFAULT_OPTIONS;
const SOAK_OPTIONS = {
  orders: { type: 'string', arg: 'n', default: String(d.orders), help: 'orders the storefront places' },
  rate: { type: 'string', arg: 'r', default: String(d.rate), help: 'orders per second' },
  faults: {
    type: 'string',
    arg: 'groups',
    default: 'all',
    help: 'faults: all, none or a comma list of kills,broker,db,sim',
  },
  seed: {
    type: 'string',
    arg: 's',
    default: String(d.seed),
    help: 'seed of the fault plan and the order mix',
  },
  'quiescence-timeout': {
    type: 'string',
    arg: 'seconds',
    default: String(d.quiescenceTimeoutS),
    help: 'wait for the system to settle after the load',
  },
  'stripe-outage': {
    type: 'string',
    arg: 'seconds',
    default: String(d.stripeOutageS),
    help: 'length of the Stripe outage',
  },
  'tracker-step-ms': {
    type: 'string',
    arg: 'ms',
    default: String(d.trackerStepMs),
    help: 'one courier tracking step',
  },
  'shopify-points-per-s': {
    type: 'string',
    arg: 'p',
    default: String(d.shopifyPointsPerS),
    help: 'Shopify GraphQL bucket restore rate (1000: Plus)',
  },
  'decline-share': {
    type: 'string',
    arg: 'x',
    default: String(d.declineShare),
    help: 'share of declined cards',
  },
  'cancel-share': {
    type: 'string',
    arg: 'x',
    default: String(d.cancelShare),
    help: 'share of customer cancellations',
  },
  replicas: {
    type: 'string',
    arg: 'n',
    default: String(d.replicas),
    help: 'processes per service (1-9); with 2+, one replica is also scaled in and out',
  },
  'broker-nodes': {
    type: 'string',
    arg: '1|3',
    default: String(d.brokerNodes),
    help: 'RabbitMQ nodes; with 3, the node leading most queues is killed and restarted',
  },
} as const;
export const SOAK_CLI = { usage: 'npm run soak -- [options]', options: SOAK_OPTIONS };

/** The soak's command line; help and errors are returned with the usage, not thrown. */
export function parseSoakArgs(
  argv: string[],
): Exclude<CliOutcome<typeof SOAK_OPTIONS>, { kind: 'ok' }> | { kind: 'ok'; options: SoakOptions } {
  const parsed = parseCliArgs(SOAK_CLI, argv);
  if (parsed.kind !== 'ok') return parsed;
  try {
    return { kind: 'ok', options: soakOptions(parsed.values) };
  } catch (err) {
    return { kind: 'error', message: (err as Error).message, text: usageText(SOAK_CLI) };
  }
}

function soakOptions(values: Partial<Record<keyof typeof SOAK_OPTIONS, string>>): SoakOptions {
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
    replicas: replicasOption(values.replicas),
    brokerNodes: brokerNodesOption(values['broker-nodes']),
  };
}

function replicasOption(raw: string | undefined): number {
  const n = positive('replicas', raw, d.replicas, true);
  if (n < 1 || n > 9) throw new Error(`--replicas: from 1 to 9, got "${raw}"`);
  return n;
}

function brokerNodesOption(raw: string | undefined): 1 | 3 {
  if (raw === undefined) return d.brokerNodes;
  if (raw !== '1' && raw !== '3') throw new Error(`--broker-nodes: 1 or 3, got "${raw}"`);
  return Number(raw) as 1 | 3;
}

import { type CliOptions, parseCliArgs, usageText } from '@commerce-sync/service-kit/cli-args';

/** Every option of `npm run bench`, with its default (undefined: derived, see `help`). */
export const OPTIONS = {
  orders: { default: '5000', help: 'orders of the max-load phase (closed loop)' },
  'half-orders': { default: undefined, help: 'orders of the half-load phase (default: min(orders, 1000))' },
  concurrency: { default: '32', help: 'orders in flight at max load' },
  hops: { default: '9', help: 'confirmed persistent hops per order of the broker ceiling' },
  'shopify-points-per-s': {
    default: '1000',
    help: 'Shopify GraphQL bucket restore rate (1000: Plus, as the soak; 0: standard plan)',
  },
  'idle-seconds': { default: '60', help: 'window without orders for the idle CPU (0 skips it)' },
  'store-ceiling-orders': {
    default: undefined,
    help: 'orders replayed by the store ceiling (default: min(orders, 2000); 0 skips it)',
  },
  'store-concurrency': {
    default: undefined,
    help: 'orders in flight in the store ceiling (default: --concurrency)',
  },
  'progress-seconds': { default: '10', help: 'seconds between progress lines in long phases' },
  replicas: { default: '1', help: 'processes per service (1-9), behind one address each' },
  profile: { default: false, help: 'run every node process with --cpu-prof; print top self-time functions' },
  help: { default: false, help: 'print this and exit' },
} as const satisfies Record<string, { default: string | boolean | undefined; help: string }>;

export interface BenchOptions {
  orders: number;
  halfOrders: number;
  concurrency: number;
  hops: number;
  shopifyPointsPerSec: number;
  idleSeconds: number;
  storeCeilingOrders: number;
  storeConcurrency: number;
  progressSeconds: number;
  replicas: number;
  profile: boolean;
}

export type ParsedArgs =
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string; text: string }
  | { kind: 'ok'; options: BenchOptions };

const CLI_OPTIONS: CliOptions = Object.fromEntries(
  Object.entries(OPTIONS)
    .filter(([name]) => name !== 'help')
    .map(([name, o]) => [
      name,
      typeof o.default === 'boolean'
        ? { type: 'boolean' as const, default: o.default, help: o.help }
        : {
            type: 'string' as const,
            arg: 'n',
            help: o.help,
            ...(o.default === undefined ? {} : { default: o.default }),
          },
    ]),
);
const CLI = { usage: 'npm run bench -- [options]', options: CLI_OPTIONS };

export function helpText(): string {
  return usageText(CLI);
}

/** Parses the bench's command line: never throws, an unknown option or a bad number is an error. */
export function parseBenchArgs(argv: string[]): ParsedArgs {
  const parsed = parseCliArgs(CLI, argv);
  if (parsed.kind !== 'ok') return parsed;
  const values: Record<string, string | boolean | undefined> = parsed.values;
  const problems: string[] = [];
  const num = (name: keyof typeof OPTIONS, min: number, fallback?: number): number => {
    const raw = values[name];
    if (raw === undefined) return fallback as number;
    const n = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < min)
      problems.push(`--${name} must be a number ≥ ${min}, got ${JSON.stringify(raw)}`);
    return n;
  };
  const orders = num('orders', 1);
  const concurrency = num('concurrency', 1);
  const options: BenchOptions = {
    orders,
    halfOrders: num('half-orders', 1, Math.min(orders, 1000)),
    concurrency,
    hops: num('hops', 1),
    shopifyPointsPerSec: num('shopify-points-per-s', 0),
    idleSeconds: num('idle-seconds', 0),
    storeCeilingOrders: num('store-ceiling-orders', 0, Math.min(orders, 2000)),
    storeConcurrency: num('store-concurrency', 1, concurrency),
    progressSeconds: num('progress-seconds', 1),
    replicas: num('replicas', 1, 1),
    profile: values.profile === true,
  };
  if (!Number.isInteger(options.replicas) || options.replicas > 9)
    problems.push(`--replicas must be a whole number from 1 to 9, got ${JSON.stringify(values.replicas)}`);
  if (problems.length) return { kind: 'error', message: problems.join('; '), text: helpText() };
  return { kind: 'ok', options };
}

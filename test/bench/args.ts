import { parseArgs } from 'node:util';

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
  profile: boolean;
}

export type ParsedArgs =
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; options: BenchOptions };

export function helpText(): string {
  const lines = Object.entries(OPTIONS).map(([name, o]) => {
    const flag = typeof o.default === 'boolean' ? `--${name}` : `--${name} <n>`;
    const dflt = o.default === undefined || typeof o.default === 'boolean' ? '' : ` (default ${o.default})`;
    return `  ${flag.padEnd(30)}${o.help}${dflt}`;
  });
  return ['usage: npm run bench -- [options]', '', ...lines].join('\n');
}

/** Parses the bench's command line: never throws, an unknown option or a bad number is an error. */
export function parseBenchArgs(argv: string[]): ParsedArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(
        Object.entries(OPTIONS).map(([name, o]) => [
          name,
          typeof o.default === 'boolean'
            ? { type: 'boolean' as const, default: o.default }
            : { type: 'string' as const, ...(o.default === undefined ? {} : { default: o.default }) },
        ]),
      ),
    }));
  } catch (err) {
    return { kind: 'error', message: (err as Error).message.split('\n')[0] ?? String(err) };
  }
  if (values.help) return { kind: 'help', text: helpText() };
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
    profile: values.profile === true,
  };
  if (problems.length) return { kind: 'error', message: problems.join('; ') };
  return { kind: 'ok', options };
}

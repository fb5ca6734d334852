import type { FaultConfig } from '../simulators/common/faults.ts';
import type { Stack } from '../support/stack-harness.ts';
import { SERVICES } from '../support/stack.ts';
import type { FaultGroup, SoakOptions } from './options.ts';

/**
 * What the simulators do to every API call and webhook while the faults are on (the issue's
 * numbers): 10 % 5xx, 5 % 429 with Retry-After, 2 % never answered; 5 % of webhooks sent
 * twice and 5 % swapped with the next one. Nothing is dropped: real providers retry until
 * accepted, and a drop would test the simulator, not us.
 */
export const SIM_FAULTS: FaultConfig = {
  rules: [
    { match: '.*', errorRate: 0.1, errorStatus: 503, rate429: 0.05, retryAfterSec: 1, timeoutRate: 0.02 },
  ],
  webhooks: { duplicateRate: 0.05, reorderRate: 0.05 },
};
const SIMULATOR_URLS = ['shopify', 'stripe', 'easypost'] as const;

export interface FaultEvent {
  /** Seconds after the load started. */
  atS: number;
  group: FaultGroup;
  label: string;
  run(stack: Stack, opts: SoakOptions): Promise<void>;
}

export interface InjectedFault {
  label: string;
  group: FaultGroup;
  startedAtS: number;
  tookMs: number;
  error?: string;
}

async function putFaults(stack: Stack, config: FaultConfig): Promise<void> {
  for (const sim of SIMULATOR_URLS) {
    const res = await fetch(`${stack.url[sim]}/__sim/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(config),
    });
    if (!res.ok) throw new Error(`${sim} /__sim/faults: ${res.status}`);
  }
}

const simFaultsOn: Omit<FaultEvent, 'atS'> = {
  group: 'sim',
  label: 'simulator faults on (10% 5xx, 5% 429, 2% timeouts, 5% duplicate + 5% reordered webhooks)',
  run: (stack) => putFaults(stack, SIM_FAULTS),
};
export const simFaultsOff: Omit<FaultEvent, 'atS'> = {
  group: 'sim',
  label: 'simulator faults off',
  run: (stack) => putFaults(stack, { rules: [], webhooks: {} }),
};

/**
 * The schedule over a load of `loadS` seconds: simulator faults from the start, a Stripe
 * outage at 30 %, one SIGKILL per service spread over 10–70 %, the broker restarted at 48 %
 * and the database at 78 %. Events run one after the other: a slow restart delays the next.
 */
export function faultPlan(opts: SoakOptions, loadS: number): FaultEvent[] {
  const at = (share: number) => Math.round(loadS * share * 10) / 10;
  const events: FaultEvent[] = [
    { ...simFaultsOn, atS: 0 },
    {
      atS: at(0.3),
      group: 'sim',
      label: `Stripe outage ${opts.stripeOutageS} s`,
      run: async (stack, o) => {
        await fetch(`${stack.url.stripe}/__sim/outage`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ seconds: o.stripeOutageS }),
        });
      },
    },
    ...SERVICES.map(
      (name, i): FaultEvent => ({
        atS: at(0.1 + i * 0.15),
        group: 'kills',
        label: `SIGKILL ${name} (restarted)`,
        run: (stack) => stack.system.crash(name),
      }),
    ),
    {
      atS: at(0.48),
      group: 'broker',
      label: 'RabbitMQ restart',
      run: (stack) => stack.infra.restartAsync('rabbit'),
    },
    {
      atS: at(0.78),
      group: 'db',
      label: `database restart (down ${opts.dbDownS} s)`,
      run: (stack, o) => stack.infra.restartAsync('mongo', o.dbDownS * 1000),
    },
  ];
  return events.filter((e) => opts.faults.has(e.group)).sort((a, b) => a.atS - b.atS);
}

/** Runs the plan in order against the clock of the load; a failed injection is logged, not fatal. */
export async function runFaultPlan(
  plan: FaultEvent[],
  stack: Stack,
  opts: SoakOptions,
  startedAt: number,
  onInjected: (f: InjectedFault) => void,
): Promise<InjectedFault[]> {
  const done: InjectedFault[] = [];
  for (const event of plan) {
    const wait = startedAt + event.atS * 1000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = Date.now();
    const entry: InjectedFault = {
      label: event.label,
      group: event.group,
      startedAtS: Math.round((t0 - startedAt) / 100) / 10,
      tookMs: 0,
    };
    try {
      await event.run(stack, opts);
    } catch (err) {
      entry.error = err instanceof Error ? err.message : String(err);
    }
    entry.tookMs = Date.now() - t0;
    done.push(entry);
    onInjected(entry);
  }
  return done;
}

import type { FaultConfig } from '../simulators/common/faults.ts';
import type { Stack } from '../support/stack-harness.ts';
import { replicaName, SERVICES } from '../support/stack.ts';
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
        label: `SIGKILL ${name}${opts.replicas > 1 ? ` (1 of ${opts.replicas} replicas)` : ''} (restarted)`,
        run: (stack) => stack.system.crash(name),
      }),
    ),
    ...(opts.brokerNodes > 1 ? clusterFaults(at) : [brokerRestart(at)]),
    ...(opts.replicas > 1 ? scaleFaults(at) : []),
    {
      atS: at(0.78),
      group: 'db',
      label: `database restart (down ${opts.dbDownS} s)`,
      run: (stack, o) => stack.infra.restartAsync('mongo', o.dbDownS * 1000),
    },
  ];
  return events.filter((e) => opts.faults.has(e.group)).sort((a, b) => a.atS - b.atS);
}

function brokerRestart(at: (share: number) => number): FaultEvent {
  return {
    atS: at(0.48),
    group: 'broker',
    label: 'RabbitMQ restart',
    run: (stack) => stack.infra.restartAsync('rabbit'),
  };
}

/**
 * A 3-node cluster: the node that leads the most queues (ties: the one holding most
 * messages) is SIGKILLed at 48 %, so its quorum queues elect new leaders under load, and
 * started again at 58 %, when it rejoins and catches up.
 */
function clusterFaults(at: (share: number) => number): FaultEvent[] {
  let victim = 1;
  return [
    {
      atS: at(0.48),
      group: 'broker',
      label: 'SIGKILL the broker node leading most queues',
      run: async (stack) => {
        victim = await busiestLeader(stack);
        await stack.infra.brokerNode(victim, 'kill');
      },
    },
    {
      atS: at(0.58),
      group: 'broker',
      label: 'that broker node started again (rejoins the cluster)',
      run: (stack) => stack.infra.brokerNode(victim, 'start'),
    },
  ];
}

/** Node number (1-based) leading the most queues of the stack, asked of any live node. */
export async function busiestLeader(stack: Stack): Promise<number> {
  const base = new URL(stack.infra.urls.amqpManagement);
  const auth = `Basic ${Buffer.from(`${base.username}:${base.password}`).toString('base64')}`;
  for (let i = 0; i < stack.infra.brokerNodes; i++) {
    const url = `http://${base.hostname}:${Number(base.port) + i}/api/queues?columns=name,leader,node,messages`;
    const res = await fetch(url, { headers: { authorization: auth } }).catch(() => undefined);
    if (!res?.ok) continue;
    const queues = (await res.json()) as { leader?: string; node?: string; messages?: number }[];
    const score = new Map<string, [number, number]>();
    for (const q of queues) {
      const node = q.leader ?? q.node;
      if (!node) continue;
      const [n, m] = score.get(node) ?? [0, 0];
      score.set(node, [n + 1, m + (q.messages ?? 0)]);
    }
    const best = [...score].sort((a, b) => b[1][0] - a[1][0] || b[1][1] - a[1][1])[0]?.[0];
    // Node names end in their number: <name>-c<i>@localhost.
    const n = Number(best?.match(/(\d+)@/)?.[1]);
    return Number.isInteger(n) && n >= 1 ? n : 1;
  }
  return 1;
}

/**
 * With replicas: the second replica of shipping is scaled in at 55 % (SIGTERM: it drains
 * and exits while the first carries on) and a new one scaled out at 65 %.
 */
function scaleFaults(at: (share: number) => number): FaultEvent[] {
  const name = replicaName('shipping', 2);
  return [
    {
      atS: at(0.55),
      group: 'kills',
      label: `scale in ${name} (SIGTERM, drain, exit)`,
      run: (stack) => stack.system.scaleIn(name),
    },
    {
      atS: at(0.65),
      group: 'kills',
      label: `scale out ${name} (a new process joins)`,
      run: (stack) => stack.system.scaleOut(name),
    },
  ];
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

/**
 * Store round trips per consumed message: the services' /metrics before and after a phase,
 * `mongodb_commands_total{command}` (libs/service-kit connect-mongo.ts) against
 * `messaging_consumed_total` (libs/messaging metrics.ts, every outcome).
 *
 * A service whose /metrics does not declare `messaging_consumed_total` (its messaging
 * metrics went to prom-client's global registry, which /metrics does not serve) is counted
 * from the broker instead: the acks on its queue (management API, `message_stats.ack`).
 * Those lag by up to the broker's statistics interval (5 s), so the bench reads them once
 * the services have gone quiet.
 */

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text exposition format (what prom-client's `metrics()` writes). */
export function parsePrometheus(text: string): MetricSample[] {
  const out: MetricSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const space = line.indexOf(' ');
    let name: string;
    const labels: Record<string, string> = {};
    let rest: string;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = line.slice(0, brace);
      let i = brace + 1;
      while (i < line.length && line[i] !== '}') {
        const eq = line.indexOf('=', i);
        const key = line.slice(i, eq).trim();
        let j = eq + 2; // past ="
        let value = '';
        while (j < line.length && line[j] !== '"') {
          if (line[j] === '\\') {
            const next = line[j + 1];
            value += next === 'n' ? '\n' : (next ?? '');
            j += 2;
          } else value += line[j++];
        }
        labels[key] = value;
        i = j + 1;
        if (line[i] === ',') i++;
      }
      rest = line.slice(i + 1).trim();
    } else {
      name = line.slice(0, space);
      rest = line.slice(space + 1).trim();
    }
    const value = Number(rest.split(/\s+/)[0]);
    if (name && !Number.isNaN(value)) out.push({ name, labels, value });
  }
  return out;
}

export interface ServiceCounters {
  consumed: number;
  /** Where `consumed` came from: the service's own counter, or the acks on its queue. */
  consumedFrom?: 'metrics' | 'broker';
  commands: Record<string, number>;
}

export const COMMANDS_METRIC = 'mongodb_commands_total';
export const CONSUMED_METRIC = 'messaging_consumed_total';

/** The two counters of one scrape: deliveries handled (all outcomes) and commands by name. */
export function serviceCounters(samples: MetricSample[]): ServiceCounters {
  const commands: Record<string, number> = {};
  let consumed = 0;
  for (const s of samples) {
    if (s.name === CONSUMED_METRIC) consumed += s.value;
    else if (s.name === COMMANDS_METRIC) {
      const c = s.labels.command ?? '?';
      commands[c] = (commands[c] ?? 0) + s.value;
    }
  }
  return { consumed, commands };
}

export interface RoundTrips {
  consumed: number;
  consumedFrom?: 'metrics' | 'broker';
  commands: number;
  byCommand: Record<string, number>;
  /** Store commands per consumed message (NaN when nothing was consumed). */
  perMessage: number;
  /** The commands by name, most first, with their count per consumed message. */
  top: { command: string; count: number; perMessage: number }[];
}

/** What one service did between two scrapes. A counter that went down (a restart) counts from 0. */
export function roundTrips(before: ServiceCounters, after: ServiceCounters, topN = 5): RoundTrips {
  const delta = (a: number, b: number | undefined) => (b === undefined || a < b ? a : a - b);
  const consumed = delta(after.consumed, before.consumed);
  const byCommand: Record<string, number> = {};
  for (const [c, n] of Object.entries(after.commands)) {
    const d = delta(n, before.commands[c]);
    if (d > 0) byCommand[c] = d;
  }
  const commands = Object.values(byCommand).reduce((a, b) => a + b, 0);
  const per = (n: number) => (consumed > 0 ? n / consumed : Number.NaN);
  const top = Object.entries(byCommand)
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([command, count]) => ({ command, count, perMessage: per(count) }));
  return { consumed, consumedFrom: after.consumedFrom, commands, byCommand, perMessage: per(commands), top };
}

/** Commands by name per order, summed over the services: the operation mix the store ceiling replays. */
export function commandsPerOrder(trips: Record<string, RoundTrips>, orders: number): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const t of Object.values(trips))
    for (const [c, n] of Object.entries(t.byCommand)) mix[c] = (mix[c] ?? 0) + n;
  return Object.fromEntries(
    Object.entries(mix)
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => [c, orders > 0 ? n / orders : Number.NaN]),
  );
}

/** The metric names a scrape declares (`# TYPE` lines), samples or not. */
export function declaredMetrics(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^#\s*TYPE\s+(\S+)/.exec(line);
    if (m) out.add(m[1] as string);
  }
  return out;
}

/** Acks per queue from the management API's queue list (queues never acked are absent). */
export function acksByQueue(
  queues: { name: string; message_stats?: { ack?: number } }[],
): Record<string, number> {
  return Object.fromEntries(
    queues.flatMap((q) => (q.message_stats?.ack === undefined ? [] : [[q.name, q.message_stats.ack]])),
  );
}

export interface BrokerStats {
  /** The management API's URL, with its credentials (http://user:pass@host:port). */
  managementUrl: string;
  /** The queue a service consumes. */
  queueOf(service: string): string;
}

async function brokerAcks(managementUrl: string): Promise<Record<string, number> | undefined> {
  const url = new URL(managementUrl);
  const authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  try {
    const res = await fetch(`${url.protocol}//${url.host}/api/queues/%2F?columns=name,message_stats.ack`, {
      headers: { authorization },
      signal: AbortSignal.timeout(10_000),
    });
    return res.ok ? acksByQueue((await res.json()) as { name: string }[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Scrapes every service's /metrics (left out: one that did not answer). */
export async function scrapeAll(
  urls: Record<string, string>,
  broker?: BrokerStats,
): Promise<Record<string, ServiceCounters>> {
  const [acks, ...entries] = await Promise.all([
    broker ? brokerAcks(broker.managementUrl) : Promise.resolve(undefined),
    ...Object.entries(urls).map(async ([name, base]) => {
      try {
        const res = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(10_000) });
        if (!res.ok) return [name, undefined, false] as const;
        const text = await res.text();
        return [
          name,
          serviceCounters(parsePrometheus(text)),
          declaredMetrics(text).has(CONSUMED_METRIC),
        ] as const;
      } catch {
        return [name, undefined, false] as const;
      }
    }),
  ]);
  const out: Record<string, ServiceCounters> = {};
  for (const [name, counters, declared] of entries) {
    if (!counters) continue;
    if (declared) out[name] = { ...counters, consumedFrom: 'metrics' };
    else if (broker && acks)
      out[name] = { ...counters, consumed: acks[broker.queueOf(name)] ?? 0, consumedFrom: 'broker' };
    else out[name] = counters;
  }
  return out;
}

/** Round trips of every service scraped both times. */
export function allRoundTrips(
  before: Record<string, ServiceCounters>,
  after: Record<string, ServiceCounters>,
): Record<string, RoundTrips> {
  return Object.fromEntries(
    Object.entries(after).flatMap(([name, a]) => {
      const b = before[name];
      return b ? [[name, roundTrips(b, a)]] : [];
    }),
  );
}

/**
 * Counters of a service's replicas added up under the service's name (`replicaOf` maps a
 * process name such as `orders-2` to its service), so figures per service stay comparable
 * whatever the replica count.
 */
export function byService(
  perProcess: Record<string, ServiceCounters>,
  replicaOf: (name: string) => string,
): Record<string, ServiceCounters> {
  const out: Record<string, ServiceCounters> = {};
  for (const [name, c] of Object.entries(perProcess)) {
    const service = replicaOf(name);
    const sum = out[service] ?? { consumed: 0, commands: {}, consumedFrom: c.consumedFrom };
    sum.consumed += c.consumed;
    for (const [cmd, n] of Object.entries(c.commands)) sum.commands[cmd] = (sum.commands[cmd] ?? 0) + n;
    out[service] = sum;
  }
  return out;
}

import type { FaultInjector } from './faults.ts';

export interface WebhookDelivery {
  /** Stable id of this delivery (reused by retries). */
  id: string;
  body: string;
  headers: Record<string, string>;
}

export interface WebhookSenderOptions {
  /** Where deliveries go; changeable at run time through the control plane. */
  url: () => string | undefined;
  faults: FaultInjector;
  /** Delays between attempts after a failure (the real APIs retry for hours; we compress). */
  retryDelaysMs?: number[];
  timeoutMs?: number;
  onResult?: (d: WebhookDelivery, outcome: { status?: number; attempts: number; error?: string }) => void;
}

export interface WebhookSender {
  send(delivery: WebhookDelivery): void;
  /** Deliveries still queued or in retry. */
  pending(): number;
  /** Resolves when nothing is pending (for graceful shutdown and tests). */
  idle(): Promise<void>;
  log: { id: string; status?: number; attempts: number; error?: string; at: string }[];
  /** Response times (ms) of successful deliveries, newest last (bounded); the benchmark reads them. */
  latencies: number[];
}

/**
 * Delivers signed webhooks like the real providers: POST with a timeout, retry with
 * backoff on non-2xx, and the configured faults (drop, duplicate, delay, reorder).
 */
export function createWebhookSender(opts: WebhookSenderOptions): WebhookSender {
  const delays = opts.retryDelaysMs ?? [200, 1000, 5000, 15000];
  const log: WebhookSender['log'] = [];
  const latencies: number[] = [];
  let inFlight = 0;
  let held: WebhookDelivery | undefined;
  const waiters: (() => void)[] = [];

  const settle = () => {
    if (inFlight === 0 && !held) for (const w of waiters.splice(0)) w();
  };

  async function attempt(d: WebhookDelivery, n: number): Promise<void> {
    const url = opts.url();
    if (!url) return;
    let status: number | undefined;
    let error: string | undefined;
    const started = performance.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...d.headers },
        body: d.body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      });
      status = res.status;
      await res.body?.cancel();
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const ok = status !== undefined && status >= 200 && status < 300;
    if (ok) {
      latencies.push(performance.now() - started);
      if (latencies.length > 100_000) latencies.splice(0, latencies.length - 100_000);
    }
    const delay = delays[n - 1];
    if (!ok && delay !== undefined) {
      await new Promise((r) => setTimeout(r, delay));
      return attempt(d, n + 1);
    }
    log.push({ id: d.id, status, attempts: n, error, at: new Date().toISOString() });
    if (log.length > 10_000) log.splice(0, log.length - 10_000);
    opts.onResult?.(d, { status, attempts: n, error });
  }

  function dispatch(d: WebhookDelivery): void {
    const f = opts.faults.config.webhooks;
    const rnd = opts.faults.random;
    if (rnd() < (f.dropRate ?? 0)) {
      log.push({ id: d.id, attempts: 0, error: 'dropped (simulated)', at: new Date().toISOString() });
      return;
    }
    const copies = rnd() < (f.duplicateRate ?? 0) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      inFlight += 1;
      setTimeout(() => {
        attempt(d, 1).finally(() => {
          inFlight -= 1;
          settle();
        });
      }, f.delayMs ?? 0);
    }
  }

  return {
    log,
    latencies,
    pending: () => inFlight + (held ? 1 : 0),
    idle: () => (inFlight === 0 && !held ? Promise.resolve() : new Promise((r) => waiters.push(r))),
    send(d) {
      const f = opts.faults.config.webhooks;
      // Reorder: hold this delivery back and send it right after the next one.
      if (held) {
        const first = held;
        held = undefined;
        dispatch(d);
        dispatch(first);
        return;
      }
      if (opts.faults.random() < (f.reorderRate ?? 0)) {
        held = d;
        setTimeout(() => {
          if (held === d) {
            held = undefined;
            dispatch(d);
          }
        }, 2000);
        return;
      }
      dispatch(d);
    },
  };
}

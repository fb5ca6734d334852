import type { Connection } from 'mongoose';
import type { Registry } from 'prom-client';

/** pino-compatible subset; messaging never logs payloads. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RelayOptions {
  /** Poll interval when idle; a local `apply` nudges the relay at once. */
  pollMs?: number;
  /** Pending markers (documents) taken per round. */
  batchSize?: number;
  /**
   * How often the relay looks at the other relays' heartbeats. One older than 3 ×
   * `heartbeatMs` died, maybe with writes it had not published: this relay then reads whole
   * collections for documents holding messages (a sweep), once. A relay also sweeps at start,
   * which recovers what its service's previous process left. Default 60 s.
   */
  sweepMs?: number;
  /** How often a running relay renews its heartbeat in `outbox_relays`. Default 30 s. */
  heartbeatMs?: number;
  /** Documents read, published and finished at once within a round. */
  writeConcurrency?: number;
  enabled?: boolean;
}

export interface MessagingOptions {
  service: string;
  amqpUrl: string;
  connection: Connection;
  prefix?: string;
  retryTiersMs?: number[];
  /**
   * How long a dependency outage (database, broker, 503/429 upstream, open circuit) may hold
   * a message in retry tiers without spending its attempts; after that they count again.
   */
  outageBudgetMs?: number;
  deliveryLimit?: number;
  prefetch?: number;
  concurrency?: number;
  relay?: RelayOptions;
  registry?: Registry;
  logger?: Logger;
  /** Collection names of the inbox and the standalone outbox. */
  collections?: { inbox?: string; outbox?: string; pending?: string; relays?: string };
}

export const DEFAULT_RETRY_TIERS_MS = [1_000, 10_000, 60_000, 600_000];

export const DEFAULT_OUTAGE_BUDGET_MS = 3_600_000;

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export function relayDefaults(relay: RelayOptions = {}): Required<RelayOptions> {
  return {
    pollMs: relay.pollMs ?? 250,
    batchSize: relay.batchSize ?? 100,
    sweepMs: relay.sweepMs ?? 60_000,
    heartbeatMs: relay.heartbeatMs ?? 30_000,
    writeConcurrency: relay.writeConcurrency ?? 16,
    enabled: relay.enabled ?? true,
  };
}

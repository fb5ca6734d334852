import { type Logger, metricsRegistry } from '@commerce-sync/telemetry';
import mongoose, { type Connection } from 'mongoose';
import { Counter, type Registry } from 'prom-client';
import { hasUsableServer, watchMongo } from './mongo-watchdog.ts';
import type { ReadinessCheck } from './readiness.ts';
import { withRetry } from './retry.ts';

export interface ConnectMongoOptions {
  logger: Logger;
  dbName?: string;
  /** Keep retrying the first connect this long (the database may start after us). */
  connectDeadlineMs?: number;
  /** Default: `MONGO_POOL_SIZE`, else 8 (see `defaultPoolSize`). */
  maxPoolSize?: number;
  /**
   * Count the commands sent, by name, in `mongodb_commands_total` (default on). This needs
   * the driver's command monitoring, so it turns `monitorCommands` on.
   */
  commandMetrics?: boolean;
  /** Emit the driver's command events (commandStarted…) even without `commandMetrics`. */
  monitorCommands?: boolean;
}

/**
 * Connections per process: `MONGO_POOL_SIZE`, else 8. Every store we run on (MongoDB in
 * production, mongo-java-server locally) makes a version-guarded update, `$inc` and
 * findOneAndUpdate atomic, so concurrent writers are safe; the default was chosen by
 * measurement (docs/ARCHITECTURE.md §6).
 */
export const DEFAULT_POOL_SIZE = 8;

export function defaultPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.MONGO_POOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_POOL_SIZE;
}

export interface MongoHandle {
  connection: Connection;
  readiness: ReadinessCheck;
  close(): Promise<void>;
}

/**
 * Opens a dedicated mongoose connection (models go on `connection.model(...)`), retrying
 * the first connect with capped exponential backoff; later drops are handled by the driver,
 * and readiness reports them; a client left without a server is replaced (mongo-watchdog.ts).
 * `autoIndex` stays on: unique indexes are our idempotency.
 */
export async function connectMongo(url: string, opts: ConnectMongoOptions): Promise<MongoHandle> {
  const log = opts.logger.child({ module: 'mongo' });
  const connection = mongoose.createConnection();
  const counting = opts.commandMetrics ?? true;
  // Each open makes a new MongoClient (the watchdog's reopen too): count on every one.
  const open = async () => {
    await connection.openUri(url, {
      dbName: opts.dbName,
      maxPoolSize: opts.maxPoolSize ?? defaultPoolSize(),
      serverSelectionTimeoutMS: 5_000,
      connectTimeoutMS: 5_000,
      socketTimeoutMS: 30_000,
      heartbeatFrequencyMS: 2_000,
      monitorCommands: counting || (opts.monitorCommands ?? false),
    });
    if (counting) countCommands(connection.getClient());
  };
  await withRetry(open, {
    retryOn: () => true,
    deadlineMs: opts.connectDeadlineMs ?? 60_000,
    initialDelayMs: 500,
    maxDelayMs: 5_000,
    onRetry: ({ error, attempt, delayMs }) =>
      log.warn({ err: error, attempt, delayMs }, 'MongoDB not reachable yet, retrying'),
  });
  log.info('connected to MongoDB');
  // Readiness asks the driver's monitor, which checks the server every 2 s on a socket of its
  // own, instead of sending a ping: with one pooled connection a ping queued behind slow
  // queries, timed out and reported a busy but healthy service as not ready (soak).
  const watchdog = watchMongo(connection, async () => void (await open()), log);
  return {
    connection,
    readiness: { name: 'mongodb', check: async () => hasUsableServer(connection) },
    close: () => {
      watchdog.stop();
      return connection.close();
    },
  };
}

/**
 * Handshake, heartbeat, authentication and session housekeeping: the driver's own traffic,
 * not the work of the service (heartbeats go on the monitor's socket and are not even
 * announced; a pooled connection's handshake and `endSessions` at close are).
 */
const NOT_COUNTED = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'ping',
  'buildInfo',
  'buildinfo',
  'endSessions',
  'saslStart',
  'saslContinue',
  'authenticate',
  'getnonce',
]);

const counted = new WeakSet<object>();

/** The subset of MongoClient this needs (an EventEmitter of `commandStarted`). */
export interface CommandEvents {
  on(event: 'commandStarted', listener: (e: { commandName: string }) => void): unknown;
}

/**
 * Counts every command `client` sends in `mongodb_commands_total{command}`, by the name
 * the driver already extracted (`commandName`): nothing is serialised or copied here, one
 * Map look-up and one increment per command. A client is counted once however often this
 * is called, and the counter is shared by every client of the process (orders has two).
 * Cost of the monitoring itself: the driver builds a started and a succeeded event per
 * command (a shallow copy of the command, and for cursor commands the reply is decoded
 * for the event besides the lazy decoding the cursor does).
 */
export function countCommands(client: CommandEvents, registry: Registry = metricsRegistry): void {
  if (counted.has(client)) return;
  counted.add(client);
  const counter =
    (registry.getSingleMetric('mongodb_commands_total') as Counter<'command'> | undefined) ??
    new Counter({
      name: 'mongodb_commands_total',
      help: 'Commands sent to MongoDB, by command name (handshakes, heartbeats and session housekeeping left out)',
      labelNames: ['command'] as const,
      registers: [registry],
    });
  const byName = new Map<string, Counter.Internal>();
  client.on('commandStarted', (e) => {
    const name = e.commandName;
    if (NOT_COUNTED.has(name)) return;
    let child = byName.get(name);
    if (!child) {
      child = counter.labels(name);
      byName.set(name, child);
    }
    child.inc();
  });
}

import type { Logger } from '@commerce-sync/telemetry';
import mongoose, { type Connection } from 'mongoose';
import { hasUsableServer, watchMongo } from './mongo-watchdog.ts';
import type { ReadinessCheck } from './readiness.ts';

export interface ConnectMongoOptions {
  logger: Logger;
  dbName?: string;
  /** Keep retrying the first connect this long (the database may start after us). */
  connectDeadlineMs?: number;
  /** Default: `MONGO_POOL_SIZE`, else 8 (see `defaultPoolSize`). */
  maxPoolSize?: number;
  /** Emit the driver's command events (commandStarted…): for tests and debugging. */
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
  const deadline = Date.now() + (opts.connectDeadlineMs ?? 60_000);
  const connection = mongoose.createConnection();
  const open = () =>
    connection.openUri(url, {
      dbName: opts.dbName,
      maxPoolSize: opts.maxPoolSize ?? defaultPoolSize(),
      serverSelectionTimeoutMS: 5_000,
      connectTimeoutMS: 5_000,
      socketTimeoutMS: 30_000,
      heartbeatFrequencyMS: 2_000,
      monitorCommands: opts.monitorCommands ?? false,
    });
  for (let attempt = 1; ; attempt++) {
    try {
      await open();
      log.info({ attempt }, 'connected to MongoDB');
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      const delayMs = Math.min(5_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
      log.warn({ err, attempt, delayMs: Math.round(delayMs) }, 'MongoDB not reachable yet, retrying');
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
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

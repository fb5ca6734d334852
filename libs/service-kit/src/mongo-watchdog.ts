import type { Logger } from '@commerce-sync/telemetry';
import type { Connection } from 'mongoose';

export interface MongoWatchdogOptions {
  /** How often to look (default 5 s). */
  everyMs?: number;
  /** How long without a usable server before the client is replaced (default 30 s). */
  stuckAfterMs?: number;
  now?: () => number;
}

/**
 * Replaces the driver's client when it has known no usable server for `stuckAfterMs`.
 *
 * Why: in the soak, after a 3 s restart of the database two services out of five never got
 * their connection back — no socket to the server, every operation "server selection
 * timed out", for 10+ minutes, while a new client connected at once. The driver's monitor
 * had stopped checking the server, and nothing else wakes it. A new client is what a
 * process restart would give, without dropping the work in flight elsewhere.
 * While the server is really down, reopening fails and is tried again on the next look.
 */
export function watchMongo(
  connection: Connection,
  reopen: () => Promise<void>,
  logger: Logger,
  opts: MongoWatchdogOptions = {},
): { stop(): void } {
  const now = opts.now ?? Date.now;
  const stuckAfterMs = opts.stuckAfterMs ?? 30_000;
  let badSince: number | undefined;
  let busy = false;

  const tick = async () => {
    if (busy) return;
    if (hasUsableServer(connection)) {
      badSince = undefined;
      return;
    }
    badSince ??= now();
    if (now() - badSince < stuckAfterMs) return;
    busy = true;
    try {
      logger.warn(
        { downForMs: now() - badSince },
        'no usable MongoDB server for too long: replacing the client',
      );
      await connection.close().catch(() => {});
      await reopen();
      badSince = undefined;
      logger.info({}, 'MongoDB client replaced');
    } catch (err) {
      logger.warn({ err }, 'replacing the MongoDB client failed; trying again later');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.everyMs ?? 5_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** A server the driver would select: anything but Unknown in the client's topology. */
export function hasUsableServer(connection: Connection): boolean {
  if (connection.readyState !== 1) return false;
  const topology = (connection.getClient() as unknown as TopologyHolder).topology;
  const servers = topology?.description?.servers;
  if (!servers) return connection.readyState === 1;
  for (const s of servers.values()) if (s.type !== 'Unknown') return true;
  return false;
}

// `MongoClient.topology` is marked internal in the driver's types; its description is the
// documented SDAM view (the same one the serverDescriptionChanged events report).
interface TopologyHolder {
  topology?: { description?: { servers?: Map<string, { type: string }> } };
}

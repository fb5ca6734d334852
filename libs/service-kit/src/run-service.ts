import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, shutdownTelemetry } from '@commerce-sync/telemetry';
import type { ServiceApp } from './create-app.ts';

/** Idle keep-alive of the HTTP server: above ingress-nginx's upstream keep-alive (60 s). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Above the keep-alive timeout, so a reused connection is never cut mid-headers. */
export const HEADERS_TIMEOUT_MS = 66_000;

/** A step of graceful shutdown (stop consumers, flush the relay, close connections). */
export interface ShutdownHook {
  name: string;
  run(): unknown;
}

export interface RunServiceOptions {
  service: string;
  logger: Logger;
  app: ServiceApp;
  port: number;
  host?: string;
  /** Run in order on SIGTERM/SIGINT, after HTTP stops accepting. */
  shutdownHooks?: ShutdownHook[];
  /** Exit 1 if shutdown takes longer (keep below the Kubernetes grace period). Default 25 s. */
  deadlineMs?: number;
  /** Exit the process when done (default true; tests pass false). */
  exit?: boolean;
}

export interface RunningService {
  server: Server;
  port: number;
  shutdown(reason: string): Promise<void>;
}

/** Listens, and on SIGTERM/SIGINT drains: not-ready → stop HTTP → hooks in order → exit. */
export async function runService(opts: RunServiceOptions): Promise<RunningService> {
  const log = opts.logger.child({ module: 'lifecycle' });
  const server = opts.app.app.listen(opts.port, opts.host ?? '0.0.0.0');
  // A proxy reuses an idle upstream connection for up to its own keep-alive timeout
  // (ingress-nginx upstream-keepalive-timeout: 60 s); Node's default 5 s closes it first and
  // the request the proxy sent on it that moment fails as a 502. Headers timeout above both.
  // https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#upstream-keepalive-timeout
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve).once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, `${opts.service} listening`);
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    stopping ??= drain(opts, server, log, reason);
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal);
  process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
  return { server, port, shutdown };
}

async function drain(opts: RunServiceOptions, server: Server, log: Logger, reason: string): Promise<void> {
  const deadlineMs = opts.deadlineMs ?? 25_000;
  log.info({ reason, deadlineMs }, 'shutting down');
  const timer = setTimeout(() => {
    log.error({ deadlineMs }, 'shutdown deadline passed, exiting');
    if (opts.exit !== false) process.exit(1);
  }, deadlineMs);
  timer.unref();
  opts.app.setReady(false);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // In-flight requests finish first (they may write outbox rows the relay hook flushes).
  await Promise.race([closed, new Promise((r) => setTimeout(r, deadlineMs / 3).unref())]);
  server.closeAllConnections();
  for (const hook of opts.shutdownHooks ?? []) {
    try {
      await hook.run();
      log.info({ hook: hook.name }, 'shutdown hook done');
    } catch (err) {
      log.error({ err, hook: hook.name }, 'shutdown hook failed');
    }
  }
  await closed;
  await shutdownTelemetry();
  clearTimeout(timer);
  log.info('stopped');
  if (opts.exit !== false) process.exit(0);
}

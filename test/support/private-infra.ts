import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './infra.ts';
import { ROOT } from './system.ts';

export type InfraPiece = 'rabbit' | 'mongo' | 'mailpit';

export interface PrivateInfraOptions {
  /** Stop a leftover instance and delete its data folder first: a run that starts empty. */
  fresh?: boolean;
}

export interface PrivateInfra {
  env: Record<string, string>;
  urls: { amqp: string; amqpManagement: string; mongo: string; smtp: string; mailpitApi: string };
  restart(piece: 'rabbit' | 'mongo'): void;
  stop(piece?: 'rabbit' | 'mongo' | 'mailpit'): void;
  start(piece?: 'rabbit' | 'mongo' | 'mailpit'): void;
  down(): void;
  /**
   * Like `restart` but without blocking the event loop (so the caller keeps draining its
   * children's output): stop, wait until the port is closed, stay down `downMs`, start.
   */
  restartAsync(piece: 'rabbit' | 'mongo', downMs?: number): Promise<void>;
}

/**
 * A RabbitMQ, MongoDB-wire server and mailpit of a suite's own (own data folder, ports and
 * node name), so the suite can restart them and assert on exact counts without touching
 * the shared instances that other tests and `npm start` use. `base` picks the ports:
 * AMQP base, management base+10000, Erlang dist base+20000, MongoDB 27000+(base%1000),
 * SMTP/HTTP 1000+(base%1000) / 8000+(base%1000).
 */
export function privateInfra(name: string, base: number, opts: PrivateInfraOptions = {}): PrivateInfra {
  const off = base % 1000;
  const env: Record<string, string> = {
    COMMERCE_SYNC_LOCAL_DIR: join(ROOT, '.local', `infra-${name}`),
    RABBITMQ_PORT: String(base),
    RABBITMQ_MANAGEMENT_PORT: String(base + 10000),
    RABBITMQ_DIST_PORT: String(base + 20000),
    RABBITMQ_NODENAME: `${name}@localhost`,
    MONGO_PORT: String(27000 + off),
    MAILPIT_SMTP_PORT: String(1000 + off),
    MAILPIT_HTTP_PORT: String(8000 + off),
  };
  const urls = {
    amqp: `amqp://guest:guest@127.0.0.1:${base}`,
    amqpManagement: `http://guest:guest@127.0.0.1:${base + 10000}`,
    mongo: `mongodb://127.0.0.1:${27000 + off}`,
    smtp: `smtp://127.0.0.1:${1000 + off}`,
    mailpitApi: `http://127.0.0.1:${8000 + off}`,
  };
  const clean = { ...process.env, ...env };
  for (const v of ['AMQP_URL', 'MONGO_URL', 'SMTP_URL']) delete clean[v];
  const script = join(ROOT, 'deploy/local/infra.sh');
  const run = (...args: string[]) => {
    const r = spawnSync('bash', [script, ...args], { env: clean, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`infra.sh ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  };
  const runAsync = (...args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('bash', [script, ...args], { env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`infra.sh ${args.join(' ')} failed: ${out}`)),
      );
    });
  const ports: Record<InfraPiece, number> = { rabbit: base, mongo: 27000 + off, mailpit: 1000 + off };
  const closed = (piece: InfraPiece) =>
    waitFor(() => isClosed(ports[piece]), { timeoutMs: 60_000, intervalMs: 100, what: `${piece} down` });
  if (opts.fresh) {
    run('down');
    // The store and mailpit are stopped by a signal: wait until they really let go of their files.
    for (const piece of ['mongo', 'mailpit'] as const) waitClosedSync(ports[piece]);
    rmSync(env.COMMERCE_SYNC_LOCAL_DIR as string, { recursive: true, force: true });
  }
  run('up');
  return {
    env,
    urls,
    restart: (piece) => run(piece === 'rabbit' ? 'rabbit-restart' : 'mongo-restart', piece),
    stop: (piece) => run('down', ...(piece ? [piece] : [])),
    start: (piece) => run('up', ...(piece ? [piece] : [])),
    down: () => run('down'),
    async restartAsync(piece, downMs = 0) {
      await runAsync('down', piece);
      await closed(piece);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await runAsync('up', piece);
    },
  };
}

function isClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Synchronous wait (used only before anything runs): polls the port with bash for up to 30 s. */
function waitClosedSync(port: number): void {
  spawnSync('bash', [
    '-c',
    `for i in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/${port}) 2>/dev/null || exit 0; sleep 0.1; done`,
  ]);
}

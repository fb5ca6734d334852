import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { basename, join } from 'node:path';
import { waitFor } from './infra.ts';
import { ROOT } from './system.ts';

export type InfraPiece = 'rabbit' | 'mongo' | 'mailpit';

export interface PrivateInfraOptions {
  /** Stop a leftover instance and delete its data folder first: a run that starts empty. */
  fresh?: boolean;
  /**
   * 3: the broker is a 3-node RabbitMQ cluster (deploy/local/broker-cluster.sh) on AMQP
   * ports base..base+2, and `urls.amqp` lists the three nodes. Default 1: one node on base.
   */
  brokerNodes?: 1 | 3;
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
  /** How many broker nodes (1, or 3 for a cluster). */
  brokerNodes: number;
  /** Cluster only: SIGKILLs node i (1-based), or starts it again (it rejoins the cluster). */
  brokerNode(i: number, action: 'kill' | 'start'): Promise<void>;
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
  const nodes = opts.brokerNodes ?? 1;
  const cluster = nodes > 1;
  if (cluster) {
    env.BROKER_CLUSTER_PORT = String(base);
    env.BROKER_CLUSTER_NAME = `${name}-c`;
  }
  const urls = {
    amqp: Array.from({ length: nodes }, (_, i) => `amqp://guest:guest@127.0.0.1:${base + i}`).join(','),
    amqpManagement: `http://guest:guest@127.0.0.1:${base + 10000}`,
    mongo: `mongodb://127.0.0.1:${27000 + off}`,
    smtp: `smtp://127.0.0.1:${1000 + off}`,
    mailpitApi: `http://127.0.0.1:${8000 + off}`,
  };
  const clean = { ...process.env, ...env };
  for (const v of ['AMQP_URL', 'MONGO_URL', 'SMTP_URL']) delete clean[v];
  const script = join(ROOT, 'deploy/local/infra.sh');
  /** Runs a script of deploy/local without blocking the event loop; rejects with its output. */
  const runScriptAsync =
    (path: string) =>
    (...args: string[]) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn('bash', [path, ...args], { env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.once('error', reject);
        child.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`${basename(path)} ${args.join(' ')} failed: ${out}`)),
        );
      });
  const runScriptSync =
    (path: string) =>
    (...args: string[]) => {
      const r = spawnSync('bash', [path, ...args], { env: clean, encoding: 'utf8' });
      if (r.status !== 0)
        throw new Error(`${basename(path)} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
    };
  const run = runScriptSync(script);
  const runAsync = runScriptAsync(script);
  const clusterScript = join(ROOT, 'deploy/local/broker-cluster.sh');
  const runCluster = runScriptAsync(clusterScript);
  const runClusterSync = runScriptSync(clusterScript);
  // With a cluster, infra.sh runs the store and mailpit only; the script runs the broker.
  // Never the metrics engine: a private stack's figures come from its own probes.
  const pieces = (piece?: InfraPiece) =>
    piece ? [piece] : cluster ? ['mongo', 'mailpit'] : ['rabbit', 'mongo', 'mailpit'];
  const ports: Record<InfraPiece, number> = { rabbit: base, mongo: 27000 + off, mailpit: 1000 + off };
  const closed = (piece: InfraPiece) =>
    waitFor(() => isClosed(ports[piece]), { timeoutMs: 60_000, intervalMs: 100, what: `${piece} down` });
  if (opts.fresh) {
    run('down', ...pieces());
    if (cluster) runClusterSync('purge');
    // The store and mailpit are stopped by a signal: wait until they really let go of their files.
    for (const piece of ['mongo', 'mailpit'] as const) waitClosedSync(ports[piece]);
    rmSync(env.COMMERCE_SYNC_LOCAL_DIR as string, { recursive: true, force: true });
  }
  if (cluster) {
    run('up', ...pieces());
    runClusterSync('up');
  } else run('up');
  const onCluster = (piece: InfraPiece | undefined) => cluster && (piece === undefined || piece === 'rabbit');
  return {
    env,
    urls,
    brokerNodes: nodes,
    restart: (piece) => {
      if (cluster && piece === 'rabbit') {
        runClusterSync('down');
        runClusterSync('up');
      } else run(piece === 'rabbit' ? 'rabbit-restart' : 'mongo-restart', piece);
    },
    stop: (piece) => {
      if (piece !== 'rabbit') run('down', ...pieces(piece));
      if (onCluster(piece)) runClusterSync('down');
    },
    start: (piece) => {
      if (piece !== 'rabbit') run('up', ...pieces(piece));
      if (onCluster(piece)) runClusterSync('up');
    },
    down: () => {
      run('down', ...pieces());
      if (cluster) runClusterSync('down');
    },
    async restartAsync(piece, downMs = 0) {
      if (cluster && piece === 'rabbit') {
        await runCluster('down');
        if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
        await runCluster('up');
        return;
      }
      await runAsync('down', piece);
      await closed(piece);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await runAsync('up', piece);
    },
    async brokerNode(i, action) {
      if (!cluster) throw new Error('brokerNode: this infra runs one broker node, not a cluster');
      await runCluster(action === 'kill' ? 'kill-node' : 'start-node', String(i));
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

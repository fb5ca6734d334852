import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './system.ts';

export interface PrivateInfra {
  env: Record<string, string>;
  urls: { amqp: string; amqpManagement: string; mongo: string; smtp: string; mailpitApi: string };
  restart(piece: 'rabbit' | 'mongo'): void;
  stop(piece?: 'rabbit' | 'mongo' | 'mailpit'): void;
  start(piece?: 'rabbit' | 'mongo' | 'mailpit'): void;
  down(): void;
}

/**
 * A RabbitMQ, MongoDB-wire server and mailpit of a suite's own (own data folder, ports and
 * node name), so the suite can restart them and assert on exact counts without touching
 * the shared instances that other tests and `npm start` use. `base` picks the ports:
 * AMQP base, management base+10000, Erlang dist base+20000, MongoDB 27000+(base%1000),
 * SMTP/HTTP 1000+(base%1000) / 8000+(base%1000).
 */
export function privateInfra(name: string, base: number): PrivateInfra {
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
  const run = (...args: string[]) => {
    const clean = { ...process.env, ...env };
    for (const v of ['AMQP_URL', 'MONGO_URL', 'SMTP_URL']) delete clean[v];
    const r = spawnSync('bash', [join(ROOT, 'deploy/local/infra.sh'), ...args], { env: clean, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`infra.sh ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  };
  run('up');
  return {
    env,
    urls,
    restart: (piece) => run(piece === 'rabbit' ? 'rabbit-restart' : 'mongo-restart', piece),
    stop: (piece) => run('down', ...(piece ? [piece] : [])),
    start: (piece) => run('up', ...(piece ? [piece] : [])),
    down: () => run('down'),
  };
}

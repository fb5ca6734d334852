import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A RabbitMQ node and a MongoDB-wire server of our own for the restart test: the shared
 * broker is never restarted, and the heavy write load stays off the shared database.
 */
export const privateInfra = {
  amqpUrl: 'amqp://guest:guest@127.0.0.1:5679',
  managementUrl: 'http://guest:guest@127.0.0.1:15679',
  mongoUrl: 'mongodb://127.0.0.1:27079',
  env: {
    ...process.env,
    COMMERCE_SYNC_LOCAL_DIR: '.local/rabbit-msgtest',
    RABBITMQ_PORT: '5679',
    RABBITMQ_MANAGEMENT_PORT: '15679',
    RABBITMQ_DIST_PORT: '25679',
    RABBITMQ_NODENAME: 'msgtest@localhost',
    MONGO_PORT: '27079',
  },
  async infra(
    command: 'up' | 'down' | 'rabbit-restart',
    ...pieces: Array<'rabbit' | 'mongo'>
  ): Promise<void> {
    const args = ['deploy/local/infra.sh', command, ...pieces];
    await run('bash', args, { cwd: ROOT, env: this.env, timeout: 120_000 });
  },
};

const CLUSTER_PORT = 5741;

/**
 * A 3-node RabbitMQ cluster of our own (deploy/local/broker-cluster.sh) for the failover
 * test: its nodes are killed, so never the cluster a developer runs on 5701–5703.
 */
export const privateCluster = {
  script: join(ROOT, 'deploy/local/broker-cluster.sh'),
  amqpUrl: [0, 1, 2].map((i) => `amqp://guest:guest@127.0.0.1:${CLUSTER_PORT + i}`).join(','),
  managementUrl: (node: number) => `http://guest:guest@127.0.0.1:${CLUSTER_PORT + 10_000 + node - 1}`,
  /** Node number (1..3) of a `host:port` this cluster serves AMQP on. */
  nodeAt: (hostPort: string) => Number(hostPort.split(':')[1]) - CLUSTER_PORT + 1,
  nodeName: (node: number) => `msgtest-c${node}@localhost`,
  /** Node 1's data: absent before the first (cold) start. */
  dataDir: join(ROOT, '.local/cluster-msgtest/broker-cluster/n1/mnesia'),
  env: {
    ...process.env,
    COMMERCE_SYNC_LOCAL_DIR: '.local/cluster-msgtest',
    BROKER_CLUSTER_NAME: 'msgtest-c',
    BROKER_CLUSTER_PORT: String(CLUSTER_PORT),
  },
  async run(
    command: 'up' | 'down' | 'status' | 'kill-node' | 'start-node',
    node?: number,
  ): Promise<{ stdout: string }> {
    const args = [this.script, command, ...(node === undefined ? [] : [String(node)])];
    return run('bash', args, { cwd: ROOT, env: this.env, timeout: 300_000 });
  },
};

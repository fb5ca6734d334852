import { execFile } from 'node:child_process';
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

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './env.ts';

/** Runs deploy/local/infra.sh; exits the process with its message if a piece cannot start. */
export function infra(command: 'up' | 'down' | 'status', env: NodeJS.ProcessEnv): void {
  const result = spawnSync('bash', [join(ROOT, 'deploy/local/infra.sh'), command], { env, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`infrastructure ${command} failed (exit ${result.status}); see the line above.`);
    process.exit(result.status ?? 1);
  }
}

/** The local 3-node RabbitMQ cluster (deploy/local/broker-cluster.sh); `up` prints its AMQP_URL list. */
export function brokerCluster(command: 'up' | 'down', env: NodeJS.ProcessEnv): string {
  const script = join(ROOT, 'deploy/local/broker-cluster.sh');
  const result = spawnSync('bash', [script, command], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`broker cluster ${command} failed (exit ${result.status}); see the line above.`);
    process.exit(result.status ?? 1);
  }
  if (command === 'down') return '';
  return spawnSync('bash', [script, 'urls'], { env, encoding: 'utf8' }).stdout.trim();
}

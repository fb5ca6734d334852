import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replicasOf } from '../test/support/stack.ts';
import { ROOT } from './env.ts';

/** The file the local metrics engine reads its scrape targets from (deploy/local/infra.sh). */
export const TARGETS_FILE = join(ROOT, '.local/metrics/targets/stack.json');

/**
 * Every service process of the stack as a Prometheus file_sd target group, labelled by
 * service and replica: the local engine scrapes each replica's /metrics directly (not the
 * front), so the console's sums cover all of them.
 */
export function writeScrapeTargets(env: NodeJS.ProcessEnv, replicas: number): void {
  const groups = replicasOf(env, replicas).map((r) => ({
    targets: [`127.0.0.1:${r.port}`],
    labels: { service: r.service, replica: String(r.replica) },
  }));
  mkdirSync(join(ROOT, '.local/metrics/targets'), { recursive: true });
  writeFileSync(TARGETS_FILE, `${JSON.stringify(groups, null, 2)}\n`);
}

import { join } from 'node:path';
import type { Stack } from '../support/stack-harness.ts';
import { SIMULATORS } from '../support/stack.ts';
import { pidFromFile, pidListeningOn, type TrackedProcess } from './proc.ts';

/**
 * The processes whose CPU we count: the bench itself (the driver: its own threads only, its
 * children are the services), the simulators and services (children of the bench), and the
 * infra, started detached by deploy/local/infra.sh: RabbitMQ's beam.smp (its pid file),
 * the store's java and mailpit (pids/*.pid), or whoever listens on their port. Infra
 * processes count with their descendants (beam's erl_child_setup and what it runs);
 * epmd is shared by every Erlang node of the machine and left out.
 */
export function trackedProcesses(stack: Stack, log: (line: string) => void): TrackedProcess[] {
  const localDir = stack.infra.env.COMMERCE_SYNC_LOCAL_DIR as string;
  const port = (url: string) => Number(new URL(url).port);
  const found: (Omit<TrackedProcess, 'pid'> & { pid: number | undefined })[] = [
    { name: 'driver', pid: process.pid, mode: 'self' },
    ...SIMULATORS.map((s) => ({
      name: `sim-${s}`,
      pid: stack.system.pid(`sim-${s}`),
      mode: 'tree' as const,
    })),
    ...stack.replicas.map((r) => ({ name: r.name, pid: stack.system.pid(r.name), mode: 'tree' as const })),
    ...(stack.replicas.some((r) => r.replica > 1)
      ? [{ name: 'front', pid: stack.system.pid('front'), mode: 'tree' as const }]
      : []),
    {
      name: 'rabbitmq',
      pid:
        pidFromFile(join(localDir, 'rabbitmq/rabbitmq.pid')) ?? pidListeningOn(port(stack.infra.urls.amqp)),
      mode: 'tree',
    },
    {
      name: 'store',
      pid: pidFromFile(join(localDir, 'pids/store.pid')) ?? pidListeningOn(port(stack.infra.urls.mongo)),
      mode: 'tree',
    },
    {
      name: 'mailpit',
      pid: pidFromFile(join(localDir, 'pids/mailpit.pid')) ?? pidListeningOn(port(stack.infra.urls.smtp)),
      mode: 'tree',
    },
  ];
  const missing = found.filter((p) => p.pid === undefined).map((p) => p.name);
  if (missing.length) log(`CPU: no pid found for ${missing.join(', ')}: left out of the CPU figures`);
  log(`CPU from /proc of: ${found.map((p) => `${p.name} ${p.pid ?? '?'}`).join(', ')}`);
  return found.filter((p): p is TrackedProcess => p.pid !== undefined);
}

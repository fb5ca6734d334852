import type { Logger } from '@commerce-sync/telemetry';
import { trace } from '@opentelemetry/api';
import type { Connection } from 'mongoose';
import cron, { type ScheduledTask, type TaskContext } from 'node-cron';
import { MongoLeaseCoordinator } from './mongo-lease.ts';

export interface ScheduleJobOptions {
  /** Unique job name: the lease key shared by every replica. */
  name: string;
  /** node-cron expression (6 fields allow seconds). */
  cron: string;
  run(ctx: { date: Date }): unknown;
  connection: Connection;
  logger: Logger;
  /** How long a holder keeps the lease without renewing it; takeover delay after a crash. */
  leaseMs?: number;
  /** Identity of this replica (default host:pid:random). */
  holder?: string;
  timezone?: string;
}

export interface ScheduledJob {
  task: ScheduledTask;
  coordinator: MongoLeaseCoordinator;
  /** Stops ticking, waits for a running execution, releases the lease. A shutdown hook. */
  stop(): Promise<void>;
}

const tracer = trace.getTracer('@commerce-sync/service-kit');

/**
 * A node-cron 4 task that runs once per tick across all replicas: `distributed` mode asks
 * the MongoDB lease coordinator before each slot, `noOverlap` skips a tick while the
 * previous run of this process is still busy. Failures are logged, never thrown.
 */
export function scheduleJob(opts: ScheduleJobOptions): ScheduledJob {
  const log = opts.logger.child({ module: 'cron', job: opts.name });
  const coordinator = new MongoLeaseCoordinator(opts.connection, opts.name, opts.holder);
  const execute = async (ctx: TaskContext) =>
    tracer.startActiveSpan(`cron ${opts.name}`, async (span) => {
      try {
        await opts.run({ date: ctx.date });
      } catch (err) {
        span.recordException(err as Error);
        log.error({ err }, 'job failed');
      } finally {
        span.end();
      }
    });
  const task = cron.schedule(opts.cron, execute, {
    name: opts.name,
    noOverlap: true,
    distributed: true,
    runCoordinator: coordinator,
    distributedLease: opts.leaseMs ?? 60_000,
    timezone: opts.timezone,
    logger: cronLogger(log),
  });
  task.on('execution:overlap', () => log.warn('previous run still busy, tick skipped'));
  return {
    task,
    coordinator,
    async stop() {
      await task.stop();
      await waitIdle(task);
      await coordinator.release().catch((err: unknown) => log.warn({ err }, 'lease release failed'));
      await task.destroy();
    },
  };
}

async function waitIdle(task: ScheduledTask): Promise<void> {
  while (task.isBusy()) await new Promise((r) => setTimeout(r, 50));
}

function cronLogger(log: Logger) {
  return {
    info: (m: string) => log.debug(m),
    warn: (m: string) => log.warn(m),
    error: (m: string | Error, err?: Error) => log.error({ err: err ?? m }, String(m)),
    debug: (m: string | Error) => log.debug(String(m)),
  };
}

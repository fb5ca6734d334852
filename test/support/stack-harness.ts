import { join } from 'node:path';
import { localEnv } from '../../scripts/env.ts';
import { privateInfra, type PrivateInfra } from './private-infra.ts';
import { local, replicasOf, servicePort, shiftPorts, simPort, stackSpecs } from './stack.ts';
import { ROOT, System } from './system.ts';

export interface StackOptions {
  /** Names the private infra, its data folder and the log folder. */
  name: string;
  /** AMQP port of the private broker; the other infra ports derive from it. */
  amqpPort: number;
  /** Added to every service and simulator port (3001→3001+offset, 4001→4001+offset). */
  portOffset: number;
  env?: Record<string, string>;
  autoRestartMs?: number;
  /** Start from empty infra (no data of an earlier run): what exact-count checks need. */
  fresh?: boolean;
  /** Told when a process exits unexpectedly (see SystemOptions.onEvent). */
  onEvent?: (line: string) => void;
  /** Processes per service (default 1); with more, `url` is their front (stack.ts). */
  replicas?: number;
  /** 3: the broker is a local 3-node cluster and every service is given all three nodes. */
  brokerNodes?: 1 | 3;
}

export interface Stack {
  env: NodeJS.ProcessEnv;
  infra: PrivateInfra;
  system: System;
  /** Every service process: its process name, service, replica number and own port. */
  replicas: ReturnType<typeof replicasOf>;
  url: {
    orders: string;
    payments: string;
    inventory: string;
    shipping: string;
    notifications: string;
    shopify: string;
    stripe: string;
    easypost: string;
  };
  stop(): Promise<void>;
}

/**
 * The whole system on its own broker, database and mailpit, on shifted ports: what the
 * end-to-end tests, the benchmark and the soak drive. `stop()` stops processes and infra.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const infra = privateInfra(opts.name, opts.amqpPort, {
    fresh: opts.fresh,
    brokerNodes: opts.brokerNodes ?? 1,
  });
  const env = shiftPorts(
    {
      ...localEnv(),
      AMQP_URL: infra.urls.amqp,
      RABBITMQ_MANAGEMENT_URL: infra.urls.amqpManagement,
      MONGO_URL: infra.urls.mongo,
      SMTP_URL: infra.urls.smtp,
      MAILPIT_API_URL: infra.urls.mailpitApi,
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    opts.portOffset,
  );
  const system = new System({
    logDir: join(ROOT, '.local/logs', opts.name),
    autoRestartMs: opts.autoRestartMs,
    onEvent: opts.onEvent,
  });
  const url = {
    orders: local(servicePort(env, 'orders')),
    payments: local(servicePort(env, 'payments')),
    inventory: local(servicePort(env, 'inventory')),
    shipping: local(servicePort(env, 'shipping')),
    notifications: local(servicePort(env, 'notifications')),
    shopify: local(simPort(env, 'shopify')),
    stripe: local(simPort(env, 'stripe')),
    easypost: local(simPort(env, 'easypost')),
  };
  try {
    await system.start(stackSpecs(env, { replicas: opts.replicas ?? 1 }));
  } catch (err) {
    await system.stop();
    infra.down();
    throw err;
  }
  return {
    env,
    infra,
    system,
    replicas: replicasOf(env, opts.replicas ?? 1),
    url,
    async stop() {
      await system.stop();
      infra.down();
    },
  };
}

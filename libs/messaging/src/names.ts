import { EXCHANGES, queueFor } from '@commerce-sync/contracts';

/** Every exchange and queue one consumer uses, derived from its prefix and service name. */
export interface Names {
  events: string;
  commands: string;
  queue: string;
  dlq: string;
  /** A retry tier: the library holds each message until it is due (retry-tier.ts). */
  retryQueue(tierMs: number): string;
}

/** A prefix lets concurrent test runs (or environments) share one broker without colliding. */
export function namesFor(service: string, prefix = ''): Names {
  const queue = `${prefix}${queueFor(service)}`;
  return {
    events: `${prefix}${EXCHANGES.events}`,
    commands: `${prefix}${EXCHANGES.commands}`,
    queue,
    dlq: `${queue}.dlq`,
    retryQueue: (tierMs) => `${queue}.delay.${tierMs}ms`,
  };
}

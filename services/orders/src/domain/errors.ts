import { IllegalTransition } from '@commerce-sync/errors';

/**
 * An event of a later step arrived before the order got there (a retry overtook the
 * message before it). Retryable: by the next attempt the order has usually caught up.
 */
export class EventArrivedEarly extends IllegalTransition {
  constructor(event: string, status: string) {
    super(`${event} cannot apply to an order still ${status}`, {
      retryable: true,
      help: 'The message is retried; if it reaches the DLQ the order is stuck before this step.',
    });
  }
}

/** A request the order's state does not allow (e.g. retrying an order that is not stuck). */
export class TransitionNotAllowed extends IllegalTransition {
  constructor(event: string, status: string, why?: string) {
    super(`${event} is not allowed while the order is ${status}${why ? `: ${why}` : ''}`, {
      help: 'Read the order timeline (GET /orders/:id) to see where it stands.',
    });
  }
}

import type { AggregateStore, ApplyOptions, ApplyResult } from './aggregate-store.ts';
import type { Envelope } from './envelope.ts';
import type { OutgoingMessage } from './outbox-record.ts';
import type { StandaloneOutbox } from './standalone-outbox.ts';

/** What a handler can do besides reading its envelope: change state and emit, atomically. */
export interface HandlerContext {
  /**
   * Changes the aggregate `id` and stores the returned messages in the same write, keyed by
   * this message: on a redelivery it returns `{ applied: false }` without running `mutate`.
   */
  apply<T>(
    store: AggregateStore<T>,
    id: string,
    options: Pick<ApplyOptions<T>, 'create' | 'mutate'>,
  ): Promise<ApplyResult<T>>;
  /** Emits without an aggregate (standalone outbox), keyed by this message and call order. */
  emit(messages: OutgoingMessage[]): Promise<void>;
}

export type Handler<P = unknown> = (msg: Envelope<P>, ctx: HandlerContext) => Promise<void>;

export function createHandlerContext(
  consumer: string,
  envelope: Envelope,
  outbox: StandaloneOutbox,
): HandlerContext {
  // Emitted messages continue this order's conversation and name this message as their cause.
  const defaults = { correlationId: envelope.correlationId, causationId: envelope.messageId };
  let emits = 0;
  return {
    apply(store, id, options) {
      return store.apply(id, { ...options, consumer, messageId: envelope.messageId, defaults });
    },
    async emit(messages) {
      // Deterministic per handler run, so the same call of a re-run handler hits the same key.
      const key = `${consumer}:${envelope.messageId}:${emits++}`;
      await outbox.enqueue(key, messages, defaults);
    },
  };
}

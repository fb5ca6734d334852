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

/** How the handler's effect was recorded, for the inbox and the duplicate metric. */
export interface KeyRecord {
  /** The key went in atomically with the effect (apply or emit): no separate inbox write. */
  recorded: boolean;
  /** Every apply/emit found the key already there: this delivery was a duplicate. */
  duplicate: boolean;
}

export function createHandlerContext(
  consumer: string,
  envelope: Envelope,
  outbox: StandaloneOutbox,
): { ctx: HandlerContext; keyRecord: () => KeyRecord } {
  // Emitted messages continue this order's conversation and name this message as their cause.
  const defaults = { correlationId: envelope.correlationId, causationId: envelope.messageId };
  let emits = 0;
  let recorded = 0;
  let duplicates = 0;
  const ctx: HandlerContext = {
    async apply(store, id, options) {
      const result = await store.apply(id, { ...options, consumer, messageId: envelope.messageId, defaults });
      recorded++;
      if (!result.applied) duplicates++;
      return result;
    },
    async emit(messages) {
      // Deterministic per handler run, so the same call of a re-run handler hits the same key.
      const key = `${consumer}:${envelope.messageId}:${emits++}`;
      if (!(await outbox.enqueue(key, messages, defaults))) duplicates++;
      recorded++;
    },
  };
  return {
    ctx,
    keyRecord: () => ({ recorded: recorded > 0, duplicate: recorded > 0 && duplicates === recorded }),
  };
}

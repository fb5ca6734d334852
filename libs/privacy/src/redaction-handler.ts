import type { Payload, ServiceName } from '@commerce-sync/contracts';
import type { Handler } from '@commerce-sync/messaging';
import { type RedactableDb, redactDatabase } from './redact-database.ts';

export interface RedactionHandlerOptions {
  service: ServiceName;
  /** The service's database (a mongoose connection's `db`, read when a request comes). */
  db: () => RedactableDb | undefined;
  /** Collections that hold no personal data and may be large (left out of the scan). */
  skip?: readonly string[];
  /**
   * What the scan cannot find by order id, removed after it (e.g. a whole shop's records on
   * `shop/redact`); returns the documents changed. Must be idempotent like the scan.
   */
  also?: (request: Payload<'customer.redaction_requested'>) => Promise<number>;
}

/**
 * The handler of `customer.redaction_requested` in a service: its copy of the orders' personal
 * data is replaced (redactDatabase), then `customer.redacted` says so. A redelivery runs the
 * redaction again (it finds nothing left) and emits nothing new (the emit is keyed by the message).
 */
export function redactOnRequest(
  opts: RedactionHandlerOptions,
): Handler<Payload<'customer.redaction_requested'>> {
  return async (msg, ctx) => {
    const db = opts.db();
    if (!db) throw new Error('the store connection is not open');
    const scanned = await redactDatabase(db, { orderIds: msg.payload.orderIds, skip: opts.skip });
    const documents = scanned + ((await opts.also?.(msg.payload)) ?? 0);
    await ctx.emit([
      {
        type: 'customer.redacted',
        payload: {
          requestId: msg.payload.requestId,
          service: opts.service,
          documents,
          redactedAt: new Date().toISOString(),
        },
      },
    ]);
  };
}

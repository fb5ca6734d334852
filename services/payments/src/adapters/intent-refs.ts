import { insertUnlessPresent } from '@commerce-sync/service-kit';
import { type Connection, type Model, Schema } from 'mongoose';

/** A Stripe payment intent id → the order whose payment names it. */
export interface IntentRef {
  _id: string;
  /** null: looked for once and no payment names it (an intent of another integration). */
  orderId: string | null;
}

const schema = new Schema<IntentRef>(
  { _id: { type: String, required: true }, orderId: { type: String, default: null } },
  { collection: 'payment_intents', versionKey: false },
);

/**
 * The answers of the one look-up by intent id, for webhooks whose intent carries no
 * `metadata.order_id` (every intent we create carries it, so these are intents made
 * elsewhere on the account, or by an earlier version of ours). Such a look-up filters
 * `payments` on `intentId`, which no unique index can serve (payments without an intent yet
 * hold null), so on the local store it reads every payment: it runs once per intent and its
 * answer is kept here by `_id`, found or not.
 */
export function intentRefs(connection: Connection) {
  const model =
    (connection.models.IntentRef as Model<IntentRef> | undefined) ??
    connection.model<IntentRef>('IntentRef', schema);
  return {
    model,
    /** The remembered answer for this intent; undefined when it was never looked up. */
    async lookup(intentId: string): Promise<IntentRef | undefined> {
      return (await model.findById(intentId).lean<IntentRef>().exec()) ?? undefined;
    },
    remember: (intentId: string, orderId: string | null) =>
      insertUnlessPresent(model.collection, { _id: intentId, orderId }),
    /** Forgets the answer, so the next event of this intent looks again (an operator's retry). */
    forget: (intentId: string) => model.deleteOne({ _id: intentId }),
  };
}

export type IntentRefs = ReturnType<typeof intentRefs>;

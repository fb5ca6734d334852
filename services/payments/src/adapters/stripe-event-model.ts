import { type Connection, Schema } from 'mongoose';

/** What happened to a webhook event after it was recorded. */
export const EventOutcomes = ['pending', 'processed', 'unmatched', 'ignored', 'failed'] as const;
export type EventOutcome = (typeof EventOutcomes)[number];

export interface StripeEventDoc {
  /** Stripe's event id: the dedupe key of redelivered webhooks. */
  _id: string;
  type: string;
  /** The JSON of `data.object`, kept as a string: Stripe's keys are not ours to validate. */
  object: string;
  objectId: string | null;
  intentId: string | null;
  orderId: string | null;
  createdAt: Date;
  receivedAt: Date;
  outcome: EventOutcome;
  detail?: string | null;
  attempts: number;
}

/**
 * An event recorded but not yet settled, `_id` = the Stripe event id; its absence means
 * settled. The webhook writes it right after the event and processing deletes it, so the
 * recovery pass reads this small collection whole instead of filtering `stripe_events` by
 * outcome and age (no index serves that on the local store, and the events grow with orders).
 */
export interface PendingStripeEvent {
  _id: string;
  receivedAt: Date;
  attempts?: number;
  lastError?: string;
}

const StripeEventSchema = new Schema<StripeEventDoc>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    object: { type: String, required: true },
    objectId: { type: String, default: null },
    intentId: { type: String, default: null },
    orderId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    outcome: { type: String, enum: EventOutcomes, default: 'pending' },
    detail: { type: String, default: null },
    attempts: { type: Number, default: 0 },
  },
  { versionKey: false },
);
StripeEventSchema.index({ outcome: 1, receivedAt: 1 });
StripeEventSchema.index({ intentId: 1 });

const PendingStripeEventSchema = new Schema<PendingStripeEvent>(
  {
    _id: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    attempts: Number,
    lastError: String,
  },
  { versionKey: false },
);

/** Webhook intake: every verified Stripe event, recorded before we answer 200. */
export function stripeEventModel(connection: Connection) {
  return connection.model<StripeEventDoc>('StripeEvent', StripeEventSchema, 'stripe_events');
}
export type StripeEventModel = ReturnType<typeof stripeEventModel>;

/** Events recorded and not yet settled (see PendingStripeEvent). */
export function pendingStripeEventModel(connection: Connection) {
  return connection.model<PendingStripeEvent>(
    'PendingStripeEvent',
    PendingStripeEventSchema,
    'stripe_events_pending',
  );
}
export type PendingStripeEventModel = ReturnType<typeof pendingStripeEventModel>;

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
  leaseUntil: Date | null;
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
    leaseUntil: { type: Date, default: null },
  },
  { versionKey: false },
);
StripeEventSchema.index({ outcome: 1, receivedAt: 1 });
StripeEventSchema.index({ intentId: 1 });

/** Webhook intake: every verified Stripe event, recorded before we answer 200. */
export function stripeEventModel(connection: Connection) {
  return connection.model<StripeEventDoc>('StripeEvent', StripeEventSchema, 'stripe_events');
}

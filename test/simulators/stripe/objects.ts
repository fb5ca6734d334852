/** The Stripe objects the simulator keeps, shaped like the API's JSON (snake_case on purpose). */
export type Metadata = Record<string, string>;

export interface LastPaymentError {
  type: 'card_error';
  code: string;
  decline_code?: string;
  message: string;
  charge?: string;
  payment_method?: { id: string; object: 'payment_method'; type: 'card' };
  doc_url: string;
}

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  automatic_payment_methods: { enabled: boolean; allow_redirects?: string } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: string;
  client_secret: string;
  confirmation_method: string;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  last_payment_error: LastPaymentError | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Metadata;
  next_action: Record<string, unknown> | null;
  payment_method: string | null;
  allowed_payment_method_types: string[] | null;
  payment_method_types: string[];
  receipt_email: string | null;
  return_url?: string | null;
  status:
    | 'requires_payment_method'
    | 'requires_confirmation'
    | 'requires_action'
    | 'processing'
    | 'requires_capture'
    | 'succeeded'
    | 'canceled';
}

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  created: number;
  currency: string;
  customer: string | null;
  disputed: boolean;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Metadata;
  outcome: { network_status: string; reason: string | null; type: string; seller_message: string };
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  refunded: boolean;
  status: 'succeeded' | 'failed' | 'pending';
}

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string;
  reason: string | null;
  status: 'succeeded' | 'pending' | 'failed' | 'canceled';
}

export interface Customer {
  id: string;
  object: 'customer';
  created: number;
  description: string | null;
  email: string | null;
  livemode: false;
  metadata: Metadata;
  name: string | null;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** Counters the e2e tests assert on: real effects only, never idempotent replays. */
export interface SimStats {
  creates: number;
  createsByOrder: Record<string, number>;
  confirms: number;
  declines: number;
  captures: number;
  capturesByOrder: Record<string, number>;
  voids: number;
  voidsByOrder: Record<string, number>;
  refunds: number;
  refundsByOrder: Record<string, number>;
  refundedAmountByOrder: Record<string, number>;
  idempotentReplays: number;
  requests: number;
}

export function emptyStats(): SimStats {
  return {
    creates: 0,
    createsByOrder: {},
    confirms: 0,
    declines: 0,
    captures: 0,
    capturesByOrder: {},
    voids: 0,
    voidsByOrder: {},
    refunds: 0,
    refundsByOrder: {},
    refundedAmountByOrder: {},
    idempotentReplays: 0,
    requests: 0,
  };
}

/** Adds `by` to `counter[key]` (key = the intent's metadata.order_id, or `-`). */
export function bump(counter: Record<string, number>, key: string | undefined, by = 1): void {
  const k = key ?? '-';
  counter[k] = (counter[k] ?? 0) + by;
}

/** What we need to know about a Stripe PaymentIntent, independent of the SDK's types. */
export interface IntentSnapshot {
  id: string;
  status:
    | 'requires_payment_method'
    | 'requires_confirmation'
    | 'requires_action'
    | 'processing'
    | 'requires_capture'
    | 'succeeded'
    | 'canceled';
  amount: number;
  amountCapturable: number;
  amountReceived: number;
  /** ISO 4217, upper case (Stripe answers lower case). */
  currency: string;
  orderId?: string;
  cancellationReason?: string | null;
  lastError?: { code?: string | null; declineCode?: string | null; message?: string | null } | null;
  created: Date;
}

/**
 * Our `payment.failed` reason from Stripe's error: the specific decline code when Stripe
 * gives one (`insufficient_funds`, `lost_card`), else the error code (`card_declined`,
 * `expired_card`, `incorrect_cvc`).
 */
export function failureReason(err: { code?: string | null; declineCode?: string | null }): string {
  const specific = err.declineCode && err.declineCode !== 'generic_decline' ? err.declineCode : undefined;
  if (err.code === 'card_declined' && specific) return specific;
  return err.code ?? specific ?? 'card_declined';
}

import type { AggregateStore } from '@commerce-sync/messaging';
import type { Logger } from '@commerce-sync/telemetry';
import type { PaymentDoc } from '../adapters/payment-model.ts';
import type { StripeGateway } from '../adapters/stripe-gateway.ts';
import type { PaymentState } from '../domain/payment.ts';

/** What every payment handler needs; built once in the composition root. */
export interface PaymentDeps {
  payments: AggregateStore<PaymentDoc>;
  stripe: StripeGateway;
  clock: () => Date;
  onActionRequired: 'fail' | 'wait';
  logger: Logger;
}

/**
 * The payment as this process last wrote it when that names its intent (no read: the next
 * command is usually the answer to the step just written), else as stored now, kept for the
 * `apply` that follows. Every handler decides on it only what an older state decides too;
 * without an intent it reads, since another replica may have authorised since.
 */
export function findPayment(deps: PaymentDeps, orderId: string): Promise<PaymentDoc | null> {
  return paymentWhere(deps.payments, orderId, (p) => Boolean(p.intentId));
}

/**
 * The remembered payment when it already shows what `shows` asks for (an older copy shows no
 * less of it), else the stored one: another replica may have written what the copy lacks.
 */
export async function paymentWhere(
  payments: AggregateStore<PaymentDoc>,
  orderId: string,
  shows: (p: PaymentDoc) => boolean,
): Promise<PaymentDoc | null> {
  const known = payments.remembered(orderId);
  if (known && shows(known)) return known;
  return payments.read(orderId);
}

/** The domain works on plain state; a mongoose document is that state with extras. */
export function asState(doc: unknown): PaymentState & { updatedAt?: Date } {
  return doc as PaymentState & { updatedAt?: Date };
}

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
export async function findPayment(deps: PaymentDeps, orderId: string): Promise<PaymentDoc | null> {
  const known = deps.payments.remembered(orderId);
  if (known?.intentId) return known;
  return deps.payments.read(orderId);
}

/** The domain works on plain state; a mongoose document is that state with extras. */
export function asState(doc: unknown): PaymentState & { updatedAt?: Date } {
  return doc as PaymentState & { updatedAt?: Date };
}

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

export async function findPayment(deps: PaymentDeps, orderId: string): Promise<PaymentDoc | null> {
  return deps.payments.model.findById(orderId).lean<PaymentDoc>().exec();
}

/** The domain works on plain state; a mongoose document is that state with extras. */
export function asState(doc: unknown): PaymentState & { updatedAt?: Date } {
  return doc as PaymentState & { updatedAt?: Date };
}

import { notFound, StripeSimError, unexpectedState } from './errors.ts';
import { newId, nowSeconds } from './ids.ts';
import { bump, type Charge, type PaymentIntent } from './objects.ts';
import { TEST_PAYMENT_METHODS } from './payment-methods.ts';
import type { EmitEvent, RequestInfo, SimState } from './state.ts';

/**
 * The PaymentIntent lifecycle (https://docs.stripe.com/payments/paymentintents/lifecycle):
 * requires_payment_method → requires_confirmation → requires_action | requires_capture
 * (manual capture) | succeeded → canceled. Each function mutates the state and emits the
 * events Stripe would send.
 */
export interface IntentContext {
  state: SimState;
  emit: EmitEvent;
  req: RequestInfo | null;
}

const orderOf = (pi: PaymentIntent) => pi.metadata.order_id;

export function getIntent(state: SimState, id: string): PaymentIntent {
  const pi = state.intents.get(id);
  if (!pi) throw notFound('payment_intent', id, 'intent');
  return pi;
}

function newCharge(pi: PaymentIntent, pm: string, status: Charge['status']): Charge {
  const ok = status === 'succeeded';
  return {
    id: newId('ch'),
    object: 'charge',
    amount: pi.amount,
    amount_captured: 0,
    amount_refunded: 0,
    captured: false,
    created: nowSeconds(),
    currency: pi.currency,
    customer: pi.customer,
    disputed: false,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: { ...pi.metadata },
    outcome: {
      network_status: ok ? 'approved_by_network' : 'declined_by_network',
      reason: null,
      type: ok ? 'authorized' : 'issuer_declined',
      seller_message: ok
        ? 'Payment complete.'
        : 'The bank did not return any further details with this decline.',
    },
    paid: ok,
    payment_intent: pi.id,
    payment_method: pm,
    refunded: false,
    status,
  };
}

/** Confirms with the intent's payment method; a decline throws the 402 Stripe answers with. */
export function confirmIntent(
  ctx: IntentContext,
  pi: PaymentIntent,
  opts: { errorOnAction?: boolean } = {},
): void {
  const { state, emit, req } = ctx;
  if (!['requires_confirmation', 'requires_payment_method', 'requires_action'].includes(pi.status)) {
    throw unexpectedState(
      `This PaymentIntent's status is ${pi.status}, but it must be requires_payment_method, requires_confirmation or requires_action to be confirmed.`,
    );
  }
  const pm = pi.payment_method;
  if (!pm) {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with a payment method, pass `payment_method`.",
    );
  }
  const behaviour = TEST_PAYMENT_METHODS[pm];
  if (!behaviour) throw notFound('PaymentMethod', pm, 'payment_method');
  state.stats.confirms += 1;
  if (behaviour.outcome === 'action') {
    if (opts.errorOnAction) {
      declineIntent(
        ctx,
        pi,
        pm,
        'authentication_required',
        'authentication_required',
        'Your card was declined. This transaction requires authentication.',
      );
    }
    pi.status = 'requires_action';
    pi.next_action = {
      type: 'use_stripe_sdk',
      use_stripe_sdk: {
        type: 'three_d_secure_redirect',
        stripe_js: `https://hooks.stripe.com/3d_secure_2/hosted?intent=${pi.id}`,
      },
    };
    emit('payment_intent.requires_action', pi, req);
    return;
  }
  if (behaviour.outcome === 'decline') {
    declineIntent(ctx, pi, pm, behaviour.code, behaviour.declineCode, behaviour.message);
  }
  succeedCharge(ctx, pi, pm);
}

/** The card (or the completed authentication) went through: hold or take the money. */
export function succeedCharge(ctx: IntentContext, pi: PaymentIntent, pm: string): void {
  const charge = newCharge(pi, pm, 'succeeded');
  ctx.state.charges.set(charge.id, charge);
  pi.latest_charge = charge.id;
  pi.next_action = null;
  pi.last_payment_error = null;
  if (pi.capture_method === 'manual') {
    pi.status = 'requires_capture';
    pi.amount_capturable = pi.amount;
    ctx.emit('payment_intent.amount_capturable_updated', pi, ctx.req);
    return;
  }
  charge.captured = true;
  charge.amount_captured = pi.amount;
  pi.status = 'succeeded';
  pi.amount_received = pi.amount;
  ctx.emit('payment_intent.succeeded', pi, ctx.req);
}

export function declineIntent(
  ctx: IntentContext,
  pi: PaymentIntent,
  pm: string,
  code: string,
  declineCode: string,
  message: string,
): never {
  const charge = newCharge(pi, pm, 'failed');
  charge.failure_code = code;
  charge.failure_message = message;
  ctx.state.charges.set(charge.id, charge);
  ctx.state.stats.declines += 1;
  const docUrl = `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;
  const paymentMethod = { id: pm, object: 'payment_method' as const, type: 'card' as const };
  pi.status = 'requires_payment_method';
  pi.latest_charge = charge.id;
  pi.next_action = null;
  // Stripe detaches the failed method from the intent; the error keeps it.
  pi.payment_method = null;
  pi.last_payment_error = {
    type: 'card_error',
    code,
    decline_code: declineCode,
    message,
    charge: charge.id,
    payment_method: paymentMethod,
    doc_url: docUrl,
  };
  ctx.emit('payment_intent.payment_failed', pi, ctx.req);
  throw new StripeSimError(402, {
    type: 'card_error',
    code,
    decline_code: declineCode,
    message,
    charge: charge.id,
    doc_url: docUrl,
    payment_intent: structuredClone(pi),
    payment_method: paymentMethod,
  });
}

export function captureIntent(ctx: IntentContext, pi: PaymentIntent, amountToCapture?: number): void {
  if (pi.status !== 'requires_capture') {
    throw unexpectedState(
      `This PaymentIntent could not be captured because it has a status of ${pi.status}.`,
    );
  }
  const amount = amountToCapture ?? pi.amount_capturable;
  if (amount > pi.amount_capturable || amount < 1) {
    throw new StripeSimError(400, {
      type: 'invalid_request_error',
      code: 'amount_too_large',
      param: 'amount_to_capture',
      message: `The amount to capture (${amount}) must be less than or equal to the amount capturable (${pi.amount_capturable}).`,
    });
  }
  const charge = pi.latest_charge ? ctx.state.charges.get(pi.latest_charge) : undefined;
  if (charge) {
    charge.captured = true;
    charge.amount_captured = amount;
  }
  pi.status = 'succeeded';
  pi.amount_received = amount;
  pi.amount_capturable = 0;
  ctx.state.stats.captures += 1;
  bump(ctx.state.stats.capturesByOrder, orderOf(pi));
  ctx.emit('payment_intent.succeeded', pi, ctx.req);
}

const CANCELABLE = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

export function cancelIntent(ctx: IntentContext, pi: PaymentIntent, reason: string | null): void {
  if (!CANCELABLE.includes(pi.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
    );
  }
  pi.status = 'canceled';
  pi.canceled_at = nowSeconds();
  pi.cancellation_reason = reason;
  pi.amount_capturable = 0;
  pi.next_action = null;
  if (reason !== 'automatic') {
    ctx.state.stats.voids += 1;
    bump(ctx.state.stats.voidsByOrder, orderOf(pi));
  }
  ctx.emit('payment_intent.canceled', pi, ctx.req);
}

import { createHash } from 'node:crypto';
import type { ResilientHttp } from '@commerce-sync/service-kit';
import Stripe from 'stripe';
import type { IntentSnapshot } from '../domain/intent-snapshot.ts';
import { toStripeError } from './stripe-errors.ts';

export interface AuthorizeInput {
  orderId: string;
  amountMinor: number;
  currency: string;
  paymentMethod: string;
  customer?: string;
  description?: string;
}

/** A refused card is an answer, not a failure: it carries the intent as Stripe left it. */
export type AuthorizeResult =
  | { ok: true; intent: IntentSnapshot }
  | { ok: false; intent?: IntentSnapshot; code?: string; declineCode?: string; message: string };

export interface StripeGateway {
  authorize(input: AuthorizeInput, idempotencyKey: string): Promise<AuthorizeResult>;
  capture(
    intentId: string,
    amountToCapture: number | undefined,
    idempotencyKey: string,
  ): Promise<IntentSnapshot>;
  cancel(intentId: string, idempotencyKey: string): Promise<IntentSnapshot>;
  refund(
    intentId: string,
    amountMinor: number | undefined,
    idempotencyKey: string,
  ): Promise<{ id: string; amountMinor: number }>;
  retrieve(intentId: string): Promise<IntentSnapshot>;
  listRefunds(intentId: string): Promise<{ id: string; amountMinor: number }[]>;
  findByOrder(orderId: string): Promise<IntentSnapshot[]>;
  /** `stripe.webhooks.constructEvent` over the raw body; throws on a bad signature or an old timestamp. */
  verifyWebhook(rawBody: Buffer, signature: string): Stripe.Event;
}

export interface StripeGatewayOptions {
  apiUrl: string;
  secretKey: string;
  webhookSecret: string;
  http: ResilientHttp;
}

/** Stripe keys are at most 255 characters; long order ids are hashed, still deterministic. */
export function stripeKey(raw: string): string {
  return raw.length <= 255 ? raw : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

export function toSnapshot(pi: Stripe.PaymentIntent): IntentSnapshot {
  const err = pi.last_payment_error;
  return {
    id: pi.id,
    status: pi.status as IntentSnapshot['status'],
    amount: pi.amount,
    amountCapturable: pi.amount_capturable,
    amountReceived: pi.amount_received,
    currency: pi.currency.toUpperCase(),
    orderId: pi.metadata?.order_id,
    cancellationReason: pi.cancellation_reason,
    lastError: err
      ? { code: err.code ?? null, declineCode: err.decline_code ?? null, message: err.message ?? null }
      : null,
    created: new Date(pi.created * 1000),
  };
}

/**
 * The official stripe-node client pointed at STRIPE_API_URL (the simulator locally,
 * api.stripe.com in production). stripe-node's own retries are off: the service-kit policy
 * (timeout, retry with the same Idempotency-Key, circuit breaker) is the only one.
 */
export function createStripeGateway(opts: StripeGatewayOptions): StripeGateway {
  const url = new URL(opts.apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const stripe = new Stripe(opts.secretKey, {
    host: url.hostname,
    port: Number(url.port || (protocol === 'http' ? 80 : 443)),
    protocol,
    httpClient: Stripe.createFetchHttpClient(opts.http.fetch),
    maxNetworkRetries: 0,
    // The policy times out each attempt; this only bounds the whole retried call.
    timeout: 120_000,
    appInfo: { name: 'commerce-sync-payments' },
  });
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toStripeError(err);
    }
  };

  return {
    async authorize(input, key) {
      try {
        const pi = await stripe.paymentIntents.create(
          {
            amount: input.amountMinor,
            currency: input.currency.toLowerCase(),
            capture_method: 'manual',
            confirm: true,
            payment_method: input.paymentMethod,
            // Card only, no redirects: the customer is not on a page we control.
            automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
            metadata: { order_id: input.orderId },
            ...(input.customer?.startsWith('cus_') ? { customer: input.customer } : {}),
            ...(input.description ? { description: input.description } : {}),
          },
          { idempotencyKey: stripeKey(key) },
        );
        return { ok: true, intent: toSnapshot(pi) };
      } catch (err) {
        if (!(err instanceof Stripe.errors.StripeCardError)) throw toStripeError(err);
        const pi = err.payment_intent;
        return {
          ok: false,
          ...(pi ? { intent: toSnapshot(pi) } : {}),
          code: err.code,
          declineCode: err.decline_code,
          message: err.message,
        };
      }
    },
    capture: (id, amount, key) =>
      call(async () =>
        toSnapshot(
          await stripe.paymentIntents.capture(id, amount === undefined ? {} : { amount_to_capture: amount }, {
            idempotencyKey: stripeKey(key),
          }),
        ),
      ),
    cancel: (id, key) =>
      call(async () =>
        toSnapshot(await stripe.paymentIntents.cancel(id, {}, { idempotencyKey: stripeKey(key) })),
      ),
    refund: (id, amount, key) =>
      call(async () => {
        const r = await stripe.refunds.create(
          { payment_intent: id, ...(amount === undefined ? {} : { amount }) },
          { idempotencyKey: stripeKey(key) },
        );
        return { id: r.id, amountMinor: r.amount };
      }),
    retrieve: (id) => call(async () => toSnapshot(await stripe.paymentIntents.retrieve(id))),
    listRefunds: (id) =>
      call(async () =>
        (await stripe.refunds.list({ payment_intent: id, limit: 100 })).data.map((r) => ({
          id: r.id,
          amountMinor: r.amount,
        })),
      ),
    findByOrder: (orderId) =>
      call(async () => {
        const query = `metadata['order_id']:'${orderId.replaceAll("'", "\\'")}'`;
        return (await stripe.paymentIntents.search({ query, limit: 10 })).data.map(toSnapshot);
      }),
    verifyWebhook: (raw, signature) =>
      stripe.webhooks.constructEvent(raw, signature, opts.webhookSecret, 300),
  };
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppError } from '@commerce-sync/errors';
import { toStripeError } from './stripe-errors.ts';

const withProps = (message: string, props: Record<string, unknown>) =>
  Object.assign(new Error(message), props);

function expectClass(err: unknown, code: string, retryable: boolean): AppError {
  const app = toStripeError(err);
  assert.equal(app.code, code, `code for ${String((err as Error)?.name)}`);
  assert.equal(app.retryable, retryable);
  return app;
}

describe('toStripeError', () => {
  it('when Stripe declines a card, then PaymentDeclined keeps the decline code and is final', () => {
    const err = withProps('Your card was declined.', {
      type: 'StripeCardError',
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'insufficient_funds',
    });
    const app = expectClass(err, 'PAYMENT_DECLINED', false);
    assert.equal(app.providerCode, 'insufficient_funds');
    assert.equal(app.api, 'stripe');
  });

  it('when Stripe is rate limited, unreachable or failing, then it is retryable', () => {
    expectClass(withProps('x', { type: 'StripeRateLimitError', statusCode: 429 }), 'RATE_LIMITED', true);
    expectClass(withProps('x', { type: 'StripeConnectionError' }), 'UPSTREAM_UNAVAILABLE', true);
    expectClass(withProps('x', { type: 'StripeAPIError', statusCode: 500 }), 'UPSTREAM_UNAVAILABLE', true);
  });

  it('when Stripe rejects an idempotency key or a request, then it is not retryable', () => {
    expectClass(
      withProps('x', { type: 'StripeIdempotencyError', statusCode: 400 }),
      'IDEMPOTENCY_CONFLICT',
      false,
    );
    expectClass(
      withProps('x', { type: 'StripeInvalidRequestError', statusCode: 400 }),
      'UPSTREAM_REJECTED',
      false,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppError } from '@commerce-sync/errors';
import { toCourierError } from './courier-errors.ts';

function expectClass(err: unknown, code: string, retryable: boolean): AppError {
  const app = toCourierError(err);
  assert.equal(app.code, code, `code for ${String((err as Error)?.name)}`);
  assert.equal(app.retryable, retryable);
  return app;
}

describe('toCourierError', () => {
  it('when EasyPost answers with an ApiError, then the status decides and the code is kept', () => {
    class RateLimitError extends Error {
      statusCode = 429;
      code = 'RATE_LIMITED';
      errors = [];
    }
    class InvalidRequestError extends Error {
      statusCode = 422;
      code = 'ADDRESS.VERIFY.FAILURE';
      errors = [];
    }
    expectClass(new RateLimitError('slow down'), 'RATE_LIMITED', true);
    const app = expectClass(new InvalidRequestError('bad'), 'UPSTREAM_REJECTED', false);
    assert.equal(app.providerCode, 'ADDRESS.VERIFY.FAILURE');
    assert.equal(app.api, 'easypost');
  });

  it('when EasyPost refuses our account, then it is retryable until an operator fixes the key or balance', () => {
    class PaymentRequiredError extends Error {
      statusCode = 402;
      code = 'PAYMENT.REQUIRED';
      errors = [];
    }
    const app = expectClass(new PaymentRequiredError('balance empty'), 'UPSTREAM_UNAVAILABLE', true);
    assert.equal(app.api, 'easypost');
    assert.match(app.help ?? '', /EASYPOST_API_KEY/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { AppError } from './app-error.ts';
import { toAppError } from './to-app-error.ts';

const withProps = (message: string, props: Record<string, unknown>, name?: string) => {
  const err = Object.assign(new Error(message), props);
  if (name) err.name = name;
  return err;
};

function expectClass(err: unknown, code: string, retryable: boolean): AppError {
  const app = toAppError(err);
  assert.equal(app.code, code, `code for ${String((err as Error)?.name)}`);
  assert.equal(app.retryable, retryable);
  return app;
}

describe('toAppError', () => {
  it('when given an AppError, then it returns the same instance', () => {
    const original = new AppError('CONFLICT', 'x');
    assert.equal(toAppError(original), original);
  });

  it('when a socket is refused, reset or times out, then it is a retryable upstream failure', () => {
    expectClass(withProps('refused', { code: 'ECONNREFUSED' }), 'UPSTREAM_UNAVAILABLE', true);
    expectClass(withProps('reset', { code: 'ECONNRESET' }), 'UPSTREAM_UNAVAILABLE', true);
    expectClass(withProps('slow', { code: 'ETIMEDOUT' }), 'UPSTREAM_TIMEOUT', true);
    expectClass(withProps('hdr', { code: 'UND_ERR_HEADERS_TIMEOUT' }), 'UPSTREAM_TIMEOUT', true);
    expectClass(withProps('sock', { code: 'UND_ERR_SOCKET' }), 'UPSTREAM_UNAVAILABLE', true);
  });

  it('when fetch fails with a socket error as cause, then the cause decides', () => {
    const err = new TypeError('fetch failed', { cause: withProps('x', { code: 'ECONNREFUSED' }) });
    const app = expectClass(err, 'UPSTREAM_UNAVAILABLE', true);
    assert.match(app.message, /ECONNREFUSED/);
  });

  it('when a request is aborted or times out, then it is a retryable timeout', () => {
    expectClass(new DOMException('aborted', 'AbortError'), 'UPSTREAM_TIMEOUT', true);
    expectClass(new DOMException('timeout', 'TimeoutError'), 'UPSTREAM_TIMEOUT', true);
    expectClass(withProps('Operation timed out', { isTaskCancelledError: true }), 'UPSTREAM_TIMEOUT', true);
  });

  it('when a circuit is open, then the upstream is unavailable and retryable', () => {
    expectClass(withProps('open', { isBrokenCircuitError: true }), 'UPSTREAM_UNAVAILABLE', true);
  });

  it('when an HTTP answer is 429 with Retry-After seconds, then retryAfterMs follows it', () => {
    const app = expectClass(
      withProps('x', { status: 429, headers: { 'Retry-After': '7' } }),
      'RATE_LIMITED',
      true,
    );
    assert.equal(app.retryAfterMs, 7000);
  });

  it('when Retry-After is an HTTP date, then retryAfterMs is the time until that date', () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const app = toAppError(
      withProps('x', { response: { status: 429, headers: new Headers({ 'retry-after': at }) } }),
    );
    assert.ok(app.retryAfterMs !== undefined && app.retryAfterMs > 25_000 && app.retryAfterMs <= 30_000);
  });

  it('when an HTTP answer is 5xx, then it is retryable; 4xx is not', () => {
    expectClass(withProps('x', { statusCode: 503 }), 'UPSTREAM_UNAVAILABLE', true);
    expectClass(withProps('x', { statusCode: 500 }), 'UPSTREAM_UNAVAILABLE', true);
    expectClass(withProps('x', { statusCode: 504 }), 'UPSTREAM_TIMEOUT', true);
    const rejected = expectClass(withProps('x', { statusCode: 422 }), 'UPSTREAM_REJECTED', false);
    assert.equal(rejected.upstreamStatus, 422);
  });

  it('when Shopify reports THROTTLED, then it is rate limited; other GraphQL errors are final', () => {
    const throttled = {
      networkStatusCode: 200,
      graphQLErrors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
    };
    expectClass(throttled, 'RATE_LIMITED', true);
    expectClass({ networkStatusCode: 503, message: 'down' }, 'UPSTREAM_UNAVAILABLE', true);
    expectClass(
      { networkStatusCode: 200, graphQLErrors: [{ message: 'Field x missing' }] },
      'UPSTREAM_REJECTED',
      false,
    );
  });

  it('when zod rejects input, then ValidationFailed lists each failing field', () => {
    const result = z.object({ email: z.email(), qty: z.number() }).safeParse({ email: 'no', qty: 'x' });
    assert.ok(!result.success);
    const app = expectClass(result.error, 'VALIDATION_FAILED', false);
    assert.deepEqual(app.fields?.map((f) => f.field).sort(), ['email', 'qty']);
  });

  it('when mongoose validation fails, then fields carry the kind and never the value', () => {
    const err = withProps(
      'Validation failed: email: jane@example.com is invalid',
      {
        errors: { email: { kind: 'regexp', message: 'jane@example.com is invalid' } },
      },
      'ValidationError',
    );
    const app = expectClass(err, 'VALIDATION_FAILED', false);
    assert.deepEqual(app.fields, [{ field: 'email', message: 'failed regexp' }]);
    assert.doesNotMatch(JSON.stringify(app.toJSON()), /jane@/);
  });

  it('when MongoDB reports a duplicate key, then DuplicateKey names the key, not the value', () => {
    const err = withProps(
      'E11000 dup',
      { code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@b.c' } },
      'MongoServerError',
    );
    const app = expectClass(err, 'DUPLICATE_KEY', false);
    assert.equal(app.message, 'duplicate key on email');
  });

  it('when MongoDB is unreachable, then it is retryable', () => {
    expectClass(withProps('x', {}, 'MongoServerSelectionError'), 'UPSTREAM_UNAVAILABLE', true);
  });

  it('when the pool was cleared or the client closed under an operation (database restart), then it is retryable, not parked', () => {
    for (const name of ['MongoPoolClearedError', 'MongoClientClosedError', 'MongoServerClosedError'])
      expectClass(withProps('x', {}, name), 'UPSTREAM_UNAVAILABLE', true);
    expectClass(withProps('x', {}, 'MongoWaitQueueTimeoutError'), 'UPSTREAM_TIMEOUT', true);
  });

  it('when a bulk write (insertMany) failed because the pool was cleared, then it is retryable, not parked', () => {
    const cleared = withProps('pool cleared', {}, 'MongoPoolClearedError');
    const bulk = withProps(
      'pool cleared',
      { errorResponse: cleared, writeErrors: [] },
      'MongoBulkWriteError',
    );
    expectClass(bulk, 'UPSTREAM_UNAVAILABLE', true);
  });

  it('when body-parser rejects JSON or size, then it is a client error', () => {
    expectClass(
      withProps('x', { expose: true, status: 400, type: 'entity.parse.failed' }),
      'MALFORMED_REQUEST',
      false,
    );
    expectClass(
      withProps('x', { expose: true, status: 413, type: 'entity.too.large' }),
      'PAYLOAD_TOO_LARGE',
      false,
    );
  });

  it('when something unknown is thrown, then it is Internal, not retryable, with the cause kept', () => {
    const bug = new TypeError('x is undefined');
    const app = expectClass(bug, 'INTERNAL', false);
    assert.equal(app.cause, bug);
    expectClass('a string', 'INTERNAL', false);
  });
});

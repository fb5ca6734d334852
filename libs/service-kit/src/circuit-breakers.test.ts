import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { RateLimited, UpstreamRejected, UpstreamUnavailable } from '@commerce-sync/errors';
import { breakerFor, circuitStateOf, resetBreakers } from './circuit-breakers.ts';

beforeEach(() => resetBreakers());

async function failWith(api: string, err: Error, times: number) {
  const breaker = breakerFor(api, { consecutiveFailures: 3, halfOpenAfterMs: 60_000 });
  for (let i = 0; i < times; i++)
    await assert.rejects(
      breaker.execute(() => Promise.reject(err)),
      (e: Error) => e === err,
    );
}

describe('breakerFor', () => {
  it('when an API keeps rate limiting (429, THROTTLED), then the circuit stays closed', async () => {
    await failWith('limited', new RateLimited('slow down', { api: 'limited', retryAfterMs: 1000 }), 5);
    await failWith(
      'throttled',
      new RateLimited('throttled', { api: 'throttled', providerCode: 'THROTTLED' }),
      5,
    );
    assert.equal(circuitStateOf('limited'), 'closed');
    assert.equal(circuitStateOf('throttled'), 'closed');
  });

  it('when an API answers 4xx, then the circuit stays closed', async () => {
    await failWith('strict', new UpstreamRejected('bad input', { api: 'strict' }), 5);
    assert.equal(circuitStateOf('strict'), 'closed');
  });

  it('when an API is down (5xx), then the circuit opens after the consecutive failures', async () => {
    await failWith('down', new UpstreamUnavailable('503', { api: 'down', upstreamStatus: 503 }), 3);
    assert.equal(circuitStateOf('down'), 'open');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterAttempt, decideClaim, type NotificationRecord } from './notification-claim.ts';

const now = new Date('2026-03-01T10:00:00Z');
const later = new Date(now.getTime() + 60_000);
const earlier = new Date(now.getTime() - 1);
const row = (over: Partial<NotificationRecord> = {}): NotificationRecord => ({
  orderId: 'o:1',
  kind: 'shipped',
  status: 'pending',
  attempts: 0,
  ...over,
});

describe('decideClaim', () => {
  it('when the row is pending and never claimed, then claim 1 is tried', () => {
    assert.deepEqual(decideClaim(row(), undefined, now), { outcome: 'claim', n: 1 });
  });

  it('when another consumer holds a live claim, then it is busy', () => {
    assert.deepEqual(decideClaim(row(), { n: 1, until: later, released: false }, now), { outcome: 'busy' });
  });

  it('when the last claim expired (its holder crashed) or was released (SMTP outage), then the next claim is tried', () => {
    assert.deepEqual(decideClaim(row(), { n: 1, until: earlier, released: false }, now), {
      outcome: 'claim',
      n: 2,
    });
    assert.deepEqual(decideClaim(row(), { n: 3, until: later, released: true }, now), {
      outcome: 'claim',
      n: 4,
    });
  });

  it('when the row is sent, failed or skipped, then it is done whatever the claims say', () => {
    for (const status of ['sent', 'failed', 'skipped'] as const) {
      assert.deepEqual(decideClaim(row({ status }), undefined, now), { outcome: 'done' });
    }
  });
});

describe('afterAttempt', () => {
  it('when sent, then the row is final with the provider id and the attempt counted', () => {
    const next = afterAttempt(row(), 1, { outcome: 'sent', providerMessageId: 'm1' });
    assert.deepEqual([next.status, next.providerMessageId, next.attempts], ['sent', 'm1', 1]);
  });

  it('when rejected for good, then the row is failed and visible with its reason', () => {
    const next = afterAttempt(row(), 2, { outcome: 'rejected', reason: '550 no such mailbox' });
    assert.deepEqual([next.status, next.lastError, next.attempts], ['failed', '550 no such mailbox', 2]);
  });

  it('when deferred, then the row stays pending with the error for the next attempt', () => {
    const next = afterAttempt(row(), 1, { outcome: 'deferred', reason: 'ECONNECTION' });
    assert.deepEqual([next.status, next.lastError], ['pending', 'ECONNECTION']);
  });
});

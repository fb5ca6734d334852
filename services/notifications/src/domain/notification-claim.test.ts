import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimNotification, type NotificationRecord, recordSendResult } from './notification-claim.ts';

const now = new Date('2026-03-01T10:00:00Z');
const pending = (over: Partial<NotificationRecord> = {}): NotificationRecord => ({
  orderId: 'o:1',
  kind: 'shipped',
  status: 'pending',
  attempts: 0,
  ...over,
});
const input = { now, owner: 'a', leaseMs: 60_000, optedOut: false };

describe('claimNotification', () => {
  it('when the row is pending and free, then the caller claims it for the lease and counts an attempt', () => {
    const row = pending();
    assert.deepEqual(claimNotification(row, input), { outcome: 'send' });
    assert.equal(row.claimedBy, 'a');
    assert.equal(row.claimedUntil?.getTime(), now.getTime() + 60_000);
    assert.equal(row.attempts, 1);
  });

  it('when another consumer holds a live claim, then it is busy and the row is untouched', () => {
    const until = new Date(now.getTime() + 1000);
    const row = pending({ claimedBy: 'b', claimedUntil: until });
    assert.deepEqual(claimNotification(row, input), { outcome: 'busy', until });
    assert.equal(row.attempts, 0);
  });

  it('when the other claim expired (its holder crashed), then the row can be claimed again', () => {
    const row = pending({ claimedBy: 'b', claimedUntil: new Date(now.getTime() - 1), attempts: 1 });
    assert.equal(claimNotification(row, input).outcome, 'send');
    assert.equal(row.attempts, 2);
  });

  it('when the row is already sent, failed or skipped, then it is done', () => {
    for (const status of ['sent', 'failed', 'skipped'] as const) {
      assert.equal(claimNotification(pending({ status }), input).outcome, 'done');
    }
  });

  it('when the customer opted out, then the row is skipped without an attempt', () => {
    const row = pending();
    assert.equal(claimNotification(row, { ...input, optedOut: true }).outcome, 'skip');
    assert.equal(row.status, 'skipped');
    assert.equal(row.attempts, 0);
  });
});

describe('recordSendResult', () => {
  it('when sent, then the row is final with the provider id and the claim released', () => {
    const row = pending({ claimedBy: 'a', claimedUntil: now });
    assert.equal(recordSendResult(row, { outcome: 'sent', providerMessageId: 'm1' }), true);
    assert.deepEqual([row.status, row.providerMessageId, row.claimedBy], ['sent', 'm1', null]);
  });

  it('when rejected for good, then the row is failed and visible with its reason', () => {
    const row = pending();
    assert.equal(recordSendResult(row, { outcome: 'rejected', reason: '550 no such mailbox' }), true);
    assert.deepEqual([row.status, row.lastError], ['failed', '550 no such mailbox']);
  });

  it('when deferred twice, then the row stays pending and only the first delay is announced', () => {
    const row = pending({ claimedBy: 'a', claimedUntil: now });
    assert.equal(recordSendResult(row, { outcome: 'deferred', reason: 'ECONNREFUSED' }), true);
    assert.equal(recordSendResult(row, { outcome: 'deferred', reason: 'ECONNREFUSED' }), false);
    assert.deepEqual([row.status, row.claimedUntil], ['pending', null]);
  });

  it('when another consumer already finished the row, then its record stands', () => {
    const row = pending({ status: 'sent', providerMessageId: 'first' });
    assert.equal(recordSendResult(row, { outcome: 'sent', providerMessageId: 'second' }), false);
    assert.equal(row.providerMessageId, 'first');
  });
});

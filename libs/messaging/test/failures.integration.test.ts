import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AppError } from '@commerce-sync/errors';
import { waitFor } from '@commerce-sync/test/support/infra';
import express from 'express';
import { Registry } from 'prom-client';
import { createDlqRouter, createMessaging, type DlqEntry, type Messaging } from '../src/index.ts';
import { authorizeBody, createHarness, type Harness, rawPublishCommand } from './harness.ts';

const TIERS = [200, 400, 800];

describe('failure handling', () => {
  let h: Harness;
  let messaging: Messaging;
  const deliveries = new Map<string, { attempt: number; at: number }[]>();
  const behaviour = new Map<string, (attempt: number) => void>();

  const publish = (orderId: string) =>
    rawPublishCommand(h, 'payment.authorize', JSON.stringify(authorizeBody(orderId)), {
      correlationId: orderId,
    });
  const parked = async (orderId: string): Promise<DlqEntry | undefined> =>
    (await messaging.dlq.list({ limit: 500 })).entries.find((e) => e.correlationId === orderId);

  before(async () => {
    h = await createHarness('msgfail');
    messaging = createMessaging({
      service: 'payments',
      amqpUrl: h.amqpUrl,
      connection: h.connection,
      prefix: h.prefix,
      retryTiersMs: TIERS,
      registry: new Registry(),
    });
    messaging.handle('payment.authorize', async (msg) => {
      const list = deliveries.get(msg.correlationId) ?? [];
      list.push({ attempt: msg.attempt, at: Date.now() });
      deliveries.set(msg.correlationId, list);
      behaviour.get(msg.correlationId)?.(msg.attempt);
    });
    await messaging.start();
  });

  after(async () => {
    await messaging?.stop({ deadlineMs: 2_000 });
    await h?.close();
  });

  it('when a handler fails retryably twice, then it is retried through the tiers with their delays and succeeds', async () => {
    behaviour.set('shop:retry', (attempt) => {
      if (attempt < 3) throw new AppError('UPSTREAM_TIMEOUT', 'stripe timed out');
    });
    await publish('shop:retry');
    const list = await waitFor(
      () => deliveries.get('shop:retry')?.length === 3 && deliveries.get('shop:retry'),
      {
        what: 'third attempt',
      },
    );
    assert.deepEqual(
      list.map((d) => d.attempt),
      [1, 2, 3],
    );
    assert.ok(list[1]!.at - list[0]!.at >= TIERS[0]!, 'waited at least tier 1');
    assert.ok(list[2]!.at - list[1]!.at >= TIERS[1]!, 'waited at least tier 2');
    assert.equal(await parked('shop:retry'), undefined);
  });

  it('when a dependency stays away for more failures than there are tiers, then the waits spend no attempt and the message succeeds once it is back', async () => {
    let failures = 0;
    behaviour.set('shop:outage', () => {
      if (failures++ < TIERS.length + 2) throw new AppError('UPSTREAM_UNAVAILABLE', 'database unreachable');
    });
    await publish('shop:outage');
    const list = await waitFor(
      () => deliveries.get('shop:outage')?.length === TIERS.length + 3 && deliveries.get('shop:outage'),
      { what: 'delivery after the outage', timeoutMs: 20_000 },
    );
    // Old policy: attempt 4 would have been the last and the message parked as exhausted.
    assert.ok(list.every((d) => d.attempt === 1));
    assert.equal(await parked('shop:outage'), undefined);
  });

  it('when every tier is used up, then the message is parked as retries-exhausted with its attempts', async () => {
    behaviour.set('shop:exhaust', () => {
      throw new AppError('UPSTREAM_TIMEOUT', 'still down');
    });
    await publish('shop:exhaust');
    const entry = await waitFor(() => parked('shop:exhaust'), {
      what: 'exhausted message parked',
      timeoutMs: 20_000,
    });
    assert.equal(entry.reason, 'retries-exhausted');
    assert.equal(entry.errorCode, 'UPSTREAM_TIMEOUT');
    assert.equal(entry.attempts, TIERS.length + 1);
    assert.ok(entry.firstFailureAt);
  });

  it('when the failure is not retryable, then the message goes straight to the DLQ with code, message and stack', async () => {
    behaviour.set('shop:declined', () => {
      throw new AppError('PAYMENT_DECLINED', 'card declined');
    });
    await publish('shop:declined');
    const entry = await waitFor(() => parked('shop:declined'), { what: 'declined message parked' });
    assert.equal(entry.reason, 'non-retryable');
    assert.equal(entry.errorCode, 'PAYMENT_DECLINED');
    assert.equal(entry.errorMessage, 'card declined');
    assert.equal(deliveries.get('shop:declined')?.length, 1);
    const shown = await messaging.dlq.show(entry.messageId);
    assert.match(shown?.errorStack ?? '', /card declined/);
    assert.deepEqual(JSON.parse(shown?.body ?? ''), authorizeBody('shop:declined'));
  });

  it('when a parked message is replayed after the cause is fixed, then it is processed and leaves the DLQ', async () => {
    const entry = await waitFor(() => parked('shop:declined'), { what: 'declined message parked' });
    behaviour.delete('shop:declined');
    assert.deepEqual(await messaging.dlq.replay({ messageId: entry.messageId }), { replayed: 1 });
    await waitFor(() => deliveries.get('shop:declined')?.length === 2, { what: 'replayed delivery' });
    assert.equal(await parked('shop:declined'), undefined);
  });

  it('when the body is not JSON or breaks the contract, then it is parked with the reason and never retried', async () => {
    await rawPublishCommand(h, 'payment.authorize', '{not json', { correlationId: 'shop:garbage' });
    await rawPublishCommand(h, 'payment.authorize', JSON.stringify({ orderId: 7 }), {
      correlationId: 'shop:invalid',
    });
    const garbage = await waitFor(() => parked('shop:garbage'), { what: 'garbage parked' });
    const invalid = await waitFor(() => parked('shop:invalid'), { what: 'invalid parked' });
    assert.equal(garbage.reason, 'UNPARSABLE_BODY');
    assert.equal(invalid.reason, 'SCHEMA_INVALID');
    assert.match(invalid.errorMessage ?? '', /orderId/);
    assert.equal(deliveries.has('shop:garbage') || deliveries.has('shop:invalid'), false);
  });

  it('when an operator uses the DLQ router, then it lists, rejects a bad limit or filter and discards', async () => {
    const app = express().use('/admin/dlq', createDlqRouter(messaging.dlq));
    const server = app.listen(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/dlq`;
    try {
      const listed = (await (await fetch(base)).json()) as { total: number; entries: DlqEntry[] };
      assert.ok(listed.entries.some((e) => e.correlationId === 'shop:garbage'));
      const post = (path: string, body: unknown) =>
        fetch(`${base}/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      for (const limit of ['1001', '0', 'ten'])
        assert.equal((await fetch(`${base}?limit=${limit}`)).status, 400, `limit=${limit}`);
      assert.equal((await post('discard', { everything: 'please' })).status, 400);
      assert.equal((await fetch(`${base}/no-such-id`)).status, 404);
      const res = (await (await post('discard', { all: true })).json()) as { discarded: number };
      assert.equal(res.discarded, listed.total);
      assert.equal((await messaging.dlq.list()).total, 0);
    } finally {
      server.close();
    }
  });
});

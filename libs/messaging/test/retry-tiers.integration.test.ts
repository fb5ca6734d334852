/**
 * The retry tiers are held by the library, not by broker TTLs: a tier queue has no TTL and
 * no dead-lettering, and a message held by a process that stops goes back to its tier at
 * once, where another process takes it and republishes it when it is due, once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError } from '@commerce-sync/errors';
import { infraUrls, waitFor } from '@commerce-sync/test/support/infra';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { Registry } from 'prom-client';
import { type Messaging, namesFor } from '../src/index.ts';
import { authorizeBody, createHarness, type Harness, rawPublishCommand } from './harness.ts';

const TIER_MS = 2_500;

describe('retry tiers held by the library', () => {
  let h: Harness;
  let model: ChannelModel;
  let channel: Channel;
  const running: Messaging[] = [];
  const runs: { instance: string; attempt: number; at: number }[] = [];

  /** One messaging instance of the payments service whose first attempt of anything fails retryably. */
  function instance(name: string, registry: Registry) {
    const m = h.messaging({ service: 'payments', retryTiersMs: [TIER_MS], registry });
    m.handle('payment.authorize', async (msg) => {
      runs.push({ instance: name, attempt: msg.attempt, at: Date.now() });
      if (msg.attempt === 1) throw new AppError('UPSTREAM_TIMEOUT', 'stripe timed out');
    });
    running.push(m);
    return m;
  }

  const retried = async (registry: Registry) => {
    const metric = await registry.getSingleMetric('messaging_retried_total')?.get();
    return metric?.values.reduce((n, v) => n + v.value, 0) ?? 0;
  };
  const management = async (queue: string) => {
    const url = new URL(infraUrls().amqpManagement);
    const auth = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`);
    const res = await fetch(`${url.protocol}//${url.host}/api/queues/%2F/${encodeURIComponent(queue)}`, {
      headers: { authorization: `Basic ${auth.toString('base64')}` },
    });
    assert.equal(res.status, 200, `queue ${queue} exists`);
    return (await res.json()) as { type: string; arguments: Record<string, unknown> };
  };

  before(async () => {
    h = await createHarness('msgtier');
    model = await connect(h.amqpUrl);
    channel = await model.createChannel();
  });
  after(async () => {
    await Promise.all(running.map((m) => m.stop({ deadlineMs: 2_000 })));
    await model?.close();
    await h?.close();
  });

  it('when a tier is declared, then it is a quorum queue with no TTL and no dead-letter exchange', async () => {
    const m = instance('declare', new Registry());
    await m.start();
    const names = namesFor('payments', h.prefix);
    const tier = await management(names.retryQueue(TIER_MS));
    assert.equal(tier.type, 'quorum');
    for (const arg of ['x-message-ttl', 'x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-expires'])
      assert.equal(tier.arguments[arg], undefined, `${arg} on the tier`);
    await m.stop({ deadlineMs: 2_000 });
  });

  it('when the process holding a retry stops, then the message goes back to its tier at once and another process handles it once, when it is due', async () => {
    const names = namesFor('payments', h.prefix);
    const registryA = new Registry();
    const a = instance('A', registryA);
    await a.start();
    const orderId = 'shop:held-retry';
    await rawPublishCommand(h, 'payment.authorize', JSON.stringify(authorizeBody(orderId)), {
      correlationId: orderId,
    });
    // A failed the first attempt and its tier publish was confirmed…
    await waitFor(async () => (await retried(registryA)) === 1, { what: 'the retry scheduled by A' });
    // …and A's tier consumer holds it: in the tier, not ready, one consumer.
    await waitFor(
      async () => {
        const q = await channel.checkQueue(names.retryQueue(TIER_MS));
        return q.messageCount === 0 && q.consumerCount === 1;
      },
      { what: 'A holding the retry' },
    );

    const stopped = performance.now();
    await a.stop({ deadlineMs: 10_000 });
    const stopMs = performance.now() - stopped;
    assert.ok(stopMs < TIER_MS, `the stop cut the wait short (${Math.round(stopMs)} ms)`);
    const back = await channel.checkQueue(names.retryQueue(TIER_MS));
    assert.equal(back.messageCount, 1, 'the held message is back in its tier');

    const b = instance('B', new Registry());
    await b.start();
    await waitFor(() => runs.filter((r) => r.instance !== 'declare').length === 2, {
      what: 'the second attempt',
      timeoutMs: 20_000,
    });
    await waitFor(
      async () => {
        const [work, tier] = await Promise.all([
          channel.checkQueue(names.queue),
          channel.checkQueue(names.retryQueue(TIER_MS)),
        ]);
        return work.messageCount === 0 && tier.messageCount === 0;
      },
      { what: 'the work queue and the tier drained' },
    );
    const [first, second, ...more] = runs.filter((r) => r.instance !== 'declare');
    assert.deepEqual([first?.instance, first?.attempt, second?.instance, second?.attempt], ['A', 1, 'B', 2]);
    assert.ok(second!.at - first!.at >= TIER_MS, `due after the tier (${second!.at - first!.at} ms)`);
    assert.deepEqual(more, [], 'handled once');
    assert.equal((await b.dlq.list()).total, 0);
  });
});

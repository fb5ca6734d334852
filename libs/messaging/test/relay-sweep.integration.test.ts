import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { Registry } from 'prom-client';
import type { Messaging } from '../src/index.ts';
import { authorizeBody, createHarness, type Harness, tallyModel } from './harness.ts';

const sweeps = async (registry: Registry, reason: string) => {
  const metric = await registry.getSingleMetric('messaging_relay_sweeps_total')?.get();
  return metric?.values.find((v) => v.labels.reason === reason)?.value ?? 0;
};

describe('relay sweeps: at start, and once after another relay stopped beating', () => {
  let h: Harness;
  let consumer: Messaging;
  const running: Messaging[] = [];
  const received: number[] = [];

  before(async () => {
    h = await createHarness('msgsweep');
    consumer = h.messaging({ registry: new Registry(), service: 'payments', relay: { enabled: false } });
    consumer.handle('payment.authorize', async (msg) => {
      received.push(msg.payload.amountMinor);
    });
    await consumer.start();
  });
  after(async () => {
    for (const m of running) await m.stop({ deadlineMs: 2_000 });
    await consumer?.stop({ deadlineMs: 2_000 });
    await h?.close();
  });

  const beats = () => h.connection.collection<{ _id: string; at: Date }>('outbox_relays');

  /**
   * A write whose process died before publishing it: the document with messages in its
   * outbox, and no marker anywhere. Made by a writer without a relay, then taken out (with
   * its marker) so it can be put back raw once the relay under test has done its start sweep.
   */
  async function orphanedWrite(model: ReturnType<typeof tallyModel>, id: string, amountMinor: number) {
    const writer = h.messaging({ registry: new Registry(), service: 'orders', relay: { enabled: false } });
    await writer.start();
    await writer.aggregate(model).apply(id, {
      create: () => ({ count: 0 }),
      mutate: () => [{ type: 'payment.authorize', payload: { ...authorizeBody(id), amountMinor } }],
    });
    const doc = await model.collection.findOne({ _id: id as never });
    assert.ok(doc?.outbox?.length, 'the write left messages');
    await model.collection.deleteOne({ _id: id as never });
    await h.connection.collection('outbox_pending').deleteMany({});
    await writer.stop({ deadlineMs: 2_000 });
    return { putBack: () => model.collection.insertOne(doc) };
  }

  function relay(registry: Registry, model: ReturnType<typeof tallyModel>) {
    const m = h.messaging({
      registry,
      service: 'orders',
      relay: { pollMs: 50, heartbeatMs: 100, sweepMs: 100 },
    });
    m.aggregate(model);
    running.push(m);
    return m;
  }

  /** A relay started and past its start sweep, then an orphaned write in its collection. */
  async function relayThenOrphan(name: string, id: string, amountMinor: number) {
    const model = tallyModel(h.connection, name);
    const registry = new Registry();
    const orphan = await orphanedWrite(model, id, amountMinor);
    const m = relay(registry, model);
    await m.start();
    await waitFor(async () => (await sweeps(registry, 'start')) === 1, { what: 'the start sweep' });
    await orphan.putBack();
    return { m, registry, model };
  }

  /** Waits until the relay has renewed its heartbeat `times` more times: its housekeeping ran. */
  async function beatsPass(times: number) {
    for (let i = 0; i < times; i++) {
      const [mine] = await beats().find({}).toArray();
      assert.ok(mine, 'the running relay has a heartbeat');
      await waitFor(async () => ((await beats().findOne({ _id: mine._id }))?.at ?? 0) > mine.at, {
        what: 'a heartbeat',
      });
    }
  }

  it('when every relay beats, then no sweep runs after the one at start, and an orphan waits', async () => {
    const { m, registry, model } = await relayThenOrphan('QuietOrder', 'shop:quiet', 11);
    await beatsPass(4);
    assert.equal(await sweeps(registry, 'dead_relay'), 0);
    assert.ok(!received.includes(11), 'nothing swept it up while every relay was alive');
    // The next start (the service's restart) sweeps it up.
    await m.stop({ deadlineMs: 2_000 });
    assert.equal(await beats().countDocuments({}), 0, 'a relay that stops cleanly takes its heartbeat away');
    const again = relay(new Registry(), model);
    await again.start();
    await waitFor(() => received.includes(11), { what: 'the orphan published after the restart' });
    await again.stop({ deadlineMs: 2_000 });
  });

  it('when another relay stopped beating, then a running relay sweeps once, publishes what it left and forgets it', async () => {
    const { registry } = await relayThenOrphan('OrphanOrder', 'shop:orphan', 22);
    await beats().insertOne({ _id: 'killed-replica', at: new Date(Date.now() - 60_000) });
    await waitFor(() => received.includes(22), { what: 'the dead relay’s message published' });
    await waitFor(async () => (await beats().countDocuments({ _id: 'killed-replica' })) === 0, {
      what: 'the dead heartbeat removed',
    });
    await beatsPass(3);
    assert.equal(await sweeps(registry, 'dead_relay'), 1);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CommandTally, tallyCommands } from '@commerce-sync/test/support/store-commands';
import mongoose, { type Connection } from 'mongoose';
import { createAggregateStore } from '../src/aggregate-store.ts';
import { KnownDocuments } from '../src/known-documents.ts';
import { createHarness, type Harness, tallyModel } from './harness.ts';

describe('an aggregate store that remembers the documents it wrote', () => {
  let h: Harness;
  let ours: Connection;
  let tally: CommandTally;

  before(async () => {
    h = await createHarness('known');
    ours = await mongoose.createConnection(h.mongoUrl, { monitorCommands: true }).asPromise();
    tally = tallyCommands(ours.getClient());
  });
  after(async () => {
    tally?.close();
    await ours?.close();
    await h?.close();
  });

  const bump = {
    create: () => ({ count: 0 }),
    mutate: (d: { count: number }) => {
      d.count += 1;
      return [];
    },
  };

  it('when it writes a document again, then it skips the read; when another writer changed it, then the guard misses, it reads and nothing is lost', async () => {
    const known = new KnownDocuments(100);
    const model = tallyModel(ours, 'Known');
    const otherModel = tallyModel(h.connection, 'Known');
    await Promise.all([model.init(), otherModel.init()]);
    const store = createAggregateStore(model, () => {}, known);
    const other = createAggregateStore(otherModel);

    await store.apply('a', { key: 'k1', ...bump });
    tally.start();
    await store.apply('a', { key: 'k2', ...bump });
    tally.stop();
    assert.deepEqual(Object.fromEntries(tally.counts), { 'update knowns': 1 }, tally.describe());

    // Another process's write bumps the version: ours misses its guard, forgets, reads, retries.
    await other.apply('a', { key: 'k3', ...bump });
    tally.start();
    const { doc } = await store.apply('a', { key: 'k4', ...bump });
    tally.stop();
    assert.equal(doc?.count, 4);
    assert.deepEqual(
      Object.fromEntries(tally.counts),
      { 'update knowns': 2, 'find knowns': 1 },
      tally.describe(),
    );
    const stored = await h.connection.collection('knowns').findOne({ _id: 'a' as never });
    assert.equal(stored?.count, 4);
    assert.deepEqual(
      ((stored?.inbox ?? []) as { key: string }[]).map((m) => m.key),
      ['k1', 'k2', 'k3', 'k4'],
    );
    // A key seen in the remembered copy is a duplicate without any round trip.
    tally.start();
    const repeat = await store.apply('a', { key: 'k4', ...bump });
    tally.stop();
    assert.equal(repeat.applied, false);
    assert.equal(tally.own(), 0, tally.describe());
  });

  it('when the relay sent some of a remembered outbox, then those records leave the copy and the rest stay', () => {
    const known = new KnownDocuments(2);
    const at = new Date();
    known.set('a', {
      _id: 'a',
      version: 3,
      outbox: [{ messageId: 'm1' }, { messageId: 'm2' }],
      outboxAt: at,
    });
    known.sent('a', new Set(['m1']));
    assert.deepEqual(known.get('a')?.outbox, [{ messageId: 'm2' }]);
    assert.equal(known.get('a')?.outboxAt, at);
    known.sent('a', new Set(['m2']));
    assert.deepEqual(known.get('a')?.outbox, []);
    assert.equal(known.get('a')?.outboxAt, null);
    // The oldest goes past the limit.
    known.set('b', { _id: 'b' });
    known.set('c', { _id: 'c' });
    assert.equal(known.size, 2);
    assert.equal(known.get('a'), undefined);
  });
});

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

  it('when a handler reads before it applies, then the apply starts from that read; a document read as absent is inserted without a second read, and one another writer inserted meanwhile is retried, not lost', async () => {
    const known = new KnownDocuments(100);
    const model = tallyModel(ours, 'KnownRead');
    const otherModel = tallyModel(h.connection, 'KnownRead');
    await Promise.all([model.init(), otherModel.init()]);
    const store = createAggregateStore(model, () => {}, known);
    const other = createAggregateStore(otherModel);

    tally.start();
    assert.equal(await store.read('new'), null);
    assert.equal(store.remembered('new'), null);
    await store.apply('new', { key: 'k1', ...bump });
    tally.stop();
    assert.deepEqual(Object.fromEntries(tally.counts), { 'find knownreads': 1, 'insert knownreads': 1 });

    // Read as absent, then created elsewhere: the insert collides, the store reads and applies.
    assert.equal(await store.read('raced'), null);
    await other.apply('raced', { key: 'o1', ...bump });
    const { doc } = await store.apply('raced', { key: 'k2', ...bump });
    assert.equal(doc?.count, 2);

    // A step that cannot create does not trust a remembered absence.
    assert.equal(await store.read('late'), null);
    await other.apply('late', { key: 'o2', ...bump });
    const late = await store.apply('late', { key: 'k3', mutate: bump.mutate });
    assert.equal(late.doc?.count, 2);

    // A read answered after this process wrote a newer version (stood for here by a newer
    // copy remembered by hand) leaves the newer one remembered.
    const stored = (await store.read('new')) as { version: number; count: number };
    known.set('new', { ...stored, version: stored.version + 1, count: 7 });
    assert.equal(((await store.read('new')) as { count: number }).count, 1);
    assert.equal((store.remembered('new') as { count: number }).count, 7);
    // The copy handed out is the caller's: changing it changes nothing remembered.
    (store.remembered('new') as { count: number }).count = 99;
    assert.equal((store.remembered('new') as { count: number }).count, 7);
  });

  it('when a step says its document is likely new, then it inserts without a read; an existing one collides, is read and is applied to', async () => {
    const model = tallyModel(ours, 'KnownNew');
    await model.init();
    const store = createAggregateStore(model);
    tally.start();
    await store.apply('fresh', { key: 'k1', likelyNew: true, ...bump });
    tally.stop();
    assert.deepEqual(Object.fromEntries(tally.counts), { 'insert knownnews': 1 }, tally.describe());

    tally.start();
    const { doc } = await store.apply('fresh', { key: 'k2', likelyNew: true, ...bump });
    tally.stop();
    assert.equal(doc?.count, 2);
    assert.deepEqual(
      Object.fromEntries(tally.counts),
      { 'insert knownnews': 1, 'find knownnews': 1, 'update knownnews': 1 },
      tally.describe(),
    );
  });

  it('when a step refuses the remembered copy and another writer moved the document on, then it reads and decides again on the stored one', async () => {
    const known = new KnownDocuments(100);
    const model = tallyModel(ours, 'KnownStale');
    const otherModel = tallyModel(h.connection, 'KnownStale');
    await Promise.all([model.init(), otherModel.init()]);
    const store = createAggregateStore(model, () => {}, known);
    const other = createAggregateStore(otherModel);
    await store.apply('s', { key: 'k1', ...bump });
    await other.apply('s', { key: 'o1', ...bump });
    // A step that needs the second step done, as an answer that follows another replica's write.
    const needsTwo = {
      mutate: (d: { count: number }) => {
        if (d.count < 2) throw new Error(`still at ${d.count}`);
        d.count += 1;
        return [];
      },
    };
    const { doc } = await store.apply('s', { key: 'k2', ...needsTwo });
    assert.equal(doc?.count, 3);
    // Refused by the stored document too: the refusal stands.
    await assert.rejects(
      store.apply('t', { key: 'k3', create: () => ({ count: 0 }), ...needsTwo }),
      /still at 0/,
    );
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

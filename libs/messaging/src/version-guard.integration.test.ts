import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { infraUrls } from '@commerce-sync/test/support/infra';
import { type Collection, MongoClient } from 'mongodb';
import { isFerretDb, versionGuard } from './version-guard.ts';

let client: MongoClient;
let collection: Collection;
const dbName = `t_msg_guard_${Date.now()}`;

before(async () => {
  client = await MongoClient.connect(infraUrls().mongo);
  collection = client.db(dbName).collection('docs');
});
after(async () => {
  await client.db(dbName).dropDatabase();
  await client.close();
});

describe('versionGuard', () => {
  it('when the server cannot make a guarded update atomic (FerretDB), then the write filters on _id alone', async () => {
    const ferret = await isFerretDb(collection);
    const guard = await versionGuard(collection, 'order-1', 3);
    assert.deepEqual(guard, ferret ? { _id: 'order-1' } : { _id: 'order-1', version: 3 });
  });

  it('when asked twice on one client, then the server is probed once', async () => {
    assert.equal(isFerretDb(collection), isFerretDb(client.db(dbName).collection('other')));
  });
});

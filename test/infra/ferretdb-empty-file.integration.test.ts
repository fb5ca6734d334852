// Starts a PRIVATE MongoDB-wire server (port 27741, data in .local/infra-emptyfile) — never
// the shared one other suites use.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { MongoClient } from 'mongodb';
import { privateInfra } from '../support/private-infra.ts';

const infra = privateInfra('emptyfile', 5741, { fresh: true });
const dir = infra.env.COMMERCE_SYNC_LOCAL_DIR!;

after(() => infra.down());

describe('MongoDB-wire server start', () => {
  it('when a database file was left empty by an interrupted create, then the server still starts and the file is set aside', async () => {
    infra.stop('mongo');
    mkdirSync(join(dir, 'ferretdb'), { recursive: true });
    const broken = join(dir, 'ferretdb', 't_interrupted.sqlite');
    // A SQLite file with no table at all: what FerretDB leaves when stopped mid-create, and
    // what made it refuse to start ("no such table: _ferretdb_collections").
    const db = new DatabaseSync(broken);
    db.exec('CREATE TABLE x (a); DROP TABLE x; VACUUM;');
    db.close();
    assert.ok(statSync(broken).size <= 4096);

    infra.start('mongo');
    const client = await MongoClient.connect(infra.urls.mongo, { serverSelectionTimeoutMS: 5_000 });
    try {
      assert.deepEqual(await client.db('t_ok').command({ ping: 1 }), { ok: 1 });
    } finally {
      await client.close();
    }
    assert.equal(existsSync(broken), false);
    assert.ok(existsSync(join(dir, 'ferretdb-set-aside', 't_interrupted.sqlite')));
  });
});

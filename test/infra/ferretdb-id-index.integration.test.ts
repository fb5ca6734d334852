import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { infraUrls, waitFor } from '../support/infra.ts';
import { ROOT } from '../support/system.ts';

// Only meaningful against our own FerretDB launcher (deploy/local/ferretdb) on its default data folder.
const dataDir = join(ROOT, '.local/ferretdb');
const ours =
  !process.env.MONGO_URL?.includes('@') && existsSync(dataDir) && !process.env.COMMERCE_SYNC_LOCAL_DIR;

describe('FerretDB launcher', { skip: ours ? false : 'not running our FerretDB launcher' }, () => {
  it('when a collection is created, then lookups by _id use an index instead of scanning the table', async () => {
    const dbName = `t_idindex_${Date.now()}`;
    const client = await MongoClient.connect(infraUrls().mongo);
    try {
      await client
        .db(dbName)
        .collection('docs')
        .insertOne({ _id: 'a' as never, n: 1 });
      const file = join(dataDir, `${dbName}.sqlite`);
      const plan = await waitFor(
        () => {
          const db = new DatabaseSync(file, { readOnly: true });
          try {
            const row = db
              .prepare(`SELECT table_name FROM _ferretdb_collections WHERE name = 'docs'`)
              .get() as { table_name: string } | undefined;
            if (!row) return undefined;
            const steps = db
              .prepare(
                `EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "${row.table_name}" WHERE _ferretdb_sjson->'$._id' = ?`,
              )
              .all('"a"') as { detail: string }[];
            const detail = steps.map((s) => s.detail).join('; ');
            return detail.includes('USING INDEX') ? detail : undefined;
          } finally {
            db.close();
          }
        },
        { timeoutMs: 10_000, what: 'the _id lookup index' },
      );
      assert.match(plan, /USING INDEX .*__cs_id_path/);
    } finally {
      await client.db(dbName).dropDatabase();
      await client.close();
    }
  });
});

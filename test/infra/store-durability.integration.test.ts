// Starts a PRIVATE local store (port 27742, data in .local/infra-storekill), never the
// shared one: it is killed with SIGKILL mid-write and stopped with SIGTERM.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { waitFor } from '../support/infra.ts';
import { ROOT } from '../support/system.ts';

const PORT = 27742;
const dir = join(ROOT, '.local/infra-storekill');
const url = `mongodb://127.0.0.1:${PORT}`;
const env: NodeJS.ProcessEnv = { ...process.env, COMMERCE_SYNC_LOCAL_DIR: dir, MONGO_PORT: String(PORT) };
delete env.MONGO_URL;
const infra = (...args: string[]) => {
  const r = spawnSync('bash', [join(ROOT, 'deploy/local/infra.sh'), ...args, 'mongo'], {
    env,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr || r.stdout);
};
const ours = !process.env.MONGO_URL;

before(() => {
  if (!ours) return;
  infra('down');
  rmSync(dir, { recursive: true, force: true });
  infra('up');
});
after(() => {
  if (ours) infra('down');
});

const connect = () => MongoClient.connect(url, { maxPoolSize: 16, serverSelectionTimeoutMS: 20_000 });

describe('local store durability', { skip: ours ? false : 'MONGO_URL points elsewhere' }, () => {
  it('when the store is killed with SIGKILL under 16 writers, then every acknowledged write is there after a restart', async () => {
    const client = await connect();
    const docs = client.db('t_kill').collection<{ _id: string; n: number }>('docs');
    const acked: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 16 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const _id = `w${w}-${i}`;
        try {
          await docs.insertOne({ _id, n: i });
          acked.push(_id);
        } catch {
          return; // the store is gone: what was not acknowledged may or may not be there
        }
      }
    });
    await waitFor(() => acked.length >= 500, { timeoutMs: 60_000, what: '500 acknowledged inserts' });
    process.kill(Number(readFileSync(join(dir, 'pids/store.pid'), 'utf8')), 'SIGKILL');
    stop = true;
    await Promise.all(writers);
    await client.close(true);

    infra('up');
    const after = await connect();
    try {
      const found = new Set(
        (
          await after
            .db('t_kill')
            .collection('docs')
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => String(d._id)),
      );
      const lost = acked.filter((id) => !found.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acked.length} acknowledged writes lost`);
    } finally {
      await after.close();
    }
  });

  it('when the store is stopped (SIGTERM) and started again, then updates made before the stop are there', async () => {
    const client = await connect();
    const docs = client.db('t_term').collection<{ _id: string; v: number }>('docs');
    await docs.insertMany(Array.from({ length: 200 }, (_, i) => ({ _id: `d${i}`, v: 0 })));
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => docs.updateOne({ _id: `d${i}` }, { $set: { v: i } })),
    );
    await client.close();
    infra('down');
    infra('up');
    const again = await connect();
    try {
      const all = await again.db('t_term').collection('docs').find({}).sort({ _id: 1 }).toArray();
      assert.equal(all.length, 200);
      assert.ok(all.every((d) => d.v === Number(String(d._id).slice(1))));
    } finally {
      await again.close();
    }
  });
});

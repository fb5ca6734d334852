import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { infraUrls, waitFor } from '@commerce-sync/test/support/infra';
import mongoose from 'mongoose';

const dbName = `t_kit_cron_${randomUUID().slice(0, 8)}`;
const conn = mongoose.createConnection();
const children: ChildProcess[] = [];
type Run = { slot: string; holder: string; at: Date };

function startWorker(holder: string): ChildProcess {
  const child = fork(new URL('./fixtures/cron-worker.ts', import.meta.url), {
    env: { ...process.env, HOLDER: holder, DB_NAME: dbName, MONGO_URL: infraUrls().mongo, LEASE_MS: '2000' },
    stdio: 'inherit',
  });
  children.push(child);
  return child;
}

before(async () => {
  await conn.openUri(infraUrls().mongo, { dbName });
});
after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await conn.dropDatabase();
  await conn.close();
});

const allRuns = () => conn.collection<Run>('runs').find().sort({ slot: 1 }).toArray();

describe('scheduleJob with a MongoDB lease', () => {
  it('when two replicas run the same job, then each tick runs once, and the other takes over after the holder dies', async () => {
    const a = startWorker('a');
    const b = startWorker('b');
    await waitFor(async () => (await allRuns()).length >= 5, { timeoutMs: 20_000, what: '5 ticks' });

    const runs = await allRuns();
    const slots = runs.map((r) => r.slot);
    assert.equal(new Set(slots).size, slots.length, `a slot ran twice: ${slots.join(', ')}`);
    const holder = runs.at(-1)!.holder;
    const [victim, survivor] = holder === 'a' ? [a, 'b'] : [b, 'a'];

    victim.kill('SIGKILL');
    const killedAt = Date.now();
    const takeover = await waitFor(
      async () => (await allRuns()).find((r) => r.holder === survivor && r.at.getTime() > killedAt),
      { timeoutMs: 15_000, what: 'takeover by the surviving replica' },
    );
    const gapMs = takeover.at.getTime() - killedAt;
    assert.ok(gapMs <= 4_000, `takeover took ${gapMs} ms, lease is 2000 ms`);

    const after = await allRuns();
    const afterSlots = after.map((r) => r.slot);
    assert.equal(new Set(afterSlots).size, afterSlots.length, 'no slot ran twice across the takeover');
  });
});

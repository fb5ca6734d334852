import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type CpuProfile, profilesByProcess, topSelfTime } from './cpuprofile.ts';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

// Two call paths to `parse` (nodes 3 and 5) are one function; samples last until the next one.
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)') },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('parse', 'file:///repo/libs/x/src/parse.ts', 9) },
    { id: 4, callFrame: frame('(garbage collector)') },
    { id: 5, callFrame: frame('parse', 'file:///repo/libs/x/src/parse.ts', 9) },
    { id: 6, callFrame: frame('', 'file:///repo/node_modules/bson/lib/bson.cjs', 99) },
  ],
  startTime: 0,
  endTime: 10_000,
  samples: [2, 3, 5, 4, 6, 2],
  // Sample times: 1000, 2000, 4000, 5000, 6000, 9000; the last lasts to endTime.
  timeDeltas: [1000, 1000, 2000, 1000, 1000, 3000],
};

describe('cpuprofile top self time', () => {
  it('when a function has several call paths, then its self time is summed; idle is left out of the ranking', () => {
    const s = topSelfTime(PROFILE, 10, '/repo');
    assert.equal(s.idleMs, 1 + 1);
    assert.equal(s.busyMs, 3 + 1 + 3);
    assert.deepEqual(
      s.top.map((e) => [e.functionName, e.location, e.selfMs]),
      [
        ['parse', 'libs/x/src/parse.ts:10', 3],
        ['(anonymous)', 'node_modules/bson/lib/bson.cjs:100', 3],
        ['(garbage collector)', '', 1],
      ],
    );
    assert.equal(Math.round(s.top[0]!.percent), 43);
    assert.equal(topSelfTime(PROFILE, 1).top.length, 1);
  });

  it('when a profile has no samples, then hit counts share its duration', () => {
    const s = topSelfTime({
      nodes: [
        { id: 1, callFrame: frame('a'), hitCount: 3 },
        { id: 2, callFrame: frame('b'), hitCount: 1 },
      ],
      startTime: 0,
      endTime: 4000,
    });
    assert.deepEqual(
      s.top.map((e) => [e.functionName, e.selfMs]),
      [
        ['a', 3],
        ['b', 1],
      ],
    );
  });

  it('when profiles are listed, then each main-thread file goes to the process of its pid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-prof-'));
    try {
      for (const f of [
        'CPU.20261203.124456.111.0.001.cpuprofile',
        'CPU.20261203.124456.111.1.002.cpuprofile',
        'CPU.20261203.124457.222.0.003.cpuprofile',
        'CPU.20261203.124457.333.0.004.cpuprofile',
        'notes.txt',
      ])
        writeFileSync(join(dir, f), '{}');
      const by = profilesByProcess(
        dir,
        new Map([
          [111, 'orders'],
          [222, 'sim-stripe'],
        ]),
      );
      assert.deepEqual([...by.keys()], ['orders', 'sim-stripe']);
      assert.deepEqual(by.get('orders'), [join(dir, 'CPU.20261203.124456.111.0.001.cpuprofile')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

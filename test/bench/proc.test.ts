import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CpuSample,
  cpuDelta,
  listeningInodes,
  parseStat,
  percentOfCore,
  perOrder,
  type ProcTable,
  processTicks,
  sampleCpu,
} from './proc.ts';

/** A /proc/<pid>/stat line with the fields we read set, the others 0. */
function statLine(pid: number, comm: string, ppid: number, t: [number, number, number, number], start = 1) {
  // Fields 3.. of the line: index 0 is field 3 (state), so field k is at k - 3.
  const f = Array.from({ length: 50 }, () => '0');
  f[0] = 'S';
  f[1] = String(ppid);
  t.forEach((v, i) => {
    f[11 + i] = String(v);
  });
  f[19] = String(start);
  return `${pid} (${comm}) ${f.join(' ')}\n`;
}

function table(lines: string[]): ProcTable {
  return new Map(lines.map((l) => parseStat(l)!).map((s) => [s.pid, s]));
}

describe('CPU from /proc', () => {
  it('when the command holds spaces and parentheses, then the fields after it are still found', () => {
    const s = parseStat(statLine(42, 'weird) (name', 7, [10, 5, 3, 2], 99));
    assert.deepEqual(s, { pid: 42, ppid: 7, utime: 10, stime: 5, cutime: 3, cstime: 2, starttime: 99 });
  });

  it('when a wrapper forks the real work, then the tree counts the live descendants and the exited ones, self only its own', () => {
    const t = table([
      statLine(10, 'bench', 1, [100, 50, 900, 900]),
      statLine(20, 'beam.smp', 1, [300, 100, 7, 3]),
      statLine(21, 'erl_child_setup', 20, [2, 1, 0, 0]),
      statLine(22, 'sh', 21, [1, 1, 0, 0]),
      statLine(30, 'other', 1, [5000, 5000, 0, 0]),
    ]);
    assert.equal(processTicks(t, 20, 'tree'), 300 + 100 + 7 + 3 + 3 + 2);
    assert.equal(processTicks(t, 10, 'self'), 150);
    assert.equal(processTicks(t, 99, 'tree'), undefined);
  });

  it('when two samples are compared, then each process gets its seconds, and a restarted one is left out', () => {
    const procs = [
      { name: 'store', pid: 20, mode: 'tree' as const },
      { name: 'orders', pid: 40, mode: 'tree' as const },
    ];
    const before = sampleCpu(
      procs,
      table([statLine(20, 'java', 1, [100, 0, 0, 0]), statLine(40, 'node', 1, [50, 0, 0, 0], 5)]),
    );
    const after = sampleCpu(
      procs,
      table([statLine(20, 'java', 1, [300, 100, 0, 0]), statLine(40, 'node', 1, [10, 0, 0, 0], 8)]),
    );
    const b: CpuSample = { ...before, at: 0 };
    const a: CpuSample = { ...after, at: 10_000 };
    const d = cpuDelta(b, a, 100);
    assert.deepEqual(d, { seconds: 10, cpu: { store: 3 }, total: 3 });
    assert.deepEqual(perOrder(d, 30), { cpu: { store: 0.1 }, total: 0.1 });
    assert.deepEqual(percentOfCore(d), { cpu: { store: 30 }, total: 30 });
    assert.ok(Number.isNaN(perOrder(d, 0).total));
  });

  it('when /proc/net/tcp is read, then only the sockets listening on the port are returned', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:6978 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0',
      '   1: 0100007F:6978 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 2222 1 0',
      '   2: 0100007F:1662 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3333 1 0',
    ].join('\n');
    assert.deepEqual(listeningInodes(text, 27000), ['1111']);
    assert.deepEqual(listeningInodes(text, 5730), ['3333']);
    assert.deepEqual(listeningInodes(text, 1), []);
  });
});

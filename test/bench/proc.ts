/**
 * CPU time of the stack's processes from /proc/<pid>/stat (Linux), and the pure arithmetic
 * on it: per process, per order, % of one core.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The fields of /proc/<pid>/stat we use; times in clock ticks. */
export interface ProcStat {
  pid: number;
  ppid: number;
  utime: number;
  stime: number;
  /** CPU of children that exited and were waited for (recursively, if they waited for theirs). */
  cutime: number;
  cstime: number;
  /** Start time since boot, in ticks: tells a reused pid from the process we meant. */
  starttime: number;
}

/** Parses one /proc/<pid>/stat line. The command (field 2) may hold spaces and parentheses. */
export function parseStat(line: string): ProcStat | undefined {
  const close = line.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number(line.slice(0, line.indexOf('(')).trim());
  // Fields from 3 (state) on: ppid is field 4, utime 14, stime 15, cutime 16, cstime 17, starttime 22.
  const f = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const n = (field: number) => Number(f[field - 3]);
  const stat = {
    pid,
    ppid: n(4),
    utime: n(14),
    stime: n(15),
    cutime: n(16),
    cstime: n(17),
    starttime: n(22),
  };
  return Object.values(stat).every(Number.isFinite) ? stat : undefined;
}

export type ProcTable = Map<number, ProcStat>;

/** Every process of the machine, read at one moment (a process gone between the listing and the read is skipped). */
export function readProcTable(): ProcTable {
  const table: ProcTable = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = parseStat(readFileSync(`/proc/${name}/stat`, 'utf8'));
      if (stat) table.set(stat.pid, stat);
    } catch {
      // exited meanwhile
    }
  }
  return table;
}

/**
 * CPU ticks of one process: `self` is its own threads only (utime+stime: the bench, whose
 * children are the services); `tree` adds the descendants, live (their own tree) and
 * exited (cutime+cstime), which is what a wrapper that forks the real work costs.
 */
export function processTicks(table: ProcTable, pid: number, mode: 'self' | 'tree'): number | undefined {
  const root = table.get(pid);
  if (!root) return undefined;
  if (mode === 'self') return root.utime + root.stime;
  const children = childrenOf(table);
  let ticks = 0;
  const seen = new Set<number>();
  const stack = [pid];
  while (stack.length) {
    const at = stack.pop() as number;
    if (seen.has(at)) continue;
    seen.add(at);
    const p = table.get(at);
    if (!p) continue;
    ticks += p.utime + p.stime + p.cutime + p.cstime;
    stack.push(...(children.get(at) ?? []));
  }
  return ticks;
}

const childIndex = new WeakMap<ProcTable, Map<number, number[]>>();
function childrenOf(table: ProcTable): Map<number, number[]> {
  let children = childIndex.get(table);
  if (!children) {
    children = new Map();
    for (const p of table.values()) {
      const list = children.get(p.ppid);
      if (list) list.push(p.pid);
      else children.set(p.ppid, [p.pid]);
    }
    childIndex.set(table, children);
  }
  return children;
}

export interface TrackedProcess {
  name: string;
  pid: number;
  mode: 'self' | 'tree';
}

/** CPU ticks of each tracked process at one moment (`at`: ms since the epoch). */
export interface CpuSample {
  at: number;
  ticks: Record<string, number>;
  /** Start time of each pid when sampled: a different one later means another process. */
  started: Record<string, number>;
}

export function sampleCpu(procs: TrackedProcess[], table: ProcTable = readProcTable()): CpuSample {
  const sample: CpuSample = { at: Date.now(), ticks: {}, started: {} };
  for (const p of procs) {
    const ticks = processTicks(table, p.pid, p.mode);
    const stat = table.get(p.pid);
    if (ticks === undefined || !stat) continue;
    sample.ticks[p.name] = ticks;
    sample.started[p.name] = stat.starttime;
  }
  return sample;
}

export interface CpuDelta {
  seconds: number;
  /** CPU seconds per process; a process missing or restarted in between is left out. */
  cpu: Record<string, number>;
  total: number;
}

/** The CPU each process used between two samples, in seconds. */
export function cpuDelta(before: CpuSample, after: CpuSample, ticksPerSec: number): CpuDelta {
  const cpu: Record<string, number> = {};
  for (const [name, ticks] of Object.entries(after.ticks)) {
    const was = before.ticks[name];
    if (was === undefined || before.started[name] !== after.started[name]) continue;
    cpu[name] = (ticks - was) / ticksPerSec;
  }
  const total = Object.values(cpu).reduce((a, b) => a + b, 0);
  return { seconds: (after.at - before.at) / 1000, cpu, total };
}

/** CPU seconds per order, per process and in total. */
export function perOrder(delta: CpuDelta, orders: number): { cpu: Record<string, number>; total: number } {
  const div = (v: number) => (orders > 0 ? v / orders : Number.NaN);
  return {
    cpu: Object.fromEntries(Object.entries(delta.cpu).map(([k, v]) => [k, div(v)])),
    total: div(delta.total),
  };
}

/** CPU as % of one core over the delta's wall time, per process and in total. */
export function percentOfCore(delta: CpuDelta): { cpu: Record<string, number>; total: number } {
  const pct = (v: number) => (delta.seconds > 0 ? (100 * v) / delta.seconds : Number.NaN);
  return {
    cpu: Object.fromEntries(Object.entries(delta.cpu).map(([k, v]) => [k, pct(v)])),
    total: pct(delta.total),
  };
}

/** USER_HZ, the unit of /proc/<pid>/stat times (100 on every usual Linux). */
export function clockTicksPerSec(): number {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isInteger(n) && n > 0 ? n : 100;
}

/** Socket inodes listening on 127.0.0.1/0.0.0.0 `port`, from the text of /proc/net/tcp (or tcp6). */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return procNetTcp
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A')
    .map((f) => f[9] as string);
}

/** The pid that holds a socket listening on `port` (scans /proc/<pid>/fd), if we may see it. */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set(
    ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((f) => {
      try {
        return listeningInodes(readFileSync(f, 'utf8'), port);
      } catch {
        return [];
      }
    }),
  );
  if (inodes.size === 0) return undefined;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${name}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${name}/fd/${fd}`));
        if (m && inodes.has(m[1] as string)) return Number(name);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/** A pid from a pid file, if the file names a live process. */
export function pidFromFile(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    readFileSync(`/proc/${pid}/stat`);
    return pid;
  } catch {
    return undefined;
  }
}

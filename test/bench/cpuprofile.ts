/** Reading the V8 .cpuprofile files `--cpu-prof` writes: top functions by self time. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
    hitCount?: number;
  }[];
  /** Microseconds. */
  startTime: number;
  endTime: number;
  samples?: number[];
  /** Microseconds from the previous sample (the first: from startTime). */
  timeDeltas?: number[];
}

export interface SelfTime {
  functionName: string;
  /** Script and 1-based line, as short as the root allows. */
  location: string;
  selfMs: number;
  /** Of the busy (non-idle) sampled time. */
  percent: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  top: SelfTime[];
}

/**
 * Self time per function (one function: same name, script and line, whatever the call path),
 * most first; `(idle)` is left out of the ranking and the percentages, `(garbage collector)`
 * and `(program)` (native code outside JS) stay in. A sample lasts until the next one (as
 * DevTools counts); without samples, hit counts share the profile's duration.
 */
export function topSelfTime(profile: CpuProfile, n = 10, root?: string): ProfileSummary {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length > 0 && deltas.length === samples.length) {
    let t = profile.startTime;
    const at = deltas.map((d) => (t += d));
    for (let i = 0; i < samples.length; i++) {
      const next =
        i + 1 < samples.length ? (at[i + 1] as number) : Math.max(profile.endTime, at[i] as number);
      const id = samples[i] as number;
      selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, next - (at[i] as number)));
    }
  } else {
    const hits = profile.nodes.reduce((a, nd) => a + (nd.hitCount ?? 0), 0);
    const per = hits > 0 ? (profile.endTime - profile.startTime) / hits : 0;
    for (const nd of profile.nodes) selfUs.set(nd.id, (nd.hitCount ?? 0) * per);
  }
  const byFunction = new Map<string, { functionName: string; location: string; us: number }>();
  let idleUs = 0;
  for (const nd of profile.nodes) {
    const us = selfUs.get(nd.id) ?? 0;
    if (us === 0) continue;
    const { functionName, url, lineNumber } = nd.callFrame;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const location = url ? `${shortUrl(url, root)}:${lineNumber + 1}` : '';
    const name = functionName || '(anonymous)';
    const key = `${name}\u0000${location}`;
    const entry = byFunction.get(key) ?? { functionName: name, location, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const busyUs = [...byFunction.values()].reduce((a, e) => a + e.us, 0);
  const top = [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, n)
    .map((e) => ({
      functionName: e.functionName,
      location: e.location,
      selfMs: e.us / 1000,
      percent: busyUs > 0 ? (100 * e.us) / busyUs : Number.NaN,
    }));
  return { busyMs: busyUs / 1000, idleMs: idleUs / 1000, top };
}

function shortUrl(url: string, root?: string): string {
  let u = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  if (root && u.startsWith(`${root}/`)) u = u.slice(root.length + 1);
  const nm = u.lastIndexOf('node_modules/');
  return nm >= 0 ? u.slice(nm) : u;
}

/**
 * The profiles in `dir` by process name, from the pid in V8's file name
 * (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile); main threads only.
 */
export function profilesByProcess(dir: string, pidToName: Map<number, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return out;
  }
  for (const f of files.sort()) {
    const m = /^CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(f);
    const [, pid, thread] = m ?? [];
    if (thread !== '0') continue;
    const name = pidToName.get(Number(pid));
    if (!name) continue;
    out.set(name, [...(out.get(name) ?? []), join(dir, f)]);
  }
  return out;
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

import { randomBytes } from 'node:crypto';

export interface Result {
  name: string;
  messages: number;
  seconds: number;
  latenciesMs: number[];
}

export const uniqueId = (suite: string) => `${suite}_${randomBytes(4).toString('hex')}`;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summary(r: Result) {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  return {
    rate: r.messages / r.seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

export function printTable(results: Result[]): void {
  console.log('\nscenario                                           msgs/s     p50 ms     p99 ms');
  for (const r of results) {
    const s = summary(r);
    console.log(
      `${r.name.padEnd(48)} ${s.rate.toFixed(1).padStart(9)} ${s.p50.toFixed(1).padStart(10)} ${s.p99.toFixed(1).padStart(10)}`,
    );
  }
}

/** Runs `job(i)` for i < n with at most `parallel` at once, reporting progress every 10 %. */
export async function pool(n: number, parallel: number, job: (i: number) => Promise<void>, label: string) {
  let next = 0;
  let done = 0;
  const step = Math.max(1, Math.floor(n / 10));
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < n; i = next++) {
        await job(i);
        if (++done % step === 0) process.stdout.write(`  ${label}: ${done}/${n}\r`);
      }
    }),
  );
}

/** Resolves when `count()` reaches n, printing progress; rejects after `timeoutMs` without progress. */
export async function until(
  count: () => number,
  n: number,
  label: string,
  timeoutMs = 120_000,
): Promise<void> {
  let last = -1;
  let lastChange = Date.now();
  while (count() < n) {
    if (count() !== last) {
      last = count();
      lastChange = Date.now();
      process.stdout.write(`  ${label}: ${last}/${n}   \r`);
    }
    if (Date.now() - lastChange > timeoutMs) throw new Error(`${label}: stuck at ${last}/${n}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

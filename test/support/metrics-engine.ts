import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './infra.ts';

/** The version deploy/local/infra.sh builds and caches (its `metrics` piece). */
export const VICTORIA_METRICS_VERSION = 'v1.151.0';

/** Where infra.sh keeps the binary it built (undefined when it never did). */
export function metricsEngineBin(): string | undefined {
  const cache =
    process.env.COMMERCE_SYNC_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'commerce-sync');
  const bin = join(cache, 'bin', `victoria-metrics-${VICTORIA_METRICS_VERSION}`);
  return existsSync(bin) ? bin : undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A private VictoriaMetrics scraping `targets` (host:port, /metrics) every second, with its
 * own data folder and port: what a test of the console's charts reads through PromQL.
 */
export async function startMetricsEngine(targets: string[]) {
  const bin = metricsEngineBin();
  if (!bin) throw new Error('VictoriaMetrics is not built: run `bash deploy/local/infra.sh up metrics` once');
  const dir = mkdtempSync(join(tmpdir(), 'cs-metrics-'));
  const config = join(dir, 'scrape.yml');
  writeFileSync(
    config,
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: test\n    static_configs:\n      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n`,
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    bin,
    [
      '-httpListenAddr',
      `127.0.0.1:${port}`,
      '-storageDataPath',
      join(dir, 'data'),
      '-promscrape.config',
      config,
      '-search.latencyOffset',
      '0s',
      '-loggerLevel',
      'ERROR',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok, {
    what: 'VictoriaMetrics up',
    timeoutMs: 20_000,
  });
  return {
    url,
    /** The value of an instant query's first series (undefined while there is none). */
    async value(query: string): Promise<number | undefined> {
      const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query })}`);
      const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
      const v = body.data.result[0]?.value[1];
      return v === undefined ? undefined : Number(v);
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `npm test`: starts the local infrastructure if it is not running, then runs every
 * test of every package (unit, integration, cross-service, manifest validation) in ONE
 * node:test run, so the summary at the end counts them all.
 *
 *   npm test                      everything
 *   npm test -- --unit            only *.test.ts that are not integration tests (no infra)
 *   npm test -- services/orders   only files under the given paths
 *   npm test -- --no-soak         everything but the short chaos soak (test/soak/*.e2e.test.ts,
 *                                 ~4 min; also SOAK=0): for a quick local run
 */
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';
import { relative } from 'node:path';
import { localEnv, ROOT, userEnv } from './env.ts';
import { infra } from './infra.ts';

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const withSoak = !args.includes('--no-soak') && process.env.SOAK !== '0';
const isSoak = (f: string) => f.startsWith('test/soak/') && f.endsWith('.e2e.test.ts');
const roots = args.filter((a) => !a.startsWith('--'));
const env = { ...localEnv(), NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' };

const patterns = [
  'libs/*/src/**/*.test.ts',
  'libs/*/test/**/*.test.ts',
  'services/*/src/**/*.test.ts',
  'test/**/*.test.ts',
  'deploy/**/*.test.ts',
];
let files = patterns
  .flatMap((p) => globSync(p, { cwd: ROOT, exclude: (f) => f.includes('node_modules') }))
  .map((f) => relative(ROOT, `${ROOT}/${f}`))
  .sort();
if (!withSoak) files = files.filter((f) => !isSoak(f));
if (unitOnly)
  files = files.filter((f) => !/\.(integration|e2e)\.test\.ts$/.test(f) && !f.startsWith('test/'));
if (roots.length) files = files.filter((f) => roots.some((r) => f.startsWith(r.replace(/\/$/, ''))));
// The soak is the longest file by far: started first, it runs beside the others instead of after them.
files = [...files.filter(isSoak), ...files.filter((f) => !isSoak(f))];
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

if (!unitOnly) infra('up', userEnv());

const concurrency = process.env.TEST_CONCURRENCY ?? '3';
console.log(`running ${files.length} test files (concurrency ${concurrency})`);
const run = spawnSync(
  process.execPath,
  ['--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', ...files],
  { cwd: ROOT, env, stdio: 'inherit' },
);
process.exit(run.status ?? 1);

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
 *   npm test -- --list            the files it would run, without running them
 */
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';
import { relative } from 'node:path';
import { cliArgs } from '@commerce-sync/service-kit/cli-args';
import { localEnv, ROOT, userEnv } from './env.ts';
import { infra } from './infra.ts';

const { values: args, positionals: roots } = cliArgs({
  usage: 'npm test -- [options] [paths…]',
  about: ['Every test of every package in one node:test run; paths keep the files under them.'],
  options: {
    unit: {
      type: 'boolean',
      default: false,
      help: 'only *.test.ts that are not integration tests (no infra)',
    },
    'no-soak': { type: 'boolean', default: false, help: 'leave out the short chaos soak (also SOAK=0)' },
    list: { type: 'boolean', default: false, help: 'print the test files that would run, run none' },
  },
  allowPositionals: true,
  notes: ['environment: TEST_CONCURRENCY (default 3), LOG_LEVEL (default error), SOAK=0'],
});
const unitOnly = args.unit;
const withSoak = !args['no-soak'] && process.env.SOAK !== '0';
const isSoak = (f: string) => f.startsWith('test/soak/') && f.endsWith('.e2e.test.ts');
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

if (args.list) {
  console.log(files.join('\n'));
  process.exit(0);
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

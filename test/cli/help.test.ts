/**
 * Every CLI of the repository, run as a child process: `--help` prints a usage that lists
 * its options and exits 0 before doing anything; an unknown option prints the reason and
 * the usage and exits 2, without a stack trace.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/system.ts';

const CLIS: { name: string; entry: string; args?: string[]; options: string[] }[] = [
  { name: 'npm start', entry: 'scripts/start.ts', options: ['--no-demo', '--rate <n>', '--keep-infra'] },
  { name: 'npm run stop', entry: 'scripts/stop.ts', options: [] },
  { name: 'npm test', entry: 'scripts/test.ts', options: ['--unit', '--no-soak', '--list'] },
  {
    name: 'npm run bench',
    entry: 'test/bench/run.ts',
    options: [
      '--orders <n>',
      '--half-orders <n>',
      '--concurrency <n>',
      '--store-ceiling-orders <n>',
      '--profile',
    ],
  },
  {
    name: 'npm run soak',
    entry: 'test/soak/run.ts',
    options: ['--orders <n>', '--rate <r>', '--faults <', '--seed <s>', '--quiescence-timeout <seconds>'],
  },
  {
    name: 'npm run dlq',
    entry: 'libs/messaging/src/cli.ts',
    options: ['--queue <service>', '--prefix <', '--id <messageId>', '--type <type>', '--all', '--limit <n>'],
  },
  {
    name: 'commerce-sync dlq',
    entry: 'libs/messaging/src/cli.ts',
    args: ['dlq'],
    options: ['--queue <service>', '--all'],
  },
  {
    name: 'npm run bench:messaging',
    entry: 'libs/messaging/bench/messaging.bench.ts',
    options: ['--messages <n>', '--parallel <n>', '--prefetch <n>', '--concurrency <n>', '--batch <n>'],
  },
  { name: 'the dev token', entry: 'libs/service-kit/src/dev-token.ts', options: [] },
  { name: 'npm run sim:shopify', entry: 'test/simulators/shopify/main.ts', options: [] },
  { name: 'npm run sim:stripe', entry: 'test/simulators/stripe/main.ts', options: [] },
  { name: 'npm run sim:easypost', entry: 'test/simulators/easypost/main.ts', options: [] },
];

function run(entry: string, args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, entry), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('command-line help', () => {
  for (const cli of CLIS) {
    const pre = cli.args ?? [];
    it(`when ${cli.name} is given --help, then it prints its usage with every option and exits 0`, () => {
      const r = run(cli.entry, [...pre, '--help']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^usage: /);
      for (const option of [...cli.options, '-h, --help']) assert.ok(r.stdout.includes(option), option);
      assert.equal(r.stderr, '');
    });

    it(`when ${cli.name} is given an unknown option, then it prints the usage and exits 2 without a stack trace`, () => {
      const r = run(cli.entry, [...pre, '--bogus']);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /Unknown option '--bogus'/);
      assert.match(r.stderr, /\nusage: /);
      assert.doesNotMatch(r.stderr, /\n\s+at |ERR_PARSE_ARGS/);
      assert.equal(r.stdout, '');
    });
  }
});

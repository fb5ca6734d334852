/**
 * `npm run fuzz`: schemathesis against every service's /openapi.json on a running stack,
 * once with a valid admin token and once with none. Fails on a 5xx, a response that does not
 * match its documented status, media type or schema, or a 4xx that is not problem+json.
 *
 *   npm run fuzz                          a private stack of its own (own broker, store, ports)
 *   npm run fuzz -- --running             the stack `npm start` runs
 *   npm run fuzz -- --service payments --examples 100
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliArgs } from '@commerce-sync/service-kit/cli-args';
import { devToken } from '@commerce-sync/service-kit/dev-token';
import { local, SERVICES, type ServiceName, servicePort } from '../test/support/stack.ts';
import { startStack } from '../test/support/stack-harness.ts';
import { localEnv, ROOT } from './env.ts';
import { schemathesisBin } from './fuzz/schemathesis.ts';

const { values: args } = cliArgs({
  usage: 'npm run fuzz -- [options]',
  about: [
    "Schema fuzzing (schemathesis) of every service's OpenAPI document, with and without an admin token.",
  ],
  options: {
    running: {
      type: 'boolean',
      default: false,
      help: 'fuzz the stack `npm start` runs instead of a private one',
    },
    service: { type: 'string', default: '', arg: 'name', help: `one service only (${SERVICES.join(', ')})` },
    examples: { type: 'string', default: '10', arg: 'n', help: 'generated cases per operation and phase' },
    seed: { type: 'string', default: '1', arg: 'n', help: 'generation seed (the same seed, the same cases)' },
  },
  notes: ['Each run leaves its log and a JUnit report in .local/fuzz/.'],
});
const only = args.service as ServiceName | '';
if (only && !SERVICES.includes(only)) {
  console.error(`--service must be one of ${SERVICES.join(', ')} (got "${only}")`);
  process.exit(2);
}
const examples = Number(args.examples);
if (!Number.isInteger(examples) || examples < 1) {
  console.error(`--examples must be a whole number above 0 (got "${args.examples}")`);
  process.exit(2);
}

const FUZZ_DIR = join(ROOT, 'scripts/fuzz');
const st = schemathesisBin();
const stack = args.running
  ? undefined
  : await startStack({
      name: 'fuzz',
      amqpPort: 5760,
      portOffset: 600,
      fresh: true,
      // Each run names its own client in X-Forwarded-For (below), so runs do not share a
      // rate-limit bucket (with `--running`, where it is not trusted, a service's two runs may).
      env: { LOG_LEVEL: 'warn', TRUST_PROXY: 'loopback' },
    });
const env = stack?.env ?? localEnv();
const token = await devToken('fuzz', '1h');
const reportDir = join(ROOT, '.local/fuzz');
mkdirSync(reportDir, { recursive: true });

const started = Date.now();
const services = only ? [...new Set([only])] : [...SERVICES];
let outcomes: { label: string; passed: boolean }[] = [];
try {
  // The services at once (each has its own rate-limit buckets), a service's two runs in turn.
  outcomes = (
    await Promise.all(
      services.map(async (service, i) => {
        const out: { label: string; passed: boolean }[] = [];
        for (const auth of ['admin', 'anonymous'] as const) {
          const label = `${service} (${auth})`;
          const headers = [
            `X-Forwarded-For: 192.0.2.${2 * i + out.length + 1}`,
            ...(auth === 'admin' ? [`Authorization: Bearer ${token}`] : []),
          ];
          out.push({ label, passed: (await fuzz(local(servicePort(env, service)), headers, label)) === 0 });
        }
        return out;
      }),
    )
  ).flat();
} finally {
  await stack?.stop();
}
const failed = outcomes.filter((o) => !o.passed).map((o) => o.label);
const secs = Math.round((Date.now() - started) / 1000);
console.log(failed.length ? `\nfailed: ${failed.join(', ')} (logs in .local/fuzz/)` : '');
console.log(`fuzz runs in ${secs} s`);
console.log(`fuzz: ${outcomes.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);

function fuzz(base: string, headers: string[], label: string): Promise<number> {
  const name = label.replace(/\W+/g, '-').replace(/-$/, '');
  const argv = [
    '--config-file',
    join(FUZZ_DIR, 'schemathesis.toml'),
    'run',
    `${base}/openapi.json`,
    '--url',
    base,
    '--max-examples',
    String(examples),
    '--seed',
    String(args.seed),
    '--no-color',
    '--report',
    'junit',
    '--report-junit-path',
    join(reportDir, `${name}.junit.xml`),
    ...headers.flatMap((h) => ['--header', h]),
  ];
  const logFile = join(reportDir, `${name}.log`);
  const log = openSync(logFile, 'w');
  // schemathesis keeps a cache in its working directory: .local/fuzz, not the checkout.
  const child = spawn(st, argv, {
    stdio: ['ignore', log, log],
    cwd: reportDir,
    env: { ...process.env, SCHEMATHESIS_HOOKS: join(FUZZ_DIR, 'problem_json.py') },
  });
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      closeSync(log);
      const text = readFileSync(logFile, 'utf8');
      // Its last line sums the run up ("== 2 failures, 1 warning in 7.74s =="); a failure shows whole.
      const summary =
        text
          .trimEnd()
          .split('\n')
          .at(-1)
          ?.replace(/^=+ | =+$/g, '') ?? '';
      console.log(code === 0 ? `fuzz ${label}: ${summary}` : `\n=== fuzz ${label} failed (${base})\n${text}`);
      resolve(code ?? 1);
    }),
  );
}

/** `npm run stop`: stops a running `npm start` (its supervisor) and the local infrastructure. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliArgs } from '@commerce-sync/service-kit/cli-args';
import { waitFor } from '../test/support/infra.ts';
import { ROOT, userEnv } from './env.ts';
import { infra } from './infra.ts';

cliArgs({
  usage: 'npm run stop',
  about: ['Stops a running `npm start` and the local infrastructure.'],
  options: {},
});

const pidFile = join(ROOT, '.local/pids/start.pid');
if (existsSync(pidFile)) {
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
    console.log(`stopping the supervisor (pid ${pid})…`);
    await waitFor(() => !existsSync(pidFile), { timeoutMs: 40_000, what: 'the supervisor to stop' });
  } catch {
    // not running any more
  }
}
infra('down', userEnv());

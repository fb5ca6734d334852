import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@commerce-sync/test/support/infra';

const BINARY = join(homedir(), '.cache/commerce-sync/bin/mailpit-v1.33.1');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * A mailpit of the test's own (never the shared one) that it can stop and start: the store is
 * a file, so mails received before an outage are still there after it. `--smtp-allowed-recipients`
 * makes it answer 550 for other addresses, as a real server does for a bad mailbox.
 */
export async function startPrivateMailpit(opts: { allowedRecipients?: string } = {}) {
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'notif-mailpit-'));
  let child: ChildProcess | undefined;
  const args = [
    '--smtp',
    `127.0.0.1:${smtpPort}`,
    '--listen',
    `127.0.0.1:${httpPort}`,
    '--max',
    '0',
    '--smtp-auth-accept-any',
    '--smtp-auth-allow-insecure',
    '--database',
    join(dir, 'mailpit.db'),
    ...(opts.allowedRecipients ? ['--smtp-allowed-recipients', opts.allowedRecipients] : []),
  ];
  const apiUrl = `http://127.0.0.1:${httpPort}`;
  const start = async () => {
    child = spawn(BINARY, args, { stdio: 'ignore' });
    await waitFor(() => fetch(`${apiUrl}/api/v1/info`).then((r) => r.ok), {
      what: 'private mailpit',
      timeoutMs: 20_000,
    });
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    apiUrl,
    start,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

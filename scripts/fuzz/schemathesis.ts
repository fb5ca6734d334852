import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Pinned: a new release may add checks or change the generated data, so it is a reviewed bump. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/**
 * The `st` executable of a virtualenv that holds only schemathesis at the pinned version,
 * kept with the other built tools (`~/.cache/commerce-sync`, or COMMERCE_SYNC_CACHE) so a
 * fresh clone reuses it: made on the first run (python3 -m venv, pip from PyPI, about a
 * minute). The version is in the folder's name, so a bump makes a new one instead of
 * upgrading in place.
 */
export function schemathesisBin(): string {
  const cache =
    process.env.COMMERCE_SYNC_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'commerce-sync');
  const venv = join(cache, `fuzz-venv-${SCHEMATHESIS_VERSION}`);
  const st = join(venv, 'bin', 'st');
  if (existsSync(st)) return st;
  const python = process.env.PYTHON ?? 'python3';
  run(python, ['-m', 'venv', venv]);
  run(join(venv, 'bin', 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    `schemathesis==${SCHEMATHESIS_VERSION}`,
  ]);
  return st;
}

function run(cmd: string, args: string[]): void {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.error || r.status !== 0)
    throw new Error(
      `${cmd} failed (${r.error?.message ?? `exit ${r.status}`}): python3 with venv and pip is needed`,
    );
}

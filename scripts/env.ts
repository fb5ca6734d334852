import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Parses KEY=VALUE lines (no shell expansion; `#` comments; values may contain `=`). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    out[m[1] as string] = (m[2] as string).replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

function fromFile(name: string): Record<string, string> {
  const file = join(ROOT, name);
  return existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')) : {};
}

/**
 * What the user chose: `.env` (git-ignored, yours) and the real environment, which wins.
 * Only these make deploy/local/infra.sh leave a piece alone (AMQP_URL, MONGO_URL, SMTP_URL).
 */
export function userEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...fromFile('.env'), ...base };
}

/** The environment the local system runs with: `.env.example` defaults under the user's choices. */
export function localEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...fromFile('.env.example'), ...userEnv(base) };
}

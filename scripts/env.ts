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

/**
 * The environment the local system runs with: `.env.example` defaults, then `.env`
 * (git-ignored, yours), then the real environment, which always wins.
 */
export function localEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const files = ['.env.example', '.env'].map((f) => join(ROOT, f)).filter((f) => existsSync(f));
  const fromFiles = Object.assign({}, ...files.map((f) => parseEnvFile(readFileSync(f, 'utf8'))));
  return { ...fromFiles, ...base };
}

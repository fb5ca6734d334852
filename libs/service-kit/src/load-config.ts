import { ValidationFailed } from '@commerce-sync/errors';
import type { z } from 'zod';

export interface LoadConfigOptions {
  /** Exit the process on invalid config (default). `false` throws ValidationFailed instead (tests). */
  exit?: boolean;
}

/**
 * Validates the environment against a zod schema at start-up. On failure prints ONE line
 * naming each bad variable and why — never its value, which may be a secret — and exits 1.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
  opts: LoadConfigOptions = {},
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || '(environment)';
    const why = env[name] === undefined || env[name] === '' ? 'missing' : withoutValues(issue.message);
    return `${name}: ${why}`;
  });
  const line = `config error: ${problems.join('; ')}`;
  if (opts.exit === false) {
    throw new ValidationFailed(line, {
      fields: problems.map((p) => ({ field: p.split(':')[0] ?? '', message: p })),
    });
  }
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

// zod messages describe the rule ("Invalid URL", "Too small: expected string to have >=32
// characters"); custom refinements might quote input, so anything quoted is dropped.
function withoutValues(message: string): string {
  return message.replaceAll(/"[^"]*"|'[^']*'/g, '…');
}

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { loadConfig } from './load-config.ts';

const schema = z.object({
  PORT: z.coerce.number().int().default(3001),
  MONGO_URL: z.url(),
  STRIPE_API_KEY: z.string().startsWith('sk_'),
});

describe('loadConfig', () => {
  it('when the environment is valid, then typed values come back', () => {
    const config = loadConfig(
      schema,
      { MONGO_URL: 'mongodb://127.0.0.1:27017', STRIPE_API_KEY: 'sk_test_x' },
      { exit: false },
    );
    assert.equal(config.PORT, 3001);
  });

  it('when a variable is missing or invalid, then the process exits with one line naming it and no secret', () => {
    const script = `
      import { z } from 'zod';
      import { loadConfig } from './load-config.ts';
      loadConfig(z.object({ MONGO_URL: z.url(), STRIPE_API_KEY: z.string().startsWith('sk_') }));
      console.log('unreachable');`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: import.meta.dirname,
      env: { PATH: process.env.PATH, STRIPE_API_KEY: 'pk_live_supersecretvalue' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^config error: MONGO_URL: missing; STRIPE_API_KEY: /);
    assert.doesNotMatch(run.stderr, /supersecret/);
  });
});

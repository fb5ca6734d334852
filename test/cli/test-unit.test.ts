import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/system.ts';

describe('npm run test:unit', () => {
  it('when its file list is asked for, then it holds unit tests of libs and services and no integration test', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const [node, script, ...args] = (pkg.scripts['test:unit'] ?? '').split(' ');
    assert.deepEqual([node, script], ['node', 'scripts/test.ts']);
    const r = spawnSync(process.execPath, [script ?? '', ...args, '--list'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.trim().split('\n');
    assert.ok(files.includes('libs/service-kit/src/cli-args.test.ts'));
    assert.ok(files.some((f) => f.startsWith('services/')));
    assert.deepEqual(
      files.filter((f) => /\.(integration|e2e)\.test\.ts$/.test(f)),
      [],
    );
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/system.ts';
import { helpText, parseBenchArgs } from './args.ts';

describe('bench arguments', () => {
  it('when nothing is given, then the defaults hold and the derived ones follow --orders and --concurrency', () => {
    const r = parseBenchArgs(['--orders', '300', '--concurrency', '8']);
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.equal(r.options.orders, 300);
    assert.equal(r.options.halfOrders, 300);
    assert.equal(r.options.storeCeilingOrders, 300);
    assert.equal(r.options.storeConcurrency, 8);
    assert.equal(r.options.idleSeconds, 60);
    assert.equal(r.options.profile, false);
  });

  it('when --idle-seconds 0 and --profile are given, then idle is skipped and profiling is on', () => {
    const r = parseBenchArgs(['--idle-seconds', '0', '--profile']);
    assert.ok(r.kind === 'ok' && r.options.idleSeconds === 0 && r.options.profile);
  });

  it('when an option is unknown or a number is not one, then it is an error of one line', () => {
    const unknown = parseBenchArgs(['--order', '5']);
    assert.equal(unknown.kind, 'error');
    assert.match(unknown.kind === 'error' ? unknown.message : '', /--order/);
    assert.doesNotMatch(unknown.kind === 'error' ? unknown.message : '', /\n/);
    const bad = parseBenchArgs(['--orders', 'many']);
    assert.ok(bad.kind === 'error' && /--orders/.test(bad.message));
  });

  it('when --help is asked, then every option is listed with its default', () => {
    const r = parseBenchArgs(['--help']);
    assert.equal(r.kind, 'help');
    const text = helpText();
    assert.match(text, /--orders <n>\s+orders of the max-load phase.*\(default 5000\)/);
    assert.match(text, /--idle-seconds <n>.*\(default 60\)/);
    assert.match(text, /--profile/);
  });

  it('when the bench is run with --help or a wrong option, then it exits 0 or 2 before starting anything', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'test/bench/run.ts'), ...args], { encoding: 'utf8' });
    const help = run('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--store-ceiling-orders/);
    const wrong = run('--no-such-option');
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /^bench: Unknown option '--no-such-option'.*\n\nusage: npm run bench/);
    assert.doesNotMatch(wrong.stderr, /\n\s+at /);
  });
});

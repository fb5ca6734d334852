import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCliArgs, usageText } from './cli-args.ts';

const SPEC = {
  usage: 'demo -- [options] [paths…]',
  options: {
    rate: { type: 'string', default: '0.5', arg: 'n', help: 'orders per second' },
    quiet: { type: 'boolean', short: 'q', help: 'no progress lines' },
  },
  allowPositionals: true,
  notes: ['environment: DEMO_URL'],
} as const;

describe('cli args', () => {
  it('when options and positionals are given, then they are parsed with the defaults filled in', () => {
    const r = parseCliArgs(SPEC, ['-q', 'a/b']);
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.equal(r.values.rate, '0.5');
    assert.equal(r.values.quiet, true);
    assert.deepEqual(r.positionals, ['a/b']);
  });

  it('when --help or -h is given, then the usage lists every option with its default, and the notes', () => {
    for (const flag of ['--help', '-h']) assert.equal(parseCliArgs(SPEC, [flag]).kind, 'help');
    const text = usageText(SPEC);
    assert.match(text, /^usage: demo -- \[options\] \[paths…\]/);
    assert.match(text, /--rate <n>\s+orders per second \(default 0\.5\)/);
    assert.match(text, /-q, --quiet\s+no progress lines\n/);
    assert.match(text, /-h, --help\s+print this and exit/);
    assert.match(text, /environment: DEMO_URL$/);
  });

  it('when an option is unknown or lacks its value, then it is an error of one line with the usage', () => {
    const unknown = parseCliArgs(SPEC, ['--bogus']);
    assert.equal(unknown.kind, 'error');
    if (unknown.kind !== 'error') return;
    assert.match(unknown.message, /^Unknown option '--bogus'/);
    assert.doesNotMatch(unknown.message, /\n/);
    assert.equal(unknown.text, usageText(SPEC));
    assert.equal(parseCliArgs(SPEC, ['--rate']).kind, 'error');
  });

  it('when positionals are not allowed, then one is an error', () => {
    assert.equal(parseCliArgs({ usage: 'x', options: {} }, ['stray']).kind, 'error');
  });
});

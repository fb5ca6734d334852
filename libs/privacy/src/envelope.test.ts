import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { blindIndex } from './blind-index.ts';
import { CiphertextUnreadable, createEnvelope } from './envelope.ts';
import { KeyConfigInvalid, keyRingFromEnv } from './key-ring.ts';

const k = () => randomBytes(32).toString('base64');
const ringOf = (keys: Record<string, string>, active: string) =>
  keyRingFromEnv({ DATA_KEYS: JSON.stringify(keys), DATA_KEY_ACTIVE: active, DATA_INDEX_KEY: k() });

describe('envelope encryption', () => {
  const keys = { k1: k(), k2: k() };

  it('when a value is sealed, then it opens in its context and holds neither the value nor a key', () => {
    const env = createEnvelope(ringOf(keys, 'k1'));
    const sealed = env.seal('shpua_secret_token', 'shops/a/accessToken');
    assert.doesNotMatch(sealed, /shpua_secret_token/);
    assert.match(sealed, /^enc1\.k1\./);
    assert.equal(env.open(sealed, 'shops/a/accessToken'), 'shpua_secret_token');
    assert.notEqual(env.seal('shpua_secret_token', 'x'), env.seal('shpua_secret_token', 'x'));
  });

  it('when a sealed value is moved to another record or tampered with, then it does not open', () => {
    const env = createEnvelope(ringOf(keys, 'k1'));
    const sealed = env.seal('v', 'shops/a/accessToken');
    assert.throws(() => env.open(sealed, 'shops/b/accessToken'), CiphertextUnreadable);
    const parts = sealed.split('.');
    const data = Buffer.from(String(parts[3]), 'base64url');
    data[data.length - 1] = (data.at(-1) ?? 0) ^ 1;
    parts[3] = data.toString('base64url');
    assert.throws(() => env.open(parts.join('.'), 'shops/a/accessToken'), CiphertextUnreadable);
    assert.throws(() => env.open('plain', 'shops/a/accessToken'), CiphertextUnreadable);
  });

  it('when the active key changes, then old values still open and a re-wrap moves them to the new key', () => {
    const before = createEnvelope(ringOf(keys, 'k1'));
    const sealed = before.seal('value', 'ctx');
    const after = createEnvelope(ringOf(keys, 'k2'));
    assert.equal(after.needsRewrap(sealed), true);
    const moved = after.rewrap(sealed);
    assert.match(moved, /^enc1\.k2\./);
    assert.equal(after.needsRewrap(moved), false);
    assert.equal(after.open(moved, 'ctx'), 'value');
    // Once rotation is done the old key can go: the moved value needs only k2.
    const k2Only = createEnvelope(ringOf({ k2: keys.k2 }, 'k2'));
    assert.equal(k2Only.open(moved, 'ctx'), 'value');
    assert.throws(() => k2Only.open(sealed, 'ctx'), /k1 is not in DATA_KEYS/);
  });
});

describe('key ring from the environment', () => {
  it('when no keys are configured, then development keys are used and said so; production refuses', () => {
    assert.equal(keyRingFromEnv({}).devKeys, true);
    assert.throws(() => keyRingFromEnv({ NODE_ENV: 'production' }), /DATA_KEYS is required/);
    assert.throws(
      () => keyRingFromEnv({ NODE_ENV: 'production', DATA_KEYS: JSON.stringify({ a: k() }) }),
      /DATA_INDEX_KEY is required/,
    );
  });

  it('when a key is not 32 bytes or the active id is unknown, then start-up fails naming the variable', () => {
    assert.throws(() => keyRingFromEnv({ DATA_KEYS: '{"a":"c2hvcnQ="}' }), KeyConfigInvalid);
    assert.throws(() => keyRingFromEnv({ DATA_KEYS: '{nope' }), /DATA_KEYS is not JSON/);
    assert.throws(
      () => keyRingFromEnv({ DATA_KEYS: JSON.stringify({ a: k(), b: k() }) }),
      /DATA_KEY_ACTIVE must name/,
    );
  });
});

describe('blind index', () => {
  it('when two spellings of one email are indexed, then they match; another purpose or key does not', () => {
    const ring = ringOf({ a: k() }, 'a');
    const i = blindIndex(ring, 'email', ' Ada@Example.COM ');
    assert.equal(i, blindIndex(ring, 'email', 'ada@example.com'));
    assert.notEqual(i, blindIndex(ring, 'name', 'ada@example.com'));
    assert.notEqual(i, blindIndex(ringOf({ a: k() }, 'a'), 'email', 'ada@example.com'));
    assert.match(i, /^[0-9a-f]{64}$/);
  });
});

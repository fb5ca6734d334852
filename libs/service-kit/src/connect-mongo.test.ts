import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_POOL_SIZE, defaultPoolSize } from './connect-mongo.ts';

describe('defaultPoolSize', () => {
  it('when MONGO_POOL_SIZE is unset or invalid, then the measured default pool is used', () => {
    assert.equal(defaultPoolSize({}), DEFAULT_POOL_SIZE);
    assert.equal(defaultPoolSize({ MONGO_POOL_SIZE: 'many' }), DEFAULT_POOL_SIZE);
    assert.equal(defaultPoolSize({ MONGO_POOL_SIZE: '0' }), DEFAULT_POOL_SIZE);
  });

  it('when MONGO_POOL_SIZE is set for a real MongoDB, then it is used', () => {
    assert.equal(defaultPoolSize({ MONGO_POOL_SIZE: '20' }), 20);
  });
});

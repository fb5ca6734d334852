import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPoolSize } from './connect-mongo.ts';

describe('defaultPoolSize', () => {
  it('when MONGO_POOL_SIZE is unset or invalid, then one connection serialises this process’s writes', () => {
    assert.equal(defaultPoolSize({}), 1);
    assert.equal(defaultPoolSize({ MONGO_POOL_SIZE: 'many' }), 1);
    assert.equal(defaultPoolSize({ MONGO_POOL_SIZE: '0' }), 1);
  });

  it('when MONGO_POOL_SIZE is set for a real MongoDB, then it is used', () => {
    assert.equal(defaultPoolSize({ MONGO_POOL_SIZE: '20' }), 20);
  });
});

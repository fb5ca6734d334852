import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Shop } from './shop-registry.ts';
import { createTokenSource } from './shop-tokens.ts';

const installed = (domain: string, accessToken: string): Shop => ({
  _id: domain,
  accessToken,
  scopes: 'write_orders',
  installedAt: new Date(0),
});

function registryOf(shops: Shop[]) {
  let reads = 0;
  return {
    reads: () => reads,
    async find(domain: string) {
      reads++;
      return shops.find((s) => s._id === domain);
    },
  };
}

describe('shop tokens', () => {
  it('when a shop is installed and also bootstrapped, then the installed token wins', async () => {
    const tokens = createTokenSource(registryOf([installed('a.myshopify.com', 'shpua_new')]), {
      'a.myshopify.com': 'shpat_old',
    });
    assert.equal(await tokens('a.myshopify.com'), 'shpua_new');
  });

  it('when a shop is only in SHOPIFY_ADMIN_TOKENS, then its bootstrap token is used; unknown shops get none', async () => {
    const tokens = createTokenSource(registryOf([]), { 'b.myshopify.com': 'shpat_b' });
    assert.equal(await tokens('b.myshopify.com'), 'shpat_b');
    assert.equal(await tokens('c.myshopify.com'), undefined);
  });

  it('when asked again within 30 s, then the registry is not read again, unless the shop is forgotten', async () => {
    let now = 0;
    const shops = [installed('a.myshopify.com', 'shpua_1')];
    const registry = registryOf(shops);
    const tokens = createTokenSource(registry, {}, () => now);
    await tokens('a.myshopify.com');
    shops[0] = installed('a.myshopify.com', 'shpua_2');
    assert.equal(await tokens('a.myshopify.com'), 'shpua_1');
    assert.equal(registry.reads(), 1);
    tokens.forget('a.myshopify.com');
    assert.equal(await tokens('a.myshopify.com'), 'shpua_2');
    shops[0] = installed('a.myshopify.com', 'shpua_3');
    now = 30_001;
    assert.equal(await tokens('a.myshopify.com'), 'shpua_3');
    assert.equal(registry.reads(), 3);
  });
});

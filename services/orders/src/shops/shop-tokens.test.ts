import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Shop } from './shop-registry.ts';
import { createTokenSource } from './shop-tokens.ts';
import { createTokenRefresher } from './token-refresh.ts';

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
    const tokens = createTokenSource(registry, {}, { now: () => now });
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

  it('when an uninstalled shop is also bootstrapped, then it has no token', async () => {
    const gone: Shop = {
      _id: 'u.myshopify.com',
      scopes: 'x',
      installedAt: new Date(0),
      uninstalledAt: new Date(1),
    };
    const tokens = createTokenSource(registryOf([gone]), { 'u.myshopify.com': 'shpat_u' });
    assert.equal(await tokens('u.myshopify.com'), undefined);
  });

  it('when an expiring token nears its end, then it is refreshed once for concurrent callers and the new one used', async () => {
    const now = 1_000_000;
    let stored: Shop = {
      ...installed('e.myshopify.com', 'shpua_old'),
      accessTokenExpiresAt: new Date(now + 60_000),
      refreshToken: 'shprt_1',
    };
    const refreshes: string[] = [];
    const registry = {
      find: async () => stored,
      sealedRefreshToken: async () => `sealed:${stored.refreshToken}`,
      async replaceTokens(_d: string, guard: string, next: Partial<Shop>) {
        if (guard !== `sealed:${stored.refreshToken}`) return false;
        stored = { ...stored, ...next };
        return true;
      },
    };
    const refresh = createTokenRefresher({
      registry,
      logger: { warn() {} },
      async refresh(_shop, refreshToken) {
        refreshes.push(refreshToken);
        return {
          accessToken: 'shpua_new',
          scopes: 'x',
          accessTokenExpiresAt: new Date(now + 3_600_000),
          refreshToken: 'shprt_2',
        };
      },
    });
    const tokens = createTokenSource(registry, {}, { now: () => now, refresh });
    const got = await Promise.all([tokens('e.myshopify.com'), tokens('e.myshopify.com')]);
    assert.deepEqual(got, ['shpua_new', 'shpua_new']);
    assert.deepEqual(refreshes, ['shprt_1']);
    assert.equal(stored.refreshToken, 'shprt_2');
  });
});

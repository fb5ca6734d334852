import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createEnvelope, keyRingFromEnv } from '@commerce-sync/privacy';
import { createLogger } from '@commerce-sync/telemetry';
import { createShopifyRequest } from '../adapters/shopify-graphql.ts';
import { API_KEY, API_SECRET, createInstallWorld, type InstallWorld } from './install-world.ts';
import { createShopRegistry } from './shop-registry.ts';
import { createTokenSource, type TokenSource } from './shop-tokens.ts';
import { createShopifyOAuth } from './shopify-oauth.ts';
import { createTokenRefresher } from './token-refresh.ts';

const key = () => randomBytes(32).toString('base64');
const INDEX = key();
const K1 = key();
const K2 = key();
const keysEnv = (keys: Record<string, string>, active: string) => ({
  DATA_KEYS: JSON.stringify(keys),
  DATA_KEY_ACTIVE: active,
  DATA_INDEX_KEY: INDEX,
});
const SHOPS = ['sealed-a.myshopify.com', 'sealed-b.myshopify.com', 'sealed-c.myshopify.com'];

/** The shop's name as the Admin API sees it with this token source: proves the token is the real one. */
async function shopSeenWith(w: InstallWorld, tokens: TokenSource, shop: string) {
  const request = createShopifyRequest({ tokens, apiVersion: '2026-07', apiUrl: w.sim });
  const data = await request<{ shop: { myshopifyDomain: string } }>(shop, '{ shop { myshopifyDomain } }', {});
  return data.shop.myshopifyDomain;
}
const registryWith = (w: InstallWorld, env: ReturnType<typeof keysEnv>) =>
  createShopRegistry(w.db, createEnvelope(keyRingFromEnv(env)));

describe('shop tokens at rest', () => {
  let w: InstallWorld;
  before(async () => {
    w = await createInstallWorld({ env: keysEnv({ k1: K1 }, 'k1') });
    for (const shop of SHOPS) await w.browser().follow(w.installUrl(shop));
  });
  after(async () => {
    await w?.close();
  });

  it('when shops are installed, then the raw documents hold sealed tokens and no plain one', async () => {
    const raw = await w.storedShops();
    assert.equal(raw.length, SHOPS.length);
    for (const doc of raw) {
      assert.match(String(doc.accessToken), /^enc1\.k1\./);
      assert.match(String(doc.refreshToken), /^enc1\.k1\./);
      assert.doesNotMatch(JSON.stringify(doc), /shpua_|shprt_/);
    }
    const tokens = createTokenSource(registryWith(w, keysEnv({ k1: K1 }, 'k1')), {});
    for (const shop of SHOPS) assert.equal(await shopSeenWith(w, tokens, shop), shop);
  });

  it('when a new key becomes active and rotation runs, then every record moves to it and reads without the old key', async () => {
    await w.restart(keysEnv({ k1: K1, k2: K2 }, 'k2'));
    // Before the re-wrap the old key still reads.
    const both = createTokenSource(registryWith(w, keysEnv({ k1: K1, k2: K2 }, 'k2')), {});
    assert.equal(await shopSeenWith(w, both, SHOPS[0] ?? ''), SHOPS[0]);
    await w.service().rewrap();
    const raw = await w.storedShops();
    for (const doc of raw) {
      assert.match(String(doc.accessToken), /^enc1\.k2\./);
      assert.match(String(doc.refreshToken), /^enc1\.k2\./);
    }
    assert.equal(await w.service().rewrap(), 0, 'nothing left to move');
    await w.restart(keysEnv({ k2: K2 }, 'k2'));
    const k2Only = createTokenSource(registryWith(w, keysEnv({ k2: K2 }, 'k2')), {});
    for (const shop of SHOPS) assert.equal(await shopSeenWith(w, k2Only, shop), shop);
  });
});

describe('expiring offline tokens', () => {
  let w: InstallWorld;
  before(async () => {
    w = await createInstallWorld();
  });
  after(async () => {
    await w?.close();
  });

  it('when the shop issues an expiring token, then its expiry and refresh token are kept, and it is refreshed before it expires', async () => {
    const shop = 'expiring.myshopify.com';
    await w.browser().follow(w.installUrl(shop));
    const registry = createShopRegistry(w.db, createEnvelope(keyRingFromEnv({})));
    const installed = await registry.find(shop);
    const expiresAt = installed?.accessTokenExpiresAt?.getTime() ?? 0;
    assert.ok(expiresAt > Date.now() + 3_000_000 && expiresAt <= Date.now() + 3_600_000);
    assert.match(String(installed?.refreshToken), /^shprt_/);

    const oauth = createShopifyOAuth({
      apiKey: API_KEY,
      apiSecretKey: API_SECRET,
      scopes: ['read_orders'],
      appUrl: w.base,
      apiUrl: w.sim,
      logger: createLogger({ service: 'orders-test' }),
    });
    const refresh = createTokenRefresher({ registry, refresh: oauth.refresh, logger: { warn() {} } });
    // One minute before the token expires (the default margin is five).
    const soon = () => expiresAt - 60_000;
    const tokens = createTokenSource(registry, {}, { now: soon, refresh });
    assert.equal(await shopSeenWith(w, tokens, shop), shop);
    const refreshed = await registry.find(shop);
    assert.notEqual(refreshed?.accessToken, installed?.accessToken);
    assert.notEqual(refreshed?.refreshToken, installed?.refreshToken);
    assert.ok((refreshed?.accessTokenExpiresAt?.getTime() ?? 0) >= expiresAt);
    // Shopify spends a refresh token on use: the first one no longer refreshes.
    await assert.rejects(oauth.refresh(shop, String(installed?.refreshToken)));
  });
});

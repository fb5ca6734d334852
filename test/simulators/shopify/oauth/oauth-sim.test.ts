import '@shopify/shopify-api/adapters/node';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createAdminApiClient } from '@shopify/admin-api-client';
import { ApiVersion, LogSeverity, type Session, shopifyApi } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { listen } from '../../common/listen.ts';
import { createShopifyApp } from '../app.ts';
import { createInventoryPart } from '../inventory/part.ts';
import { createGrants } from './grants.ts';
import { createOAuthPart } from './part.ts';

const CLIENT_ID = 'fidelity_client_id';
const CLIENT_SECRET = 'fidelity_client_secret';
const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const SUBSCRIBE = `mutation Subscribe($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
    webhookSubscription { id topic uri endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } }
    userErrors { field message }
  }
}`;
const LIST = `query List($topics: [WebhookSubscriptionTopic!]) {
  webhookSubscriptions(first: 10, topics: $topics) { edges { node { id topic uri } } pageInfo { hasNextPage } }
}`;

let sim: Server;
let simBase: string;
let app: Server;
let appBase: string;
let sessions: Session[] = [];
let shopify: ReturnType<typeof shopifyApi>;
/** Whether the app asks for expiring offline tokens at its next callback. */
let expiring = false;

// A merchant's app as @shopify/shopify-api builds it: /auth begins, /auth/callback finishes.
// The library calls https://<shop>/…; its runtime fetch sends that to the simulator instead.
before(async () => {
  const oauth = createOAuthPart({ apps: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }] });
  const simApp = createShopifyApp({ accessTokens: {}, parts: [createInventoryPart(), oauth] });
  const s = await listen(simApp.app, { name: 'shopify-sim', port: 0 });
  sim = s.server;
  simBase = s.url;
  setAbstractFetchFunc((url: string | URL | Request, init?: RequestInit) =>
    fetch(String(url).replace(/^https:\/\/[^/]+/, simBase), init),
  );
  app = createServer();
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const address = app.address();
  appBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  shopify = shopifyApi({
    apiKey: CLIENT_ID,
    apiSecretKey: CLIENT_SECRET,
    scopes: ['read_orders', 'write_fulfillments'],
    hostName: new URL(appBase).host,
    hostScheme: 'http',
    apiVersion: ApiVersion.January26,
    isEmbeddedApp: false,
    logger: { level: LogSeverity.Error, log: async () => {} },
  });
  app.on('request', async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', appBase);
      if (url.pathname === '/auth')
        await shopify.auth.begin({
          shop: String(url.searchParams.get('shop')),
          callbackPath: '/auth/callback',
          isOnline: false,
          rawRequest: req,
          rawResponse: res,
        });
      else {
        const { session } = await shopify.auth.callback({ rawRequest: req, rawResponse: res, expiring });
        sessions.push(session);
        res.end('installed');
      }
    } catch (err) {
      res.statusCode = 400;
      res.end((err as Error).constructor.name);
    }
  });
});
after(() => {
  for (const s of [app, sim]) {
    s.close();
    s.closeAllConnections();
  }
});

/** Install as a browser does: /auth → the simulator's consent → /auth/callback, with cookies. */
async function install(shop: string) {
  const begin = await fetch(`${appBase}/auth?shop=${shop}`, {
    redirect: 'manual',
    headers: { 'user-agent': UA },
  });
  const cookie = begin.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const consent = new URL(String(begin.headers.get('location')));
  assert.equal(consent.host, shop);
  assert.equal(consent.pathname, '/admin/oauth/authorize');
  // Off Shopify the shop cannot be the host: the simulator takes it from the query.
  const authorize = await fetch(`${simBase}${consent.pathname}${consent.search}&shop=${shop}`, {
    redirect: 'manual',
  });
  assert.equal(authorize.status, 302);
  const callback = String(authorize.headers.get('location'));
  const done = await fetch(callback, { headers: { 'user-agent': UA, cookie } });
  return { callback, status: done.status, text: await done.text() };
}

function admin(shop: string, accessToken: string) {
  return createAdminApiClient({
    storeDomain: shop,
    apiVersion: '2026-07',
    accessToken,
    customFetchApi: (url, init) => fetch(String(url).replace(`https://${shop}`, simBase), init),
  });
}

describe('Shopify simulator: OAuth install and webhook subscriptions', () => {
  it('when @shopify/shopify-api installs an app, then its callback verifies the redirect and gets an offline token', async () => {
    sessions = [];
    const shop = 'fidelity-oauth.myshopify.com';
    const { callback, status, text } = await install(shop);
    assert.equal(text, 'installed');
    assert.equal(status, 200);
    const q = new URL(callback).searchParams;
    assert.deepEqual([...q.keys()].sort(), ['code', 'hmac', 'host', 'shop', 'state', 'timestamp']);
    assert.equal(
      Buffer.from(String(q.get('host')), 'base64').toString(),
      'admin.shopify.com/store/fidelity-oauth',
    );
    const [session] = sessions;
    assert.equal(session?.shop, shop);
    assert.equal(session?.isOnline, false);
    assert.equal(session?.scope, 'read_orders,write_fulfillments');
    const r = await admin(shop, String(session?.accessToken)).request('{ shop { myshopifyDomain } }');
    assert.deepEqual(r.data, { shop: { myshopifyDomain: shop } });
  });

  it('when a token is sent to another shop’s URL, then it still acts for its own shop; a made-up one gets 401', async () => {
    sessions = [];
    await install('owner.myshopify.com');
    const token = String(sessions[0]?.accessToken);
    const other = await admin('other.myshopify.com', token).request('{ shop { myshopifyDomain } }');
    // The token decides the shop, as on Shopify: another shop's name in the URL does not widen it.
    assert.deepEqual(other.data, { shop: { myshopifyDomain: 'owner.myshopify.com' } });
    const forged = await admin('owner.myshopify.com', 'shpua_made_up').request('{ shop { name } }');
    assert.equal(forged.errors?.networkStatusCode, 401);
  });

  it('when a code is exchanged a second time, then Shopify refuses it', async () => {
    const consent = `${simBase}/admin/oauth/authorize?client_id=${CLIENT_ID}&scope=read_orders&redirect_uri=${encodeURIComponent(`${appBase}/auth/callback`)}&state=s1&shop=once.myshopify.com`;
    const code = new URL(
      String((await fetch(consent, { redirect: 'manual' })).headers.get('location')),
    ).searchParams.get('code');
    const exchange = () =>
      fetch(`${simBase}/admin/oauth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code }),
      });
    const first = await exchange();
    assert.equal(first.status, 200);
    assert.match(((await first.json()) as { access_token: string }).access_token, /^shpua_/);
    const second = await exchange();
    assert.equal(second.status, 400);
    assert.equal(((await second.json()) as { error: string }).error, 'invalid_grant');
  });

  it('when authorize names an unknown client or a shop that is not *.myshopify.com, then it refuses', async () => {
    const redirect = encodeURIComponent(`${appBase}/auth/callback`);
    const unknown = await fetch(
      `${simBase}/admin/oauth/authorize?client_id=nope&redirect_uri=${redirect}&shop=a.myshopify.com`,
      { redirect: 'manual' },
    );
    assert.equal(unknown.status, 400);
    const badShop = await fetch(
      `${simBase}/admin/oauth/authorize?client_id=${CLIENT_ID}&redirect_uri=${redirect}&shop=a.example.com`,
      { redirect: 'manual' },
    );
    assert.equal(badShop.status, 400);
  });

  it('when the official client subscribes a topic twice, then the second is refused and one subscription stays', async () => {
    sessions = [];
    const shop = 'subscriber.myshopify.com';
    await install(shop);
    const client = admin(shop, String(sessions[0]?.accessToken));
    const sub = { uri: 'https://app.example/webhooks', format: 'JSON' };
    const first = await client.request(SUBSCRIBE, { variables: { topic: 'ORDERS_CREATE', sub } });
    assert.deepEqual(first.data?.webhookSubscriptionCreate.userErrors, []);
    assert.equal(first.data?.webhookSubscriptionCreate.webhookSubscription.topic, 'ORDERS_CREATE');
    assert.deepEqual(first.data?.webhookSubscriptionCreate.webhookSubscription.endpoint, {
      __typename: 'WebhookHttpEndpoint',
      callbackUrl: sub.uri,
    });
    const again = await client.request(SUBSCRIBE, { variables: { topic: 'ORDERS_CREATE', sub } });
    assert.equal(again.data?.webhookSubscriptionCreate.webhookSubscription, null);
    assert.match(again.data?.webhookSubscriptionCreate.userErrors[0].message, /already been taken/);
    const list = await client.request(LIST, { variables: { topics: ['ORDERS_CREATE'] } });
    assert.equal(list.data?.webhookSubscriptions.edges.length, 1);
    // Another shop sees none of them.
    sessions = [];
    await install('elsewhere.myshopify.com');
    const elsewhere = await admin('elsewhere.myshopify.com', String(sessions[0]?.accessToken)).request(LIST, {
      variables: {},
    });
    assert.equal(elsewhere.data?.webhookSubscriptions.edges.length, 0);
  });
});

describe('Shopify simulator: expiring offline tokens', () => {
  it('when the app asks for an expiring token, then it gets one with a refresh token the library can use once', async () => {
    sessions = [];
    expiring = true;
    const shop = 'expiring-oauth.myshopify.com';
    try {
      assert.equal((await install(shop)).text, 'installed');
    } finally {
      expiring = false;
    }
    const [first] = sessions;
    assert.ok(first?.expires && first.expires.getTime() > Date.now() + 3500_000);
    assert.match(String(first.refreshToken), /^shprt_/);
    const { session: next } = await shopify.auth.refreshToken({
      shop,
      refreshToken: String(first.refreshToken),
    });
    assert.notEqual(next.accessToken, first.accessToken);
    assert.notEqual(next.refreshToken, first.refreshToken);
    const r = await admin(shop, String(next.accessToken)).request('{ shop { myshopifyDomain } }');
    assert.equal((r.data as { shop: { myshopifyDomain: string } }).shop.myshopifyDomain, shop);
    await assert.rejects(shopify.auth.refreshToken({ shop, refreshToken: String(first.refreshToken) }));
  });

  it('when an expiring token is past its lifetime, then the Admin API no longer takes it', () => {
    let now = 1_000_000;
    const grants = createGrants([{ clientId: 'c', clientSecret: 's' }], () => now, {
      accessS: 60,
      refreshS: 600,
    });
    const out = grants.exchange(grants.issueCode('x.myshopify.com', 'c', 'read_orders'), 'c', 's', true);
    assert.ok('refreshToken' in out && out.refreshToken);
    assert.equal(grants.shopForToken(out.token), 'x.myshopify.com');
    now += 60_000;
    assert.equal(grants.shopForToken(out.token), undefined);
    now += 600_000;
    assert.deepEqual(grants.refresh(out.refreshToken, 'c', 's'), { error: 'invalid_grant' });
  });
});

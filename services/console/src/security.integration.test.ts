import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { infraUrls } from '@commerce-sync/test/support/infra';
import mongoose from 'mongoose';
import { type RunningConsole, startConsole } from './console.ts';
import { type RunningDevProvider, startDevProvider } from './dev-provider/provider.ts';
import { CLIENT_ID, CLIENT_SECRET, consoleConfig, freePort } from './testing/console-world.ts';
import { HttpBrowser, httpSignIn, providerLogin } from './testing/http-browser.ts';
import { startRogueProvider } from './testing/rogue-provider.ts';

const hasSession = (b: HttpBrowser) => b.cookies.has('cs_session');

describe('console security: sessions, CSRF and the sign-in callback', () => {
  let provider: RunningDevProvider;
  let app: RunningConsole;
  let url: string;
  let db: mongoose.Connection;
  const dbName = `t_console_sec_${randomBytes(4).toString('hex')}`;

  before(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    provider = await startDevProvider({
      port: 0,
      clients: [
        {
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          redirectUris: [`${url}/auth/callback`],
          postLogoutRedirectUris: [`${url}/signed-out`],
        },
      ],
    });
    // No service behind it: every check here happens before the console calls one.
    app = await startConsole(
      consoleConfig({ port, issuer: provider.issuer, dbName, ordersUrl: 'http://127.0.0.1:9' }),
    );
    db = await mongoose.createConnection(`${infraUrls().mongo.replace(/\/$/, '')}/${dbName}`).asPromise();
  });
  after(async () => {
    await app?.stop();
    await provider?.close();
    await db?.dropDatabase();
    await db?.close();
  });

  it('when there is no session, then pages redirect to sign-in and posts are refused', async () => {
    const b = new HttpBrowser();
    for (const path of ['/orders', '/orders/x:1', '/dlq', '/audit']) {
      const res = await b.fetch(`${url}${path}`);
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.get('location'), `/auth/login?return_to=${encodeURIComponent(path)}`);
    }
    assert.equal((await b.post(`${url}/orders/x:1/cancel`, { _csrf: 'x' })).status, 401);
  });

  it('when the session cookie is forged, then it is dropped and the page redirects to sign-in', async () => {
    const b = new HttpBrowser();
    b.cookies.set('cs_session', randomBytes(32).toString('base64url'));
    const res = await b.fetch(`${url}/orders`);
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location') ?? '', /^\/auth\/login/);
    assert.equal(hasSession(b), false, 'the forged cookie is cleared');
  });

  it('when a session is past its idle timeout, then it is refused and deleted', async () => {
    const id = randomBytes(32).toString('base64url');
    const _id = createHash('sha256').update(id).digest('base64url');
    const old = new Date(Date.now() - 31 * 60_000);
    await db.collection('sessions').insertOne({
      _id: _id as never,
      sub: 'operator',
      name: 'x',
      roles: ['viewer', 'operator'],
      csrf: 'c',
      idToken: 't',
      createdAt: old,
      lastSeenAt: old,
    });
    const b = new HttpBrowser();
    b.cookies.set('cs_session', id);
    assert.equal((await b.fetch(`${url}/orders`)).status, 303);
    assert.equal(await db.collection('sessions').countDocuments({ _id: _id as never }), 0);
  });

  it('when a session is past its absolute timeout, then it is refused even though it was just used', async () => {
    const id = randomBytes(32).toString('base64url');
    const _id = createHash('sha256').update(id).digest('base64url');
    const created = new Date(Date.now() - 13 * 3_600_000);
    await db.collection('sessions').insertOne({
      _id: _id as never,
      sub: 'operator',
      name: 'x',
      roles: ['viewer', 'operator'],
      csrf: 'c',
      idToken: 't',
      createdAt: created,
      lastSeenAt: new Date(),
    });
    const b = new HttpBrowser();
    b.cookies.set('cs_session', id);
    assert.equal((await b.fetch(`${url}/orders`)).status, 303);
    assert.equal(await db.collection('sessions').countDocuments({ _id: _id as never }), 0);
  });

  it('when an operator posts without the CSRF token, with a wrong one or from another origin, then it is refused 403', async () => {
    const b = new HttpBrowser();
    const csrf = await httpSignIn(b, url, 'operator');
    const cancel = `${url}/orders/${encodeURIComponent('shop.test:1')}/cancel`;
    assert.equal((await b.post(cancel, {}, url)).status, 403, 'no token');
    assert.equal((await b.post(cancel, { _csrf: `${csrf.slice(0, -2)}xx` }, url)).status, 403, 'wrong token');
    assert.equal((await b.post(cancel, { _csrf: csrf }, 'https://evil.example')).status, 403, 'other origin');
    assert.equal((await b.post(`${url}/auth/logout`, {}, url)).status, 403, 'sign-out needs it too');
    assert.equal(
      (await b.fetch(`${url}/orders`)).status,
      502,
      'still signed in (the orders service is absent here)',
    );
    // The same request with the token passes the check and reaches the (absent) service.
    assert.equal((await b.post(cancel, { _csrf: csrf }, url)).status, 502);
  });

  it('when a page is served, then its CSP allows no script and only its own nonced style, and it is not cached', async () => {
    const b = new HttpBrowser();
    await httpSignIn(b, url, 'viewer');
    const res = await b.fetch(`${url}/audit`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const body = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.ok(
      nonce.length >= 16 && body.includes(`<style nonce="${nonce}">`),
      'the style carries this response nonce',
    );
    assert.doesNotMatch(body, /<script|\son[a-z]+=/i, 'no script, no inline handler');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const again = await b.fetch(`${url}/audit`);
    assert.notEqual(
      /'nonce-([^']+)'/.exec(again.headers.get('content-security-policy') ?? '')?.[1],
      nonce,
      'a fresh nonce',
    );
  });

  it('when the callback state does not match, then no session is made, and a callback cannot be used twice', async () => {
    const control = new HttpBrowser();
    assert.equal(
      (await control.fetch((await providerLogin(control, url, 'operator')).href)).status,
      303,
      'the genuine callback signs in',
    );
    assert.equal(hasSession(control), true);
    const b = new HttpBrowser();
    const callback = await providerLogin(b, url, 'operator');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'not-the-state');
    const login = b.cookies.get('cs_login') ?? '';
    const res = await b.fetch(tampered.href);
    assert.equal(res.status, 400);
    assert.equal(hasSession(b), false);
    // The genuine callback after the failed one: the pending sign-in was used up.
    b.cookies.set('cs_login', login);
    assert.equal((await b.fetch(callback.href)).status, 400);
    assert.equal(hasSession(b), false);
  });

  it('when a callback arrives without the sign-in cookie, then it is refused', async () => {
    const b = new HttpBrowser();
    const callback = await providerLogin(b, url, 'viewer');
    b.cookies.delete('cs_login');
    assert.equal((await b.fetch(callback.href)).status, 400);
    assert.equal(hasSession(b), false);
  });
});

describe('console security: ID tokens the console must not believe', () => {
  let rogue: Awaited<ReturnType<typeof startRogueProvider>>;
  let app: RunningConsole;
  let url: string;
  const dbName = `t_console_rogue_${randomBytes(4).toString('hex')}`;

  before(async () => {
    rogue = await startRogueProvider(CLIENT_ID);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    app = await startConsole(consoleConfig({ port, issuer: rogue.issuer, dbName }));
  });
  after(async () => {
    await app?.stop();
    await rogue?.close();
    const db = await mongoose
      .createConnection(`${infraUrls().mongo.replace(/\/$/, '')}/${dbName}`)
      .asPromise();
    await db.dropDatabase();
    await db.close();
  });

  const signInThroughRogue = async () => {
    const b = new HttpBrowser();
    const { res } = await b.follow(`${url}/auth/login`, (next) => next.pathname === '/orders');
    return { b, status: res.status };
  };

  it('when the provider is honest, then the sign-in succeeds (the control)', async () => {
    rogue.setMode('honest');
    const { b, status } = await signInThroughRogue();
    assert.equal(status, 303);
    assert.equal(hasSession(b), true);
  });

  it('when the ID token names another issuer, then the sign-in is refused', async () => {
    rogue.setMode('other-issuer');
    const { b, status } = await signInThroughRogue();
    assert.equal(status, 400);
    assert.equal(hasSession(b), false);
  });

  it('when the ID token is signed with a key not in the provider JWKS, then the sign-in is refused', async () => {
    rogue.setMode('foreign-key');
    const { b, status } = await signInThroughRogue();
    assert.equal(status, 400);
    assert.equal(hasSession(b), false);
  });
});

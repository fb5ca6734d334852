import express from 'express';
import type { ShopifySimPart } from '../part.ts';
import { createGrants, type SimApp, signQuery, type TokenLifetimes } from './grants.ts';
import { createWebhookSubscriptions, webhookSubscriptionTypeDefs } from './webhook-subscriptions.ts';

export interface OAuthPartOptions {
  /** The apps merchants can install (client id, client secret, allowed redirect URLs). */
  apps: SimApp[];
  now?: () => number;
  /** Lifetimes of expiring tokens, for tests that watch one expire (Shopify's by default). */
  lifetimes?: TokenLifetimes;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * Installing an app on a shop (OAuth 2.0 authorization code grant) and the shop's webhook
 * subscriptions. Every `*.myshopify.com` shop exists and its merchant approves at once;
 * tokens issued here are accepted by the Admin GraphQL of every part, for that shop.
 * Needs the inventory part's `PageInfo` type.
 */
export function createOAuthPart(opts: OAuthPartOptions) {
  const now = opts.now ?? Date.now;
  const grants = createGrants(opts.apps, now, opts.lifetimes);
  const subscriptions = createWebhookSubscriptions(() => new Date(now()));
  const publicRouter = express.Router();

  // https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant
  // Off Shopify the shop is not in the host name, so `?shop=` names it (the app's SDK
  // rewrite adds it); the Host header is used when it is a shop domain.
  publicRouter.get('/admin/oauth/authorize', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const host = String(req.headers.host ?? '').split(':')[0] ?? '';
    const shop = q.shop ?? (SHOP_DOMAIN.test(host) ? host : '');
    const app = grants.appOf(q.client_id ?? '');
    const redirect = q.redirect_uri ?? '';
    const refuse = (message: string) => res.status(400).type('html').send(errorPage(message));
    if (!SHOP_DOMAIN.test(shop)) return refuse('There is no store at this address.');
    if (!app) return refuse('Oauth error invalid_request: The client_id is invalid');
    if (!/^https?:\/\//.test(redirect) || !allowed(app, redirect))
      return refuse('Oauth error invalid_request: The redirect_uri is not whitelisted');
    // Auto-approve: the consent screen is skipped, as for a merchant who clicks "Install".
    const params: Record<string, string> = {
      code: grants.issueCode(shop, app.clientId, q.scope ?? ''),
      host: Buffer.from(`admin.shopify.com/store/${shop.replace('.myshopify.com', '')}`).toString(
        'base64url',
      ),
      shop,
      state: q.state ?? '',
      timestamp: String(Math.floor(now() / 1000)),
    };
    const signed = new URLSearchParams({ ...params, hmac: signQuery(params, app.clientSecret) });
    const to = new URL(redirect);
    for (const [k, v] of signed) to.searchParams.set(k, v);
    res.redirect(302, to.toString());
  });

  publicRouter.post(
    '/admin/oauth/access_token',
    express.json(),
    express.urlencoded({ extended: false }),
    (req, res) => {
      const b = (req.body ?? {}) as Record<string, string | undefined>;
      const [id, secret] = [b.client_id ?? '', b.client_secret ?? ''];
      const refreshing = b.grant_type === 'refresh_token';
      const out = refreshing
        ? grants.refresh(b.refresh_token ?? '', id, secret)
        : grants.exchange(b.code ?? '', id, secret, b.expiring === '1');
      if ('error' in out) {
        const description =
          out.error === 'invalid_client'
            ? 'Client authentication failed'
            : `The ${refreshing ? 'refresh token' : 'authorization code'} was not found, expired or was already used`;
        res.status(400).json({ error: out.error, error_description: description });
        return;
      }
      res.json({
        access_token: out.token,
        scope: out.scope,
        ...('refreshToken' in out && {
          expires_in: out.expiresIn,
          refresh_token: out.refreshToken,
          refresh_token_expires_in: out.refreshTokenExpiresIn,
        }),
      });
    },
  );

  const simRouter = express.Router();
  simRouter.get('/oauth', (_req, res) =>
    res.json({ grants: grants.issued(), webhookSubscriptions: subscriptions.list() }),
  );

  const part: ShopifySimPart = {
    name: 'oauth',
    typeDefs: webhookSubscriptionTypeDefs,
    root: subscriptions.root,
    publicRouter,
    simRouter,
    shopForToken: grants.shopForToken,
    reset() {
      grants.reset();
      subscriptions.reset();
    },
    state: () => ({ grants: grants.issued().length, webhookSubscriptions: subscriptions.list().length }),
  };
  return Object.assign(part, { oauth: { grants, subscriptions } });
}

function allowed(app: SimApp, redirect: string) {
  return !app.redirectUrls?.length || app.redirectUrls.some((u) => redirect.startsWith(u));
}

function errorPage(message: string) {
  const safe = message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><title>Oauth error</title><h1>Oauth error</h1><p>${safe}</p>`;
}

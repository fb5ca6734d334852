import { ValidationFailed } from '@commerce-sync/errors';
import type { Request, Response, Router } from 'express';
import { callbackRefusal } from './callback-refusal.ts';
import { connectedPage } from './connected-page.ts';
import { type InstallDeps, installShop } from './install-shop.ts';
import { CALLBACK_PATH, grantOf, type ShopifyOAuth } from './shopify-oauth.ts';

// Stricter than the library (which also takes shopify.com, myshopify.io, shop.dev): merchants'
// shops are *.myshopify.com.
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$/;

const notAShop = () =>
  new ValidationFailed('The shop is not a *.myshopify.com domain', {
    fields: [{ field: 'query:shop', message: 'a *.myshopify.com domain is required' }],
  });

interface Deps extends InstallDeps {
  oauth: ShopifyOAuth;
  now?: () => Date;
}

/**
 * GET /shopify/install?shop=… starts the authorization code grant; GET /shopify/callback
 * finishes it: verified by the library, then the shop is stored and its webhooks subscribed.
 * A refused callback stores nothing.
 */
export function installRoutes(r: Router, deps: Deps): void {
  const now = deps.now ?? (() => new Date());

  r.get('/shopify/install', async (req: Request, res: Response) => {
    const shop = typeof req.query.shop === 'string' ? req.query.shop.toLowerCase() : '';
    if (!SHOP_DOMAIN.test(shop) || !deps.oauth.sanitizeShop(shop)) throw notAShop();
    await deps.oauth.begin(shop, req, res);
  });

  r.get(CALLBACK_PATH, async (req: Request, res: Response) => {
    const shop = typeof req.query.shop === 'string' ? req.query.shop : '';
    // Checked before the library so a foreign domain never reaches the token exchange.
    if (!SHOP_DOMAIN.test(shop)) throw notAShop();
    const session = await deps.oauth.callback(req, res).catch((err: unknown) => {
      throw callbackRefusal(err) ?? err;
    });
    const installed = await installShop(deps, { shop: session.shop, ...grantOf(session) }, now());
    res.status(200).type('html').send(connectedPage(installed));
  });
}

import '@shopify/shopify-api/adapters/node';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@commerce-sync/telemetry';
import { ApiVersion, LogSeverity, type Session, shopifyApi } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';

export interface ShopifyOAuthConfig {
  apiKey: string;
  apiSecretKey: string;
  scopes: string[];
  /** Public URL of this service (the redirect URI is built on it). */
  appUrl: string;
  /** Base URL standing in for `https://<shop>` (simulator); empty = the shop itself. */
  apiUrl?: string;
  /** Ask for an expiring offline token (and its refresh token). */
  expiringTokens?: boolean;
  logger: Logger;
}

// The library's runtime fetch is one per process (adapters/node sets it); which base URL a
// call goes to is carried by the request being served, so two services in one process (tests)
// can each talk to their own Admin API.
const apiBase = new AsyncLocalStorage<string>();
setAbstractFetchFunc((url: string | URL | Request, init?: RequestInit) => {
  const base = apiBase.getStore();
  return fetch(base ? String(url).replace(/^https:\/\/[^/]+/, base) : url, init);
});

export const CALLBACK_PATH = '/shopify/callback';

/**
 * `@shopify/shopify-api` set up for the authorization code grant of a non-embedded app:
 * `begin` sets the signed state cookie and redirects to the shop's consent screen,
 * `callback` checks the state cookie, the query HMAC (and its timestamp) and the shop, then
 * exchanges the code for an offline token.
 */
export function createShopifyOAuth(config: ShopifyOAuthConfig) {
  const app = new URL(config.appUrl);
  const base = config.apiUrl?.replace(/\/$/, '') ?? '';
  const shopify = shopifyApi({
    apiKey: config.apiKey,
    apiSecretKey: config.apiSecretKey,
    scopes: config.scopes,
    hostName: app.host,
    hostScheme: app.protocol === 'http:' ? 'http' : 'https',
    // Only the OAuth calls of the library are used (no Admin API version in them); Admin
    // GraphQL goes through @shopify/admin-api-client at SHOPIFY_API_VERSION.
    apiVersion: ApiVersion.January26,
    isEmbeddedApp: false,
    logger: {
      level: LogSeverity.Warning,
      httpRequests: false,
      // The library's messages name the shop, never a token or the client secret.
      log: async (severity, message) =>
        severity === LogSeverity.Error
          ? config.logger.warn({ lib: 'shopify-api' }, message)
          : config.logger.info({ lib: 'shopify-api' }, message),
    },
  });

  return {
    /** 302 to the consent screen, with the state cookie; the shop must be valid already. */
    async begin(shop: string, req: IncomingMessage, res: ServerResponse) {
      const out = captureResponse();
      await apiBase.run(base, () =>
        shopify.auth.begin({
          shop,
          callbackPath: CALLBACK_PATH,
          isOnline: false,
          rawRequest: req,
          rawResponse: out,
        }),
      );
      let location = String(out.headers.location ?? '');
      // Off Shopify (simulator) the shop is no longer in the host name: name it in the query.
      if (base) location = `${location.replace(/^https:\/\/[^/]+/, base)}&shop=${encodeURIComponent(shop)}`;
      for (const [k, v] of Object.entries(out.headers)) if (k !== 'location') res.setHeader(k, v);
      res.statusCode = 302;
      res.setHeader('location', location);
      res.end();
    },
    /** The offline session; throws the library's errors (see callbackRefusal). */
    async callback(req: IncomingMessage, res: ServerResponse): Promise<Session> {
      const { session } = await apiBase.run(base, () =>
        shopify.auth.callback({ rawRequest: req, rawResponse: res, expiring: config.expiringTokens }),
      );
      return session;
    },
    /** A new expiring token for a refresh token (which Shopify then refuses a second time). */
    async refresh(shop: string, refreshToken: string): Promise<TokenGrant> {
      const { session } = await apiBase.run(base, () => shopify.auth.refreshToken({ shop, refreshToken }));
      return grantOf(session);
    },
    sanitizeShop: (shop: string) => shopify.utils.sanitizeShop(shop),
  };
}
export type ShopifyOAuth = ReturnType<typeof createShopifyOAuth>;

/** What a token exchange or refresh gives: the token, its scopes and, when expiring, its refresh. */
export interface TokenGrant {
  accessToken: string;
  scopes: string;
  accessTokenExpiresAt?: Date;
  refreshToken?: string;
  refreshTokenExpiresAt?: Date;
}

export function grantOf(session: Session): TokenGrant {
  return {
    accessToken: session.accessToken ?? '',
    scopes: session.scope ?? '',
    ...(session.expires && { accessTokenExpiresAt: session.expires }),
    ...(session.refreshToken && {
      refreshToken: session.refreshToken,
      refreshTokenExpiresAt: session.refreshTokenExpires,
    }),
  };
}

// begin() writes its answer to a Node response; this one keeps it, so the Location header
// can be adjusted before the real response is sent.
function captureResponse() {
  const headers: Record<string, string | string[] | number> = {};
  const out = {
    statusCode: 200,
    statusMessage: '',
    headers,
    getHeaders: () => headers,
    setHeader(name: string, value: string | string[] | number) {
      headers[name.toLowerCase()] = value;
    },
    write() {},
    end() {},
  };
  return out as unknown as ServerResponse & { headers: typeof headers };
}

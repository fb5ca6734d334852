import * as client from 'openid-client';
import type { LoginTransaction } from './session-store.ts';

export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scopes: string;
  /** Discovery tries, 1 s apart: the provider may start after the console (npm start, a pod). */
  discoveryAttempts?: number;
}

/** The identity the provider vouched for, with the ID token kept for sign-out. */
export interface SignedIn {
  claims: Record<string, unknown> & { sub: string };
  idToken: string;
}

/** Authorization Code + PKCE with openid-client: one place that talks to the provider. */
export interface OidcSignIn {
  begin(returnTo: string): Promise<{ url: URL; transaction: LoginTransaction }>;
  /** Checks state, nonce, PKCE, issuer, audience and the ID token's signature (provider JWKS). */
  finish(callbackUrl: URL, t: LoginTransaction): Promise<SignedIn>;
  endSessionUrl(idToken: string): URL;
}

export async function discoverOidc(opts: OidcOptions): Promise<OidcSignIn> {
  const issuer = new URL(opts.issuer);
  const loopbackHttp =
    issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  const discover = () =>
    client.discovery(issuer, opts.clientId, undefined, client.ClientSecretBasic(opts.clientSecret), {
      // The ID token's signature is checked against the provider's JWKS although it comes
      // over a direct call: locally there is no TLS to vouch for the issuer.
      execute: loopbackHttp
        ? [client.allowInsecureRequests, client.enableNonRepudiationChecks]
        : [client.enableNonRepudiationChecks],
    });
  const config = await withRetries(discover, opts.discoveryAttempts ?? 20);
  return {
    async begin(returnTo) {
      const transaction: LoginTransaction = {
        verifier: client.randomPKCECodeVerifier(),
        state: client.randomState(),
        nonce: client.randomNonce(),
        returnTo,
        createdAt: new Date(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: opts.redirectUri,
        scope: opts.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(transaction.verifier),
        code_challenge_method: 'S256',
        state: transaction.state,
        nonce: transaction.nonce,
      });
      return { url, transaction };
    },
    async finish(callbackUrl, t) {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: t.verifier,
        expectedState: t.state,
        expectedNonce: t.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims || !tokens.id_token) throw new Error('no ID token');
      return { claims: claims as SignedIn['claims'], idToken: tokens.id_token };
    },
    endSessionUrl(idToken) {
      return client.buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: opts.postLogoutRedirectUri,
      });
    },
  };
}

async function withRetries<T>(fn: () => Promise<T>, attempts: number): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts)
        throw new Error(`OIDC discovery at OIDC_ISSUER_URL failed ${attempts} times`, { cause: err });
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

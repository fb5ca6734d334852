import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, exportJWK } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { DEMO_USERS, type DemoUser } from './demo-users.ts';
import { loginPage, logoutPage } from './pages.ts';

export interface DevClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

export interface DevProviderOptions {
  port: number;
  host?: string;
  /** The issuer URL clients and browsers use (default http://127.0.0.1:<port>). */
  issuer?: string;
  clients: DevClient[];
  users?: readonly DemoUser[];
  /** Name of the claim that carries the roles (the console's OIDC_ROLES_CLAIM). */
  rolesClaim?: string;
}

export interface RunningDevProvider {
  issuer: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * A development OpenID provider: panva's oidc-provider (certified) with an in-memory store,
 * a fresh signing key per start, our own login form for the demo users, and consent skipped
 * for the registered clients (first-party apps). Never run it outside development.
 */
export async function startDevProvider(opts: DevProviderOptions): Promise<RunningDevProvider> {
  const users = opts.users ?? DEMO_USERS;
  const rolesClaim = opts.rolesClaim ?? 'roles';
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject).listen(opts.port, opts.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const issuer = (opts.issuer ?? `http://127.0.0.1:${port}`).replace(/\/$/, '');
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = {
    ...(await exportJWK(privateKey)),
    alg: 'ES256',
    use: 'sig',
    kid: randomBytes(6).toString('hex'),
  };

  const configuration: Configuration = {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
    })),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', rolesClaim],
    claims: { openid: ['sub'], profile: ['name'], [rolesClaim]: [rolesClaim] },
    // Claims requested by scope go into the ID token too: the console reads roles from it.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = logoutPage(form);
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const user = users.find((u) => u.login === sub);
      if (!user) return undefined;
      return {
        accountId: user.login,
        claims: () => ({ sub: user.login, name: user.name, [rolesClaim]: user.roles }),
      };
    },
    // First-party clients: no consent screen, every scope they ask for is granted.
    loadExistingGrant: async (ctx) => {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client?.clientId ?? '');
      if (grantId) return oidc.provider.Grant.find(grantId);
      if (!oidc.session?.accountId || !oidc.client) return undefined;
      const grant = new oidc.provider.Grant({
        clientId: oidc.client.clientId,
        accountId: oidc.session.accountId,
      });
      grant.addOIDCScope(`openid profile ${rolesClaim}`);
      await grant.save();
      return grant;
    },
    ttl: { Session: 8 * 3600, Grant: 8 * 3600, Interaction: 600, AccessToken: 600, IdToken: 600 },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  server.on('request', (req, res) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url?.split('?')[0] ?? '');
    if (!match) return void callback(req, res);
    void interaction(provider, users, req, res, Boolean(match[2])).catch(() => {
      res
        .writeHead(400, { 'content-type': 'text/plain' })
        .end('sign-in request expired or invalid: start again');
    });
  });

  return {
    issuer,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function interaction(
  provider: Provider,
  users: readonly DemoUser[],
  req: IncomingMessage,
  res: ServerResponse,
  submitted: boolean,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (!submitted) {
    res.writeHead(200, pageHeaders()).end(loginPage(details.uid));
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const user = users.find(
    (u) => u.login === form.get('login') && same(u.password, form.get('password') ?? ''),
  );
  if (!user) {
    res.writeHead(401, pageHeaders()).end(loginPage(details.uid, 'Unknown login or wrong password.'));
    return;
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.login } },
    { mergeWithLastSubmission: false },
  );
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 4096) throw new Error('body too large');
  }
  return body;
}

const pageHeaders = () => ({
  'content-type': 'text/html; charset=utf-8',
  // No form-action: Chrome applies it to the redirects after the post, which end at the client.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'cache-control': 'no-store',
});

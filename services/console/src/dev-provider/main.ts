/**
 * The development OpenID provider as its own process (started by `npm start`, like mailpit):
 *   DEV_OIDC_PORT, DEV_OIDC_HOST, DEV_OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
 *   CONSOLE_PUBLIC_URL, OIDC_ROLES_CLAIM.
 */
import { z } from 'zod';
import { loadConfig } from '@commerce-sync/service-kit/load-config';
import { startDevProvider } from './provider.ts';

const DevProviderConfig = z.object({
  DEV_OIDC_PORT: z.coerce.number().int().min(0).max(65535).default(3007),
  /** 0.0.0.0 in a container (compose publishes the port). */
  DEV_OIDC_HOST: z.string().default('127.0.0.1'),
  /** The URL browsers and the console reach it at, when not http://127.0.0.1:<port>. */
  DEV_OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).default('commerce-sync-console'),
  OIDC_CLIENT_SECRET: z.string().min(16),
  CONSOLE_PUBLIC_URL: z.url().default('http://127.0.0.1:3006'),
  OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
});

const config = loadConfig(DevProviderConfig);
const consoleUrl = config.CONSOLE_PUBLIC_URL.replace(/\/$/, '');
const running = await startDevProvider({
  port: config.DEV_OIDC_PORT,
  host: config.DEV_OIDC_HOST,
  ...(config.DEV_OIDC_ISSUER ? { issuer: config.DEV_OIDC_ISSUER } : {}),
  rolesClaim: config.OIDC_ROLES_CLAIM,
  clients: [
    {
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET,
      redirectUris: [`${consoleUrl}/auth/callback`],
      postLogoutRedirectUris: [`${consoleUrl}/signed-out`],
    },
  ],
});
process.stdout.write(
  `development OpenID provider at ${running.issuer} (demo logins: viewer/viewer, operator/operator)\n`,
);
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void running.close().then(() => process.exit(0)));

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '@commerce-sync/telemetry';
import express from 'express';
import mongoose from 'mongoose';
import { createAdminApi } from './adapters/admin-api.ts';
import { attentionApi } from './adapters/attention-api.ts';
import { createAdminTokens } from './adapters/admin-token.ts';
import { createAuditLog } from './adapters/audit-log.ts';
import { dlqApi } from './adapters/dlq-api.ts';
import { metricsApi } from './adapters/metrics-api.ts';
import { ordersApi } from './adapters/orders-api.ts';
import { authRoutes } from './auth/auth-routes.ts';
import { cookieJar } from './auth/cookies.ts';
import { discoverOidc } from './auth/oidc-sign-in.ts';
import { mongoSessionStore } from './auth/session-store.ts';
import { loadSession, requireCsrf, requireSignIn } from './auth/sessions.ts';
import { type ConsoleConfig, isLoopback, serviceUrls, signingKeyPem } from './config.ts';
import { actionRoutes } from './http/action-routes.ts';
import { attentionPage } from './http/attention-page.ts';
import { auditPage } from './http/audit-page.ts';
import { dlqPages } from './http/dlq-pages.ts';
import { liveScript } from './http/live.ts';
import { orderPages } from './http/order-pages.ts';
import { overviewPage } from './http/overview-page.ts';
import { problemPage } from './http/problem-page.ts';
import { securityHeaders } from './http/security-headers.ts';

export interface RunningConsole {
  port: number;
  url: string;
  server: Server;
  stop(): Promise<void>;
}

/** Builds the console from its config and listens: the composition root `main.ts` calls. */
export async function startConsole(
  config: ConsoleConfig,
  logger: Logger = createLogger({ service: 'console' }),
): Promise<RunningConsole> {
  const publicUrl = config.CONSOLE_PUBLIC_URL.replace(/\/$/, '');
  const connection = await mongoose
    .createConnection(`${config.MONGO_URL.replace(/\/$/, '')}/${config.CONSOLE_MONGO_DB}`, { maxPoolSize: 4 })
    .asPromise();
  const tokens = await createAdminTokens({
    privateKeyPem: signingKeyPem(config),
    issuer: config.CONSOLE_ADMIN_TOKEN_ISSUER,
    audience: config.CONSOLE_ADMIN_TOKEN_AUDIENCE,
    ttlSeconds: config.CONSOLE_ADMIN_TOKEN_TTL_S,
  });
  const api = createAdminApi(serviceUrls(config), tokens);
  const audit = createAuditLog(connection);
  const store = mongoSessionStore(connection);
  const cookies = cookieJar(!isLoopback(publicUrl));
  const oidc = await discoverOidc({
    issuer: config.OIDC_ISSUER_URL,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    redirectUri: `${publicUrl}/auth/callback`,
    postLogoutRedirectUri: `${publicUrl}/signed-out`,
    scopes: config.OIDC_SCOPES,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.get('/healthz', (_req, res) => void res.json({ status: 'alive', service: 'console' }));
  app.get('/readyz', (_req, res) => {
    const ready = connection.readyState === 1;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });
  // Services that verify through ADMIN_JWKS_URL point it here.
  app.get('/.well-known/jwks.json', async (_req, res) => void res.json(await tokens.jwks()));
  app.use(securityHeaders(new URL(config.OIDC_ISSUER_URL).origin, publicUrl.startsWith('https:')));
  app.use((_req, res, next) => {
    res.locals.liveEveryMs = config.CONSOLE_LIVE_INTERVAL_MS;
    next();
  });
  liveScript(app);
  app.use(express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 }));
  app.use(
    loadSession(store, cookies, {
      idleMs: config.CONSOLE_SESSION_IDLE_MS,
      maxMs: config.CONSOLE_SESSION_MAX_MS,
    }),
  );
  const router = express.Router();
  authRoutes(router, {
    oidc,
    store,
    cookies,
    audit,
    publicUrl,
    sessionMaxMs: config.CONSOLE_SESSION_MAX_MS,
    logger,
    roles: {
      claim: config.OIDC_ROLES_CLAIM,
      viewer: config.CONSOLE_VIEWER_ROLE,
      operator: config.CONSOLE_OPERATOR_ROLE,
    },
  });
  const pages = express.Router();
  pages.use(requireSignIn);
  const orders = ordersApi(api);
  const attention = attentionApi(api);
  actionRoutes(pages, {
    orders,
    attention,
    dlq: dlqApi(api),
    audit,
    csrf: requireCsrf(new URL(publicUrl).origin),
  });
  overviewPage(pages, {
    orders,
    attention,
    dlq: dlqApi(api),
    metrics: metricsApi(config.METRICS_URL || undefined),
  });
  attentionPage(pages, attention);
  orderPages(pages, orders, { traceUrl: config.TRACE_UI_URL });
  dlqPages(pages, dlqApi(api));
  auditPage(pages, audit);
  app.use(router, pages);
  app.use((_req, res) => problemPage(res, 404, 'No such page.'));
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    logger.error({ err }, 'console request failed');
    if (!res.headersSent) problemPage(res, 500, 'Something went wrong; it has been logged.');
  });

  const server = app.listen(config.CONSOLE_PORT, config.HTTP_HOST);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'console listening');
  return {
    port,
    url: publicUrl,
    server,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await connection.close();
    },
  };
}

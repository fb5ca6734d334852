import express from 'express';
import { buildASTSchema, concatAST, graphql, parse } from 'graphql';
import { createFaultInjector, type FaultConfig } from '../common/faults.ts';
import type { ShopifyContext, ShopifySimPart } from './part.ts';
import { createCostThrottle, queryCost, type ThrottleConfig } from './query-cost.ts';

export interface ShopifySimOptions {
  /** Admin API access tokens accepted, by shop domain. */
  accessTokens: Record<string, string>;
  parts: ShopifySimPart[];
  faults?: FaultConfig;
  /** Cost-based throttle bucket (Shopify's calculated query cost); standard plan by default. */
  throttle?: ThrottleConfig;
}

const BASE_SDL = /* GraphQL */ `
  scalar JSON
  directive @idempotent(key: String!) on FIELD
  type UserError { field: [String!], message: String!, code: String }
  type Query { shop: Shop! }
  type Mutation { _noop: Boolean }
  type Shop { name: String!, myshopifyDomain: String! }
`;

/**
 * The Shopify simulator: Admin GraphQL (`/admin/api/<version>/graphql.json`, token auth),
 * the parts' control-plane routes under `/__sim`, and fault injection in front of both.
 */
export function createShopifyApp(opts: ShopifySimOptions) {
  const faults = createFaultInjector(opts.faults);
  for (const p of opts.parts) p.useFaults?.(faults);
  const throttle = createCostThrottle(opts.throttle);
  const schema = buildASTSchema(concatAST([parse(BASE_SDL), ...opts.parts.map((p) => parse(p.typeDefs))]));
  const root: Record<string, unknown> = Object.assign(
    { shop: (_a: unknown, ctx: ShopifyContext) => ({ name: ctx.shop, myshopifyDomain: ctx.shop }) },
    ...opts.parts.map((p) => p.root),
  );

  const app = express();
  app.disable('x-powered-by');
  app.use(faults.middleware());

  for (const p of opts.parts) if (p.publicRouter) app.use(p.publicRouter);

  app.post('/admin/api/:version/graphql.json', express.json({ limit: '1mb' }), async (req, res) => {
    const shop = String(req.headers.host ?? '').split(':')[0] ?? '';
    const token = req.get('X-Shopify-Access-Token');
    const shopForToken =
      Object.entries(opts.accessTokens).find(([, t]) => t === token)?.[0] ??
      opts.parts.map((p) => token && p.shopForToken?.(token)).find(Boolean);
    if (!token || !shopForToken) {
      res
        .status(401)
        .json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      return;
    }
    const body = req.body as { query?: unknown; variables?: unknown };
    if (typeof body?.query !== 'string') {
      res.status(400).json({ errors: { query: 'Required parameter missing or invalid' } });
      return;
    }
    const ctx: ShopifyContext = { shop: shopForToken || shop, apiVersion: String(req.params.version) };
    const variableValues = (body.variables as Record<string, unknown> | undefined) ?? {};
    // Shopify answers a throttled query with 200, a THROTTLED error and the bucket state.
    const { ok, cost } = throttle.take(ctx.shop, queryCost(schema, body.query, variableValues));
    if (!ok) {
      const documentation = 'https://shopify.dev/api/usage/rate-limits';
      res.json({
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation } }],
        extensions: { cost },
      });
      return;
    }
    const result = await graphql({
      schema,
      source: body.query,
      rootValue: root,
      contextValue: ctx,
      variableValues,
    });
    res.json({ ...result, extensions: { ...result.extensions, cost } });
  });

  const sim = express.Router();
  sim.use(faults.router());
  sim.get('/throttle', (req, res) =>
    res.json({ ...throttle.status(String(req.query.shop ?? '')), throttled: throttle.throttledCount() }),
  );
  sim.put('/throttle', express.json(), (req, res) => {
    throttle.set(req.body ?? {});
    res.json(throttle.config);
  });
  sim.get('/state', (_req, res) => res.json(Object.fromEntries(opts.parts.map((p) => [p.name, p.state()]))));
  sim.post('/reset', (_req, res) => {
    for (const p of opts.parts) p.reset();
    faults.set({ rules: [], webhooks: {} });
    throttle.reset();
    res.json({ ok: true });
  });
  for (const p of opts.parts) if (p.simRouter) sim.use(p.simRouter);
  app.use('/__sim', sim);

  return { app, faults, close: () => Promise.all(opts.parts.map((p) => p.close?.())) };
}

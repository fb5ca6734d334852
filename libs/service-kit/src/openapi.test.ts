import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import express from 'express';
import { z } from 'zod';
import { createApp } from './create-app.ts';
import { openApiDocument, type RouteSpec } from './openapi.ts';
import { assertDocumentsEveryRoute } from './openapi-conformance.ts';
import { dlqRouteSpecs } from './openapi-dlq.ts';
import { routeTable } from './route-table.ts';
import { memoryLogger } from './test-logger.ts';

const Item = z.object({ sku: z.string() }).meta({ id: 'Item' });
const ItemList = z.object({ items: z.array(Item) });
const Query = z.object({ limit: z.coerce.number().int().min(1).default(10) });

const routes: RouteSpec[] = [
  {
    method: 'get',
    path: '/items',
    admin: true,
    summary: 'list',
    query: Query,
    responses: { 200: { description: 'items', schema: ItemList } },
  },
  {
    method: 'post',
    path: '/webhooks/acme',
    summary: 'hook',
    headers: { 'X-Acme-Signature': 'HMAC of the raw body' },
    body: Item,
    responses: { 200: { description: 'ok' } },
    problems: [400, 401],
  },
  ...dlqRouteSpecs(),
];

/** The parts of an operation these tests read. */
interface Op {
  security?: unknown;
  parameters: { name: string; in: string }[];
  responses: Record<
    string,
    { content: Record<string, { schema: { properties: Record<string, { items?: unknown }> } }> } | undefined
  >;
}

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

/** A service app mounting the spec's routes, and `extra` routes the document does not describe. */
async function start(extra: (r: express.Router) => void = () => {}, breakDoc = false) {
  const dlq = express.Router();
  dlq.get('/', (_req, res) => void res.json({}));
  dlq.get('/:messageId', (_req, res) => void res.json({}));
  dlq.post('/replay', (_req, res) => void res.json({}));
  dlq.post('/discard', (_req, res) => void res.json({}));
  const { app } = createApp({
    service: 'kit-test',
    logger: memoryLogger().logger,
    routes: (r) => {
      r.get('/openapi.json', (_req, res) => {
        const doc = openApiDocument({ service: 'kit', description: 'd', routes });
        // A response without its required description: not OpenAPI 3.1.
        if (breakDoc) Object.assign(doc.paths['/items']?.get as object, { responses: { 200: {} } });
        res.json(doc);
      });
      r.get('/items', (_req, res) => void res.json({ items: [] }));
      r.post('/webhooks/acme', (_req, res) => void res.json({}));
      r.use('/admin/dlq', (_req, _res, next) => next(), dlq);
      extra(r);
    },
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return { app, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('openApiDocument', () => {
  it('when routes are documented, then the served document is valid OpenAPI 3.1 covering each of them', async () => {
    const { url } = await start();
    const doc = await assertDocumentsEveryRoute(url);
    assert.equal(doc.openapi, '3.1.0');
    const list = doc.paths['/items']?.get as Op;
    assert.deepEqual(list.security, [{ adminJwt: [] }]);
    assert.equal(list.parameters[0]?.name, 'limit');
    assert.deepEqual(list.responses['200']?.content['application/json']?.schema.properties.items?.items, {
      $ref: '#/components/schemas/Item',
    });
    assert.ok(doc.components.schemas.Item, 'a .meta({ id }) schema becomes a component');
    assert.ok(list.responses['401']?.content['application/problem+json']);
    const hook = doc.paths['/webhooks/acme']?.post as Op;
    assert.equal(hook.parameters[0]?.in, 'header');
    assert.equal(hook.responses['429'], undefined, 'webhooks are not rate limited');
    assert.ok(doc.paths['/admin/dlq/{messageId}']?.get);
  });

  it('when the app mounts a route the document leaves out, then the conformance check names it', async () => {
    const { url } = await start((r) => r.delete('/items/:sku', (_req, res) => void res.end()));
    await assert.rejects(assertDocumentsEveryRoute(url), /DELETE \/items\/:sku/);
  });

  it('when the document breaks the OpenAPI 3.1 schema, then the conformance check rejects it', async () => {
    const { url } = await start(undefined, true);
    await assert.rejects(assertDocumentsEveryRoute(url), /description/);
  });
});

describe('routeTable', () => {
  it('when routers are mounted under a path, then their routes are listed with the full path', async () => {
    const { app } = await start();
    const table = routeTable(app).map((r) => `${r.method} ${r.path}`);
    for (const want of [
      'get /healthz',
      'get /items',
      'get /admin/dlq',
      'get /admin/dlq/:messageId',
      'post /admin/dlq/replay',
    ])
      assert.ok(table.includes(want), want);
  });
});

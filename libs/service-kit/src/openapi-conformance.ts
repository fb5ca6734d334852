import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import type { Server } from 'node:http';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Express } from 'express';
import { type OpenApiDocument, undocumentedRoutes } from './openapi.ts';
import { routeTable } from './route-table.ts';

/**
 * For a service's tests: fetches `/openapi.json` from a running service, validates it as
 * OpenAPI 3.1 (swagger-parser, the JSON Schema of the spec plus its own checks) and asserts it
 * documents every route the service's express app mounts. The app is read off the HTTP server
 * that answered (node's `http.server.request.start` channel), so a service need not export it.
 */
export async function assertDocumentsEveryRoute(baseUrl: string): Promise<OpenApiDocument> {
  let server: Server | undefined;
  const onRequest = (message: unknown) => {
    server ??= (message as { server: Server }).server;
  };
  diagnostics.subscribe('http.server.request.start', onRequest);
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/openapi.json`);
  } finally {
    diagnostics.unsubscribe('http.server.request.start', onRequest);
  }
  assert.equal(res.status, 200, 'GET /openapi.json');
  const doc = (await res.json()) as OpenApiDocument;
  assert.match(doc.openapi, /^3\.1\.\d+$/);
  // validate() dereferences in place: given a copy, the document stays as served.
  await SwaggerParser.validate(structuredClone(doc) as never);
  assert.ok(server, 'the request was answered in this process (start the service in the test)');
  const app = server.listeners('request')[0] as unknown as Express;
  const missing = undocumentedRoutes(doc, routeTable(app)).map((r) => `${r.method.toUpperCase()} ${r.path}`);
  assert.deepEqual(missing, [], 'routes the app mounts that /openapi.json does not document');
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops))
      assert.ok(
        Object.keys((op as { responses: object }).responses).length > 0,
        `${method} ${path} responses`,
      );
  return doc;
}

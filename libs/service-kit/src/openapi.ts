import { z } from 'zod';
import { API_DOCS_ASSETS } from './api-docs.ts';
import type { RouteEntry } from './route-table.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A response a route documents: JSON from a zod schema, HTML, an event stream, or prose alone. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** `text/html` (pages) or `text/event-stream` (SSE); JSON otherwise. */
  media?: 'text/html' | 'text/event-stream';
}

/** One route as its module declares it, next to the zod schemas it validates with. */
export interface RouteSpec {
  method: Method;
  /** The express path, `:param` form; path parameters are derived from it. */
  path: string;
  summary: string;
  description?: string;
  /** Behind the admin bearer JWT (adds the security requirement and a 401). */
  admin?: boolean;
  query?: z.ZodObject;
  /** Required request headers (webhook signatures), name → description. */
  headers?: Record<string, string>;
  /** Descriptions of path parameters, by name. */
  params?: Record<string, string>;
  body?: z.ZodType;
  /** Success (and non-problem) responses by status. */
  responses: Record<number, ResponseSpec>;
  /** Statuses answered with problem+json, besides 401 (admin) and 429 (rate limit) added here. */
  problems?: number[];
}

export interface OpenApiSpec {
  service: string;
  description: string;
  routes: RouteSpec[];
}

/** Paths createApp serves outside the service's router and leaves out of its documents. */
export const UNDOCUMENTED_INFRA_PATHS: readonly string[] = [
  '/healthz',
  '/readyz',
  '/metrics',
  ...API_DOCS_ASSETS,
];

const PROBLEM = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'stable error code (libs/errors catalogue)' },
    errors: { type: 'array', items: { type: 'object' } },
  },
  required: ['type', 'title', 'status'],
};

/** The document's own routes, which every service serves: itself, and its page (api-docs.ts). */
const SELF: RouteSpec[] = [
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'the document', schema: z.object({ openapi: z.string() }).loose() } },
  },
  {
    method: 'get',
    path: '/docs',
    summary: 'This document as a readable page',
    responses: { 200: { description: 'Swagger UI reading /openapi.json', media: 'text/html' } },
  },
];

const openApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');

/**
 * The OpenAPI 3.1 document of one service, built from its route specs: schemas come from the
 * zod schemas the routes validate with (`z.toJSONSchema`, draft 2020-12, which 3.1 adopts), a
 * schema with a `.meta({ id })` becomes a component. The route table check is `undocumentedRoutes`.
 */
export function openApiDocument(spec: OpenApiSpec) {
  const components: Record<string, unknown> = { Problem: PROBLEM };
  const schema = (s: z.ZodType, io: 'input' | 'output') => toComponentSchema(s, io, components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of [...spec.routes, ...SELF]) {
    paths[openApiPath(route.path)] ??= {};
    (paths[openApiPath(route.path)] as Record<string, unknown>)[route.method] = operation(route, schema);
  }
  return {
    openapi: '3.1.0',
    info: { title: `commerce-sync ${spec.service}`, version: '1.0.0', description: spec.description },
    components: {
      securitySchemes: { adminJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: components,
    },
    paths,
  };
}
export type OpenApiDocument = ReturnType<typeof openApiDocument>;

type ToSchema = (s: z.ZodType, io: 'input' | 'output') => Record<string, unknown>;

function operation(route: RouteSpec, schema: ToSchema) {
  const problem = {
    description: 'problem+json (RFC 9457)',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(route.responses)) {
    const media = r.media ?? 'application/json';
    responses[status] = {
      description: r.description,
      ...(r.schema || r.media
        ? { content: { [media]: { schema: r.schema ? schema(r.schema, 'output') : { type: 'string' } } } }
        : {}),
    };
  }
  const problems = [...(route.problems ?? []), ...(route.admin ? [401] : [])];
  // createApp's per-client limit skips /webhooks/* (create-app.ts).
  if (!route.path.startsWith('/webhooks/')) problems.push(429);
  for (const status of new Set(problems)) responses[status] = problem;
  return {
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.admin ? { security: [{ adminJwt: [] }] } : {}),
    parameters: parameters(route, schema),
    ...(route.body ? { requestBody: { required: true, content: json(schema(route.body, 'input')) } } : {}),
    responses,
  };
}

const json = (schema: unknown) => ({ 'application/json': { schema } });

function parameters(route: RouteSpec, schema: ToSchema) {
  const path = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
    ...(route.params?.[name as string] ? { description: route.params[name as string] } : {}),
  }));
  const q = route.query ? schema(route.query, 'input') : undefined;
  const required = new Set((q?.required as string[] | undefined) ?? []);
  const query = Object.entries((q?.properties as Record<string, unknown> | undefined) ?? {}).map(
    ([name, s]) => ({ name, in: 'query', required: required.has(name), schema: s }),
  );
  const headers = Object.entries(route.headers ?? {}).map(([name, description]) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string' },
  }));
  return [...path, ...query, ...headers];
}

/** One zod schema as JSON Schema whose `$defs` (the `.meta({ id })` schemas) become components. */
function toComponentSchema(s: z.ZodType, io: 'input' | 'output', components: Record<string, unknown>) {
  const out = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  // `#/$defs/X` would point at the OpenAPI document's root: rewritten to the components.
  const rewritten = JSON.parse(JSON.stringify(out).replaceAll('"#/$defs/', '"#/components/schemas/'));
  const { $schema: _, $defs, ...rest } = rewritten as Record<string, unknown>;
  Object.assign(components, $defs ?? {});
  return rest;
}

/**
 * Routes the app mounts that the document does not describe (probes and `/metrics` aside):
 * empty when every route is documented.
 */
export function undocumentedRoutes(doc: OpenApiDocument, routes: RouteEntry[]): RouteEntry[] {
  return routes.filter(
    (r) =>
      !UNDOCUMENTED_INFRA_PATHS.includes(r.path) &&
      !(doc.paths[openApiPath(r.path)] as Record<string, unknown> | undefined)?.[r.method],
  );
}

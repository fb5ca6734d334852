import { z } from 'zod';
import type { RouteSpec } from './openapi.ts';

// The DLQ router (libs/messaging's dlq-router.ts) validates with these; they live here, with
// the document, because libs/messaging depends on this package and not the other way round.

/** The body of `POST …/replay` and `…/discard`: which dead letters. */
export const DlqFilter = z
  .union([
    z.object({ messageId: z.string().min(1) }).strict(),
    z.object({ type: z.string().min(1) }).strict(),
    z.object({ all: z.literal(true) }).strict(),
  ])
  .meta({ id: 'DlqFilter' });

/** The query of `GET …/dlq`. */
export const DlqListQuery = z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100) });

// What the router answers: libs/messaging's DlqEntry (dlq-entry.ts), open to new fields.
const DlqEntry = z
  .object({
    messageId: z.string(),
    type: z.string(),
    correlationId: z.string(),
    reason: z
      .string()
      .meta({ description: 'non-retryable, retries-exhausted, SCHEMA_INVALID, delivery_limit, …' }),
    errorCode: z.string().optional(),
    errorMessage: z.string().optional(),
    errorStack: z.string().optional(),
    attempts: z.number().int().optional(),
    firstFailureAt: z.string().optional(),
    deadLetteredAt: z.string().optional(),
    originalRoutingKey: z.string().optional(),
    headers: z.record(z.string(), z.unknown()),
    body: z.string().optional(),
  })
  .loose()
  .meta({ id: 'DlqEntry' });
const DlqList = z.object({ queue: z.string(), total: z.number().int(), entries: z.array(DlqEntry) });
const count = (key: 'replayed' | 'discarded') => z.object({ [key]: z.number().int() });

/** The routes of `createDlqRouter` mounted at `prefix` behind admin auth, for a service's document. */
export function dlqRouteSpecs(prefix = '/admin/dlq'): RouteSpec[] {
  const list: RouteSpec = {
    method: 'get',
    path: prefix,
    admin: true,
    summary: "Messages in this service's dead-letter queue",
    query: DlqListQuery,
    responses: { 200: { description: 'the queue, how many it holds, the first `limit`', schema: DlqList } },
    problems: [400],
  };
  const show: RouteSpec = {
    method: 'get',
    path: `${prefix}/:messageId`,
    admin: true,
    summary: 'One dead-lettered message with its body',
    responses: { 200: { description: 'the entry', schema: DlqEntry } },
    problems: [404],
  };
  const act = (action: 'replay' | 'discard'): RouteSpec => ({
    method: 'post',
    path: `${prefix}/${action}`,
    admin: true,
    summary: `${action === 'replay' ? 'Replay' : 'Discard'} the dead-lettered messages the filter names`,
    body: DlqFilter,
    responses: {
      200: { description: 'how many', schema: count(action === 'replay' ? 'replayed' : 'discarded') },
    },
    problems: [400],
  });
  return [list, show, act('replay'), act('discard')];
}

import { z } from 'zod';
import type { RouteSpec } from './openapi.ts';

// The body libs/messaging's dlq-router.ts validates (its schema is not exported).
const DlqFilter = z
  .union([
    z.object({ messageId: z.string().min(1) }).strict(),
    z.object({ type: z.string().min(1) }).strict(),
    z.object({ all: z.literal(true) }).strict(),
  ])
  .meta({ id: 'DlqFilter' });

/** The routes of `createDlqRouter` mounted at `prefix` behind admin auth, for a service's document. */
export function dlqRouteSpecs(prefix = '/admin/dlq'): RouteSpec[] {
  const list: RouteSpec = {
    method: 'get',
    path: prefix,
    admin: true,
    summary: "Messages in this service's dead-letter queue",
    query: z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100).optional() }),
    responses: { 200: { description: '{ queue, ...entries }' } },
  };
  const show: RouteSpec = {
    method: 'get',
    path: `${prefix}/:messageId`,
    admin: true,
    summary: 'One dead-lettered message with its body',
    responses: { 200: { description: 'the entry' } },
    problems: [404],
  };
  const act = (action: 'replay' | 'discard'): RouteSpec => ({
    method: 'post',
    path: `${prefix}/${action}`,
    admin: true,
    summary: `${action === 'replay' ? 'Replay' : 'Discard'} the dead-lettered messages the filter names`,
    body: DlqFilter,
    responses: { 200: { description: 'what was done, per message' } },
    problems: [400],
  });
  return [list, show, act('replay'), act('discard')];
}

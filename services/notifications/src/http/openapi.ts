import { dlqRouteSpecs, openApiDocument as build, type RouteSpec } from '@commerce-sync/service-kit';
import { z } from 'zod';
import { NOTIFICATION_STATUSES } from '../domain/notification-claim.ts';
import { FailuresQuery } from './admin-routes.ts';

// A log entry as admin-routes.ts selects it (recipient addresses are not stored); dates as JSON.
const Notification = z
  .object({
    orderId: z.string(),
    kind: z.string(),
    status: z.enum(NOTIFICATION_STATUSES),
    attempts: z.number().int().optional(),
    providerMessageId: z.string().nullish(),
    emailMessageId: z.string().nullish(),
    lastError: z.string().nullish(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
    sentAt: z.string().nullish(),
  })
  .meta({ id: 'Notification' });
const notifications = z.array(Notification);

const token = { token: 'the signed token from the email link' };
const html = (description: string) => ({ description, media: 'text/html' as const });
// A wrong token and an unknown order answer the same page (tracking-routes.ts).
const notFound = html('no such order or token (a page, not problem+json)');

const customer: RouteSpec[] = [
  {
    method: 'get',
    path: '/track/:token',
    params: token,
    summary: 'The customer’s tracking page',
    responses: { 200: html('the tracking page'), 404: notFound },
  },
  {
    method: 'get',
    path: '/track/:token/events',
    params: token,
    summary: 'Live updates of the tracking page (server-sent `view` events)',
    responses: {
      200: { description: 'an event stream', media: 'text/event-stream' },
      404: notFound,
      503: { description: 'too many live viewers; Retry-After says when to come back' },
    },
  },
  {
    method: 'get',
    path: '/unsubscribe/:token',
    params: token,
    summary: 'Ask to stop progress emails (a GET never unsubscribes: mail scanners follow links)',
    responses: { 200: html('the confirmation form'), 404: notFound },
  },
  {
    method: 'post',
    path: '/unsubscribe/:token',
    params: token,
    summary: 'Stop progress emails to this recipient (an empty form post)',
    responses: { 200: html('done'), 404: notFound },
  },
];

const admin: RouteSpec[] = [
  {
    method: 'get',
    path: '/admin/orders/:orderId/notifications',
    admin: true,
    summary: 'What was sent, skipped or failed for one order',
    responses: {
      200: { description: 'oldest first', schema: z.object({ orderId: z.string(), notifications }) },
    },
  },
  {
    method: 'get',
    path: '/admin/notifications',
    admin: true,
    summary: 'Notifications in one status across orders (failed by default), latest first',
    query: FailuresQuery,
    responses: {
      200: {
        description: 'most recently changed first',
        schema: z.object({ status: z.enum(NOTIFICATION_STATUSES), notifications }),
      },
    },
    problems: [400],
  },
];

/** OpenAPI 3.1 of the notifications service. */
export function openApiDocument() {
  return build({
    service: 'notifications',
    description:
      'Order emails, the customer tracking page with live updates, unsubscribe, and the notification log.',
    routes: [...customer, ...admin, ...dlqRouteSpecs()],
  });
}

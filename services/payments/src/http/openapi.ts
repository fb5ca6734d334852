import { dlqRouteSpecs, openApiDocument as build, type RouteSpec } from '@commerce-sync/service-kit';
import { z } from 'zod';
import { EventsQuery, Limit } from './admin-routes.ts';
import { DisputeList, PaymentView, StripeEventList, StripeEventView } from './payment-views.ts';

const WebhookAnswer = z.object({
  received: z.literal(true),
  ignored: z.boolean().optional().meta({ description: 'a type nothing here acts on' }),
  duplicate: z.boolean().optional().meta({ description: 'an event id already recorded' }),
});

const webhook: RouteSpec = {
  method: 'post',
  path: '/webhooks/stripe',
  summary: 'Stripe webhook events (signed); recorded once by event id, then settled',
  headers: { 'Stripe-Signature': 't=…,v1=… HMAC-SHA256 of the raw body with the endpoint secret' },
  responses: { 200: { description: 'recorded and settled, ignored, or a duplicate', schema: WebhookAnswer } },
  // 400, not 401, for a bad signature: Stripe's guidance (stripe-webhook-route.ts).
  problems: [400, 413],
};

const routes: RouteSpec[] = [
  webhook,
  {
    method: 'get',
    path: '/payments/:orderId',
    admin: true,
    summary: 'The local payment record of an order and its history (no card data is kept)',
    responses: { 200: { description: 'the payment', schema: PaymentView } },
    problems: [404],
  },
  {
    method: 'get',
    path: '/admin/stripe-events',
    admin: true,
    summary: 'Webhook events that failed 10 times or match no known payment, newest first',
    query: EventsQuery,
    responses: { 200: { description: 'the events', schema: StripeEventList } },
    problems: [400],
  },
  {
    method: 'post',
    path: '/admin/stripe-events/:id/retry',
    admin: true,
    params: { id: 'the Stripe event id (evt_…)' },
    summary: 'Process a failed or unmatched event again',
    responses: { 200: { description: 'the event, pending again', schema: StripeEventView } },
    problems: [404, 409],
  },
  {
    method: 'get',
    path: '/admin/disputes',
    admin: true,
    summary: 'Payments with a dispute, most recently changed first',
    query: Limit,
    responses: { 200: { description: 'the disputed payments', schema: DisputeList } },
    problems: [400],
  },
  ...dlqRouteSpecs(),
];

/** OpenAPI 3.1 of the payments service, from the zod schemas its routes validate with. */
export function openApiDocument() {
  return build({
    service: 'payments',
    description:
      'Stripe payments for the order saga: the Stripe webhook in, payment records and operator views out.',
    routes,
  });
}

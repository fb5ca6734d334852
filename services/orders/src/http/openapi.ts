import { dlqRouteSpecs, openApiDocument as build, type RouteSpec } from '@commerce-sync/service-kit';
import { z } from 'zod';
import { ShopifyOrderPayload } from '../domain/shopify-order.ts';
import { MAX_DELIVERY_ATTEMPTS } from '../handlers/process-delivery.ts';
import { CALLBACK_PATH } from '../shops/shopify-oauth.ts';
import { LimitQuery } from './operator-routes.ts';
import { ListQuery } from './order-search.ts';
import { OrderList, OrderView } from './order-view.ts';

const orderId = { id: '`<shop domain>:<storefront order id>`' };
const ShopQuery = z.object({ shop: z.string().meta({ description: 'a *.myshopify.com domain' }) });

const webhook: RouteSpec = {
  method: 'post',
  path: '/webhooks/shopify',
  summary:
    'Shopify webhooks (HMAC-signed): orders/create, orders/cancelled, app/uninstalled and the compliance topics',
  headers: {
    'X-Shopify-Hmac-Sha256': 'base64 HMAC-SHA256 of the raw body with the app secret',
    'X-Shopify-Topic':
      'orders/create, orders/cancelled, app/uninstalled, customers/redact, shop/redact or customers/data_request (others are answered and ignored)',
    'X-Shopify-Shop-Domain': 'the *.myshopify.com domain',
    'X-Shopify-Webhook-Id': 'the delivery id (idempotency key)',
  },
  body: ShopifyOrderPayload,
  responses: {
    200: {
      description:
        'recorded, ignored, a duplicate of a recorded delivery, or (a shop that uninstalled) recorded and not processed',
    },
  },
  problems: [400, 401, 413],
};

const install: RouteSpec[] = [
  {
    method: 'get',
    path: '/shopify/install',
    summary: 'Start the Shopify OAuth install of a shop (redirects to Shopify)',
    query: ShopQuery,
    responses: { 302: { description: 'to the shop’s grant screen' } },
    problems: [400],
  },
  {
    method: 'get',
    path: CALLBACK_PATH,
    summary: 'Finish the install: store the shop’s token, subscribe its webhooks',
    // Shopify's redirect parameters; the OAuth library verifies them (shopify-oauth.ts).
    query: ShopQuery.extend({
      code: z.string(),
      hmac: z.string(),
      state: z.string(),
      timestamp: z.string(),
    }).loose(),
    responses: { 200: { description: 'the connected page', media: 'text/html' } },
    problems: [400, 401],
  },
];

const orders: RouteSpec[] = [
  {
    method: 'get',
    path: '/orders',
    admin: true,
    summary: 'List orders, newest first',
    query: ListQuery,
    responses: { 200: { description: 'a page of orders', schema: OrderList } },
    problems: [400],
  },
  {
    method: 'get',
    path: '/orders/stats',
    admin: true,
    summary: 'Counts by status and the latest order (one answer per 10 s)',
    responses: { 200: { description: '{ total, byStatus, latest }' } },
  },
  {
    method: 'get',
    path: '/orders/:id',
    admin: true,
    params: orderId,
    summary: 'One order with its timeline',
    responses: { 200: { description: 'the order', schema: OrderView } },
    problems: [404],
  },
  ...(['retry', 'cancel'] as const).map(
    (step): RouteSpec => ({
      method: 'post',
      path: `/orders/:id/${step}`,
      admin: true,
      params: orderId,
      summary:
        step === 'retry'
          ? 'Resume an order that needs attention'
          : 'Cancel an order (refused once the parcel is moving)',
      responses: { 200: { description: 'the order after the step', schema: OrderView } },
      problems: [404, 409],
    }),
  ),
];

const operator: RouteSpec[] = [
  {
    method: 'get',
    path: '/admin/compliance/:id',
    admin: true,
    params: { id: 'the X-Shopify-Webhook-Id of the compliance request' },
    summary:
      'A compliance request: a redaction with each service’s confirmation, or a data request with what the orders service holds on its orders',
    responses: {
      200: {
        description: '{ request: { topic, shop, orderIds, requestedAt, confirmed, completedAt }, orders? }',
      },
    },
    problems: [404],
  },
  {
    method: 'get',
    path: '/admin/shopify-deliveries',
    admin: true,
    summary: `Shopify deliveries abandoned after ${MAX_DELIVERY_ATTEMPTS} failed attempts, newest first`,
    query: LimitQuery,
    responses: { 200: { description: '{ items: [{ id, topic, shop, receivedAt, attempts, lastError }] }' } },
    problems: [400],
  },
  {
    method: 'post',
    path: '/admin/shopify-deliveries/:id/retry',
    admin: true,
    params: { id: 'X-Shopify-Webhook-Id' },
    summary: 'Process an abandoned delivery again now (its attempts start again)',
    responses: { 200: { description: '{ id, processed, attempts?, lastError? }' } },
    problems: [404, 409],
  },
  {
    method: 'get',
    path: '/admin/orders/overdue',
    admin: true,
    summary: 'Orders past their state’s deadline (the sweeper retries, then escalates them)',
    query: LimitQuery,
    responses: {
      200: {
        description: '{ items: [{ orderId, shop, name, status, deadlineAt, waitingFor, sweepAttempts }] }',
      },
    },
    problems: [400],
  },
  {
    method: 'get',
    path: '/admin/write-backs/refused',
    admin: true,
    summary: 'Storefront write-backs refused for good, most recently changed orders first',
    query: LimitQuery,
    responses: {
      200: { description: '{ items: [{ orderId, orderStatus, id, kind, status?, error, updatedAt }] }' },
    },
    problems: [400],
  },
];

/** OpenAPI 3.1 of the orders service, from the same zod schemas the routes use. */
export function openApiDocument() {
  return build({
    service: 'orders',
    description:
      'The order saga: Shopify webhooks in, order state and timeline out. Every /orders route needs an admin bearer JWT because orders hold personal data.',
    routes: [webhook, ...install, ...orders, ...operator, ...dlqRouteSpecs()],
  });
}

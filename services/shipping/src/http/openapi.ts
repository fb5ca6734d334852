import { dlqRouteSpecs, openApiDocument as build, type RouteSpec } from '@commerce-sync/service-kit';
import { z } from 'zod';

// What shipment-routes.ts and easypost-webhook.ts answer. A date is its JSON form (ISO 8601).
const at = z.string().nullable();
const items = (item: z.ZodObject) => z.object({ items: z.array(item) });
const WebhookAnswer = z.object({
  received: z.literal(true),
  ignored: z.string().optional().meta({ description: 'why the event was not applied' }),
  duplicate: z.boolean().optional(),
});
// The stored shipment less its plumbing (outbox, inbox, leases): open to new fields.
const Shipment = z
  .object({ orderId: z.string(), status: z.string(), trackingStatus: z.string().nullish() })
  .loose()
  .meta({ id: 'Shipment' });
const LabelRefund = z.object({
  orderId: z.string(),
  status: z.string(),
  easypostShipmentId: z.string().nullish(),
  refundStatus: z.string().nullish(),
  refundError: z.string(),
  updatedAt: at.optional(),
});
const GivenUpTracker = z.object({
  orderId: z.string(),
  trackerId: z.string().nullish(),
  gaveUpAt: at,
  failingSince: at,
  lastError: z.string().nullish(),
  shipmentStatus: z.string().nullable(),
  trackingStatus: z.string().nullable(),
});

const orderId = { orderId: '`<shop domain>:<storefront order id>`' };

const routes: RouteSpec[] = [
  {
    method: 'post',
    path: '/webhooks/easypost',
    summary: 'EasyPost tracker.updated events (HMAC-signed); other events are answered and ignored',
    headers: { 'X-Hmac-Signature': 'hmac-sha256-hex=… of the raw body with the webhook secret' },
    responses: { 200: { description: 'applied, ignored, or a duplicate', schema: WebhookAnswer } },
    problems: [400, 401, 413],
  },
  {
    method: 'get',
    path: '/shipments/:orderId',
    admin: true,
    params: orderId,
    summary: 'The shipment of an order and its tracking history',
    responses: { 200: { description: 'the shipment', schema: Shipment } },
    problems: [404],
  },
  {
    method: 'get',
    path: '/admin/label-refunds',
    admin: true,
    summary: 'Cancelled shipments whose bought label could not be refunded',
    responses: {
      200: { description: 'at most 100, most recently changed first', schema: items(LabelRefund) },
    },
  },
  {
    method: 'get',
    path: '/admin/trackers',
    admin: true,
    summary: 'Parcels the tracking poller gave up on',
    responses: { 200: { description: 'the given-up trackers', schema: items(GivenUpTracker) } },
  },
  {
    method: 'post',
    path: '/admin/trackers/:orderId/retry',
    admin: true,
    params: orderId,
    summary: 'Have the poller ask again at its next run',
    responses: {
      202: { description: 'queued', schema: z.object({ orderId: z.string(), retry: z.string() }) },
    },
    problems: [404],
  },
  ...dlqRouteSpecs(),
];

/** OpenAPI 3.1 of the shipping service. */
export function openApiDocument() {
  return build({
    service: 'shipping',
    description: 'Labels and tracking through EasyPost for the order saga.',
    routes,
  });
}

import { dlqRouteSpecs, openApiDocument as build, type RouteSpec } from '@commerce-sync/service-kit';

const orderId = { orderId: '`<shop domain>:<storefront order id>`' };

const routes: RouteSpec[] = [
  {
    method: 'post',
    path: '/webhooks/easypost',
    summary: 'EasyPost tracker.updated events (HMAC-signed); other events are answered and ignored',
    headers: { 'X-Hmac-Signature': 'hmac-sha256-hex=… of the raw body with the webhook secret' },
    responses: { 200: { description: '{ received, ignored? | duplicate? }' } },
    problems: [400, 401, 413],
  },
  {
    method: 'get',
    path: '/shipments/:orderId',
    admin: true,
    params: orderId,
    summary: 'The shipment of an order and its tracking history',
    responses: { 200: { description: 'the shipment' } },
    problems: [404],
  },
  {
    method: 'get',
    path: '/admin/label-refunds',
    admin: true,
    summary: 'Cancelled shipments whose bought label could not be refunded',
    responses: {
      200: {
        description:
          '{ items: [{ orderId, status, easypostShipmentId, refundStatus, refundError, updatedAt }] }',
      },
    },
  },
  {
    method: 'get',
    path: '/admin/trackers',
    admin: true,
    summary: 'Parcels the tracking poller gave up on',
    responses: {
      200: {
        description:
          '{ items: [{ orderId, trackerId, gaveUpAt, failingSince, lastError, shipmentStatus, trackingStatus }] }',
      },
    },
  },
  {
    method: 'post',
    path: '/admin/trackers/:orderId/retry',
    admin: true,
    params: orderId,
    summary: 'Have the poller ask again at its next run',
    responses: { 202: { description: '{ orderId, retry }' } },
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

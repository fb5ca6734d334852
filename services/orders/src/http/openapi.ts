import { z } from 'zod';
import { ShopifyOrderPayload } from '../domain/shopify-order.ts';
import { MAX_DELIVERY_ATTEMPTS } from '../handlers/process-delivery.ts';
import { LimitQuery } from './operator-routes.ts';
import { ListQuery } from './order-routes.ts';
import { OrderList, OrderView } from './order-view.ts';

const schema = (s: z.ZodType) =>
  z.toJSONSchema(s, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' });
const problem = {
  description: 'problem+json (RFC 9457)',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const json = (ref: string) => ({
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});
const admin = [{ adminJwt: [] }];
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: '`<shop>:<storefront order id>`',
};

const limitParam = { name: 'limit', in: 'query', schema: schema(LimitQuery).properties?.limit };

/** OpenAPI 3.1 of the orders service, from the same zod schemas the routes use. */
export function openApiDocument() {
  const listParams = Object.entries(schema(ListQuery).properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    schema: s,
  }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'commerce-sync orders',
      version: '1.0.0',
      description:
        'The order saga: Shopify webhooks in, order state and timeline out. Every /orders route needs an admin bearer JWT because orders hold personal data.',
    },
    components: {
      securitySchemes: { adminJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Order: schema(OrderView),
        OrderList: schema(OrderList),
        ShopifyOrderWebhook: z.toJSONSchema(ShopifyOrderPayload, { io: 'input', unrepresentable: 'any' }),
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            errors: { type: 'array' },
          },
        },
      },
    },
    paths: {
      '/webhooks/shopify': {
        post: {
          summary: 'Shopify orders/create and orders/cancelled webhooks (HMAC-signed)',
          parameters: [
            'X-Shopify-Hmac-Sha256',
            'X-Shopify-Topic',
            'X-Shopify-Shop-Domain',
            'X-Shopify-Webhook-Id',
          ].map((name) => ({ name, in: 'header', required: true, schema: { type: 'string' } })),
          requestBody: { required: true, ...json('ShopifyOrderWebhook') },
          responses: {
            200: { description: 'recorded (or a duplicate of a recorded delivery)' },
            400: problem,
            401: problem,
            413: problem,
          },
        },
      },
      '/orders': {
        get: {
          summary: 'List orders, newest first',
          security: admin,
          parameters: listParams,
          responses: { 200: json('OrderList'), 400: problem, 401: problem },
        },
      },
      '/orders/{id}': {
        get: {
          summary: 'One order with its timeline',
          security: admin,
          parameters: [idParam],
          responses: { 200: json('Order'), 401: problem, 404: problem },
        },
      },
      '/orders/{id}/retry': {
        post: {
          summary: 'Resume an order that needs attention',
          security: admin,
          parameters: [idParam],
          responses: { 200: json('Order'), 401: problem, 404: problem, 409: problem },
        },
      },
      '/orders/{id}/cancel': {
        post: {
          summary: 'Cancel an order (refused once the parcel is moving)',
          security: admin,
          parameters: [idParam],
          responses: { 200: json('Order'), 401: problem, 404: problem, 409: problem },
        },
      },
      '/admin/shopify-deliveries': {
        get: {
          summary: `Shopify deliveries abandoned after ${MAX_DELIVERY_ATTEMPTS} failed attempts, newest first`,
          security: admin,
          parameters: [limitParam],
          responses: {
            200: { description: '{ items: [{ id, topic, shop, receivedAt, attempts, lastError }] }' },
            400: problem,
            401: problem,
          },
        },
      },
      '/admin/shopify-deliveries/{id}/retry': {
        post: {
          summary: 'Process an abandoned delivery again now (its attempts start again)',
          security: admin,
          parameters: [{ ...idParam, description: 'X-Shopify-Webhook-Id' }],
          responses: {
            200: { description: '{ id, processed, attempts?, lastError? }' },
            401: problem,
            404: problem,
            409: problem,
          },
        },
      },
      '/admin/write-backs/refused': {
        get: {
          summary: 'Storefront write-backs refused for good, most recently changed orders first',
          security: admin,
          parameters: [limitParam],
          responses: {
            200: {
              description: '{ items: [{ orderId, orderStatus, id, kind, status?, error, updatedAt }] }',
            },
            400: problem,
            401: problem,
          },
        },
      },
    },
  };
}

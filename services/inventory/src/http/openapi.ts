import { dlqRouteSpecs, openApiDocument as build, type RouteSpec } from '@commerce-sync/service-kit';
import { z } from 'zod';

// stock-routes.ts checks `low` by hand; the same rule as a schema.
const StockQuery = z.object({ low: z.enum(['true', 'false']).optional() });

const routes: RouteSpec[] = [
  {
    method: 'get',
    path: '/stock',
    admin: true,
    summary: 'Stock levels from the local projection (`low=true`: only those running low)',
    query: StockQuery,
    responses: {
      200: {
        description: '{ levels: [{ sku, locationId, available, reserved, committed, onHand, updatedAt }] }',
      },
    },
    problems: [400],
  },
  {
    method: 'get',
    path: '/stock/:sku',
    admin: true,
    summary: 'One SKU’s stock level',
    responses: {
      200: { description: '{ sku, locationId, available, reserved, committed, onHand, updatedAt }' },
    },
    problems: [404],
  },
  ...dlqRouteSpecs(),
];

/** OpenAPI 3.1 of the inventory service. */
export function openApiDocument() {
  return build({
    service: 'inventory',
    description: 'Stock reservations for the order saga; a read-only stock projection for operators.',
    routes,
  });
}

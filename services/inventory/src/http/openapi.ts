import { dlqRouteSpecs, openApiDocument as build, type RouteSpec } from '@commerce-sync/service-kit';
import { StockLevels, StockLevelView, StockQuery } from './stock-routes.ts';

const routes: RouteSpec[] = [
  {
    method: 'get',
    path: '/stock',
    admin: true,
    summary: 'Stock levels from the local projection (`low=true`: only those running low)',
    query: StockQuery,
    responses: {
      200: { description: 'the levels, one per SKU and location', schema: StockLevels },
    },
    problems: [400],
  },
  {
    method: 'get',
    path: '/stock/:sku',
    admin: true,
    summary: 'One SKU’s stock level',
    responses: {
      200: { description: 'the level', schema: StockLevelView },
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

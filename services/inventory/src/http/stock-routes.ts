import { NotFound, ValidationFailed } from '@commerce-sync/errors';
import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { StockLevel } from '../adapters/stock-level-model.ts';
import type { StockProjection } from '../adapters/stock-projection.ts';

/** One SKU at one location as operators read it; also the OpenAPI schema. */
export const StockLevelView = z
  .object({
    sku: z.string(),
    locationId: z.string(),
    available: z.number().int(),
    reserved: z.number().int(),
    committed: z.number().int(),
    onHand: z.number().int(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'StockLevel' });
export const StockLevels = z.object({ levels: z.array(StockLevelView) }).meta({ id: 'StockLevels' });
export const StockQuery = z.object({ low: z.enum(['true', 'false']).optional() });

const view = (l: StockLevel): z.infer<typeof StockLevelView> => ({
  sku: l.sku,
  locationId: l.locationId,
  available: l.available,
  reserved: l.reserved,
  committed: l.committed,
  onHand: l.onHand,
  updatedAt: new Date(l.updatedAt).toISOString(),
});

/** `GET /stock/:sku`, `GET /stock?low=true` from the local projection (admin only). */
export function stockRoutes(
  router: Router,
  deps: { projection: StockProjection; requireAdmin: RequestHandler },
) {
  router.get('/stock', deps.requireAdmin, async (req, res) => {
    const query = StockQuery.safeParse(req.query);
    if (!query.success) {
      throw new ValidationFailed('low must be true or false', {
        fields: [{ field: 'low', message: 'true | false' }],
      });
    }
    const levels = query.data.low === 'true' ? await deps.projection.low() : await deps.projection.all();
    res.json({ levels: (levels as StockLevel[]).map(view) });
  });
  router.get('/stock/:sku', deps.requireAdmin, async (req, res) => {
    const level = (await deps.projection.get(String(req.params.sku))) as StockLevel | null;
    if (!level) throw new NotFound('no stock level for this SKU');
    res.json(view(level));
  });
}

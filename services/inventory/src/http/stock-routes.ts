import { NotFound, ValidationFailed } from '@commerce-sync/errors';
import type { RequestHandler, Router } from 'express';
import type { StockLevel } from '../adapters/stock-level-model.ts';
import type { StockProjection } from '../adapters/stock-projection.ts';

const view = (l: StockLevel) => ({
  sku: l.sku,
  locationId: l.locationId,
  available: l.available,
  reserved: l.reserved,
  committed: l.committed,
  onHand: l.onHand,
  updatedAt: l.updatedAt,
});

/** `GET /stock/:sku`, `GET /stock?low=true` from the local projection (admin only). */
export function stockRoutes(
  router: Router,
  deps: { projection: StockProjection; requireAdmin: RequestHandler },
) {
  router.get('/stock', deps.requireAdmin, async (req, res) => {
    const low = req.query.low;
    if (low !== undefined && low !== 'true' && low !== 'false') {
      throw new ValidationFailed('low must be true or false', {
        fields: [{ field: 'low', message: 'true | false' }],
      });
    }
    const levels = low === 'true' ? await deps.projection.low() : await deps.projection.all();
    res.json({ levels: (levels as StockLevel[]).map(view) });
  });
  router.get('/stock/:sku', deps.requireAdmin, async (req, res) => {
    const level = (await deps.projection.get(String(req.params.sku))) as StockLevel | null;
    if (!level) throw new NotFound('no stock level for this SKU');
    res.json(view(level));
  });
}

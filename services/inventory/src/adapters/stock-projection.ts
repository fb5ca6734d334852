import type { StandaloneOutbox } from '@commerce-sync/messaging';
import type { Model } from 'mongoose';
import type { Quantities } from './shopify-inventory.ts';
import { type StockLevel, stockLevelId } from './stock-level-model.ts';

export interface ProjectionDeps {
  model: Model<StockLevel>;
  outbox: StandaloneOutbox;
  locationId: string;
  threshold: number;
}

/**
 * Our local picture of Shopify's stock, fed by the sync job and by the quantities Shopify
 * returns after our own moves. Announces stock.low once per episode under the threshold.
 */
export function createStockProjection(deps: ProjectionDeps) {
  const { model, locationId, threshold } = deps;

  /**
   * Both writes are guarded by the episode the level was read in (`{ _id, lowEpisode }`, a
   * unique index): an episode goes unannounced → announced → closed (the next one begins), so
   * a writer holding an older reading matches nothing instead of closing a newer episode.
   */
  async function announceLow(doc: StockLevel): Promise<void> {
    if (doc.available >= threshold) {
      if (doc.lowAnnounced) {
        await model.updateOne(
          { _id: doc._id, lowEpisode: doc.lowEpisode },
          { $set: { lowAnnounced: false }, $inc: { lowEpisode: 1 } },
        );
      }
      return;
    }
    if (doc.lowAnnounced) return;
    // Keyed by episode: replicas (or a retry after a crash) racing here enqueue it once.
    await deps.outbox.enqueue(`stock.low:${doc._id}:${doc.lowEpisode}`, [
      {
        type: 'stock.low',
        payload: { sku: doc.sku, locationId, available: doc.available, threshold },
        correlationId: doc.sku,
      },
    ]);
    await model.updateOne({ _id: doc._id, lowEpisode: doc.lowEpisode }, { $set: { lowAnnounced: true } });
  }

  return {
    async record(
      sku: string,
      inventoryItemId: string,
      q: Partial<Quantities>,
      at = new Date(),
    ): Promise<void> {
      const set: Partial<StockLevel> = { sku, locationId, inventoryItemId, updatedAt: at };
      if (q.available !== undefined) set.available = q.available;
      if (q.reserved !== undefined) set.reserved = q.reserved;
      if (q.committed !== undefined) set.committed = q.committed;
      if (q.on_hand !== undefined) set.onHand = q.on_hand;
      const doc = await model
        .findOneAndUpdate(
          { _id: stockLevelId(sku, locationId) },
          { $set: set },
          { upsert: true, returnDocument: 'after' },
        )
        .lean();
      if (doc && typeof doc.available === 'number') await announceLow(doc as StockLevel);
    },
    get: (sku: string) => model.findById(stockLevelId(sku, locationId)).lean(),
    low: () =>
      model
        .find({ locationId, available: { $lt: threshold } })
        .sort({ available: 1, sku: 1 })
        .lean(),
    all: () => model.find({ locationId }).sort({ sku: 1 }).lean(),
  };
}

export type StockProjection = ReturnType<typeof createStockProjection>;

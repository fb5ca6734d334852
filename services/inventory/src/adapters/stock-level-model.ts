import { type Connection, Schema } from 'mongoose';

/** Our projection of Shopify's stock: one document per SKU and location. */
export interface StockLevel {
  _id: string;
  sku: string;
  locationId: string;
  inventoryItemId: string;
  available: number;
  reserved: number;
  committed: number;
  onHand: number;
  /** Counts low-stock episodes, so each stock.low has its own idempotency key. */
  lowEpisode: number;
  /** True once the current episode's stock.low is in the outbox. */
  lowAnnounced: boolean;
  updatedAt: Date;
}

const StockLevelSchema = new Schema<StockLevel>(
  {
    _id: { type: String, required: true },
    sku: { type: String, required: true },
    locationId: { type: String, required: true },
    inventoryItemId: { type: String, required: true },
    available: { type: Number, required: true },
    reserved: { type: Number, default: 0 },
    committed: { type: Number, default: 0 },
    onHand: { type: Number, default: 0 },
    lowEpisode: { type: Number, default: 0 },
    lowAnnounced: { type: Boolean, default: false },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// Serves the episode guard of the stock.low announcement (stock-projection.ts), written on
// every level change that crosses the threshold: the local store answers a filter from an
// index only when the filter's fields are exactly the index's.
StockLevelSchema.index({ _id: 1, lowEpisode: 1 }, { unique: true });
// The admin routes' reads (`GET /stock`, `?low=true`): served on MongoDB, a scan of the
// catalogue's levels on the local store.
StockLevelSchema.index({ sku: 1, locationId: 1 });
StockLevelSchema.index({ locationId: 1, available: 1 });

export const stockLevelId = (sku: string, locationId: string) => `${sku}|${locationId}`;

export function stockLevelModel(connection: Connection) {
  return (
    connection.models.StockLevel ??
    connection.model<StockLevel>('StockLevel', StockLevelSchema, 'stock_levels')
  );
}

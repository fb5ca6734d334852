import { type Connection, type Model, Schema } from 'mongoose';

/** A shop that installed the app through OAuth. */
export interface Shop {
  /** `<name>.myshopify.com`. */
  _id: string;
  /** Offline Admin API access token (plain text until encryption at rest lands, issue 21). */
  accessToken: string;
  /** Scopes the merchant granted, comma-separated as Shopify returns them. */
  scopes: string;
  installedAt: Date;
}

const ShopSchema = new Schema<Shop>(
  {
    _id: { type: String, required: true },
    accessToken: { type: String, required: true },
    scopes: { type: String, required: true },
    installedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'shops' },
);

/** The `shops` collection: one document per installed shop, keyed by its domain. */
export function createShopRegistry(connection: Connection) {
  const model: Model<Shop> = connection.models.Shop ?? connection.model<Shop>('Shop', ShopSchema);
  return {
    /** Records an install; a reinstall replaces the token and scopes. */
    async save(shop: Shop): Promise<void> {
      const { _id, ...rest } = shop;
      await model.updateOne({ _id }, { $set: rest }, { upsert: true });
    },
    async find(domain: string): Promise<Shop | undefined> {
      return (await model.findById(domain).lean<Shop>()) ?? undefined;
    },
  };
}
export type ShopRegistry = ReturnType<typeof createShopRegistry>;

import type { Envelope } from '@commerce-sync/privacy';
import { type Connection, type Model, Schema } from 'mongoose';

/** A shop that installed the app through OAuth, as the service sees it (tokens in clear). */
export interface Shop {
  /** `<name>.myshopify.com`. */
  _id: string;
  /** Offline Admin API access token; absent once the shop uninstalled. */
  accessToken?: string;
  /** Expiring offline tokens only: when the access token stops working. */
  accessTokenExpiresAt?: Date;
  refreshToken?: string;
  refreshTokenExpiresAt?: Date;
  /** Scopes the merchant granted, comma-separated as Shopify returns them. */
  scopes: string;
  installedAt: Date;
  uninstalledAt?: Date;
}

// The tokens are sealed (libs/privacy) in the stored document; nothing else in it is secret.
const SEALED = ['accessToken', 'refreshToken'] as const;
type Sealed = (typeof SEALED)[number];

const ShopSchema = new Schema<Shop>(
  {
    _id: { type: String, required: true },
    accessToken: String,
    accessTokenExpiresAt: Date,
    refreshToken: String,
    refreshTokenExpiresAt: Date,
    scopes: { type: String, required: true },
    installedAt: { type: Date, required: true },
    uninstalledAt: Date,
  },
  { versionKey: false, collection: 'shops' },
);

const context = (domain: string, field: Sealed) => `shops/${domain}/${field}`;

/** The `shops` collection: one document per installed shop, keyed by its domain. */
export function createShopRegistry(connection: Connection, envelope: Envelope) {
  const model: Model<Shop> = connection.models.Shop ?? connection.model<Shop>('Shop', ShopSchema);
  const open = (doc: Shop): Shop => {
    const out = { ...doc };
    for (const f of SEALED) if (doc[f]) out[f] = envelope.open(doc[f], context(doc._id, f));
    return out;
  };
  const sealTokens = (domain: string, tokens: Partial<Pick<Shop, Sealed>>) =>
    Object.fromEntries(
      SEALED.filter((f) => tokens[f]).map((f) => [f, envelope.seal(String(tokens[f]), context(domain, f))]),
    );

  return {
    model,
    /** Records an install; a reinstall replaces the tokens and scopes and clears an uninstall. */
    async save(shop: Shop): Promise<void> {
      const { _id, accessToken, refreshToken, ...rest } = shop;
      const sealed = sealTokens(_id, { accessToken, refreshToken });
      const unset = {
        uninstalledAt: 1,
        ...(refreshToken ? {} : { refreshToken: 1, refreshTokenExpiresAt: 1 }),
      };
      await model.updateOne({ _id }, { $set: { ...rest, ...sealed }, $unset: unset }, { upsert: true });
    },
    async find(domain: string): Promise<Shop | undefined> {
      const doc = await model.findById(domain).lean<Shop>();
      return doc ? open(doc) : undefined;
    },
    /** New tokens from a refresh, written only if the refresh token used is still the stored one. */
    async replaceTokens(
      domain: string,
      usedRefreshSealed: string,
      next: Pick<Shop, 'accessToken' | 'accessTokenExpiresAt' | 'refreshToken' | 'refreshTokenExpiresAt'>,
    ): Promise<boolean> {
      const { accessToken, refreshToken, ...dates } = next;
      const $set = { ...dates, ...sealTokens(domain, { accessToken, refreshToken }) };
      const r = await model.updateOne({ _id: domain, refreshToken: usedRefreshSealed }, { $set });
      return r.modifiedCount === 1;
    },
    /** The stored (sealed) refresh token, the guard of replaceTokens. */
    async sealedRefreshToken(domain: string): Promise<string | undefined> {
      return (await model.findById(domain, { refreshToken: 1 }).lean<Shop>())?.refreshToken;
    },
    /**
     * app/uninstalled: the tokens are deleted, the shop kept as uninstalled (until shop/redact).
     * A shop known only from the bootstrap tokens gets a record too, so its token stops being used.
     */
    async markUninstalled(domain: string, at: Date): Promise<void> {
      await model.updateOne(
        { _id: domain },
        {
          $set: { uninstalledAt: at },
          $setOnInsert: { scopes: '', installedAt: at },
          $unset: { accessToken: 1, accessTokenExpiresAt: 1, refreshToken: 1, refreshTokenExpiresAt: 1 },
        },
        { upsert: true },
      );
    },
    async uninstalled(domain: string): Promise<boolean> {
      return Boolean((await model.findById(domain, { uninstalledAt: 1 }).lean<Shop>())?.uninstalledAt);
    },
    /**
     * Rotation: every token wrapped by a key other than the active one is re-wrapped to it,
     * one guarded update per shop (a token replaced meanwhile is left to its new writer).
     * Returns how many shops were moved.
     */
    async rewrapAll(): Promise<number> {
      let moved = 0;
      for await (const doc of model.find({}, { accessToken: 1, refreshToken: 1 }).lean<Shop[]>().cursor()) {
        const stale = SEALED.filter((f) => doc[f] && envelope.needsRewrap(String(doc[f])));
        if (!stale.length) continue;
        const guard = Object.fromEntries(stale.map((f) => [f, doc[f]]));
        const $set = Object.fromEntries(stale.map((f) => [f, envelope.rewrap(String(doc[f]))]));
        const r = await model.updateOne({ _id: doc._id, ...guard }, { $set });
        moved += r.modifiedCount;
      }
      return moved;
    },
    /** shop/redact: nothing of the shop is kept. */
    async forget(domain: string): Promise<void> {
      await model.deleteOne({ _id: domain });
    },
  };
}
export type ShopRegistry = ReturnType<typeof createShopRegistry>;

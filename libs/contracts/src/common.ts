import { z } from 'zod';

/** Our order id: `<shop domain>:<storefront order id>`, stable across redeliveries. */
export const OrderId = z.string().min(3).max(300);

/** ISO 4217 code, upper case. */
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code');

/** Money in the currency's minor units (cents), never a float. */
export const MinorUnits = z.number().int().nonnegative();

export const Sku = z.string().min(1).max(255);

export const Address = z.object({
  name: z.string().max(255),
  company: z.string().max(255).optional(),
  street1: z.string().min(1).max(255),
  street2: z.string().max(255).optional(),
  city: z.string().min(1).max(255),
  province: z.string().max(255).optional(),
  zip: z.string().max(32),
  country: z.string().length(2),
  phone: z.string().max(64).optional(),
});
export type Address = z.infer<typeof Address>;

export const LineItem = z.object({
  sku: Sku,
  title: z.string().max(500),
  quantity: z.number().int().positive(),
  unitPriceMinor: MinorUnits,
  grams: z.number().int().nonnegative().default(0),
  variantId: z.string().optional(),
});
export type LineItem = z.infer<typeof LineItem>;

export const StockLine = z.object({ sku: Sku, quantity: z.number().int().positive() });
export type StockLine = z.infer<typeof StockLine>;

export const Customer = z.object({
  email: z.email(),
  name: z.string().max(255).optional(),
  /** BCP 47 tag from the storefront (e.g. `fr`, `en-GB`); emails fall back to English. */
  locale: z.string().max(35).optional(),
});
export type Customer = z.infer<typeof Customer>;

export const Timestamp = z.iso.datetime({ offset: true });

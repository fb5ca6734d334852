import { toMinorUnits } from '@commerce-sync/contracts';
import { z } from 'zod';
import { initialFacts, type Order } from './order.ts';

const Money = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal amount like "19.99"');
const Id = z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(String);
const Text = (max = 255) => z.string().max(max);

const ShopifyAddress = z.object({
  first_name: Text().nullish(),
  last_name: Text().nullish(),
  name: Text().nullish(),
  company: Text().nullish(),
  address1: Text().min(1),
  address2: Text().nullish(),
  city: Text().min(1),
  province_code: Text(32).nullish(),
  zip: Text(32).nullish(),
  country_code: z.string().length(2),
  phone: Text(64).nullish(),
});

/**
 * The part of Shopify's REST order (orders/create, orders/cancelled webhook body) the saga
 * needs; unknown fields pass (Shopify adds fields without notice).
 */
export const ShopifyOrderPayload = z
  .object({
    id: Id,
    name: Text().optional(),
    email: z.email().nullish(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    total_price: Money,
    subtotal_price: Money.optional(),
    total_tax: Money.optional(),
    created_at: z.string().optional(),
    cancelled_at: z.string().nullish(),
    customer_locale: Text(35).nullish(),
    customer: z
      .object({ email: z.email().nullish(), first_name: Text().nullish(), last_name: Text().nullish() })
      .nullish(),
    line_items: z
      .array(
        z.object({
          sku: Text().min(1),
          title: Text(500),
          quantity: z.number().int().positive().max(100_000),
          price: Money,
          grams: z.number().int().nonnegative().default(0),
          variant_id: z.union([z.number(), z.string()]).nullish(),
        }),
      )
      .min(1)
      .max(500),
    shipping_address: ShopifyAddress,
    note_attributes: z
      .array(z.object({ name: Text(), value: z.string().max(1000).nullish() }))
      .max(100)
      .default([]),
  })
  // The customer is told about every step by email: an order without one cannot be served.
  .refine((p) => p.email || p.customer?.email, {
    path: ['email'],
    message: 'the order has no customer email',
  })
  .refine((p) => moneyFits(p), { path: ['total_price'], message: 'more decimals than the currency allows' });

function moneyFits(p: { currency: string; total_price: string; line_items: { price: string }[] }): boolean {
  try {
    for (const m of [p.total_price, ...p.line_items.map((l) => l.price)]) toMinorUnits(m, p.currency);
    return true;
  } catch {
    return false;
  }
}
export type ShopifyOrderPayload = z.output<typeof ShopifyOrderPayload>;

function note(p: ShopifyOrderPayload, name: string): string | undefined {
  return p.note_attributes.find((a) => a.name === name)?.value ?? undefined;
}

/** A new order (status received) from a storefront payload; throws RangeError on unrepresentable money. */
export function orderFromShopify(shop: string, p: ShopifyOrderPayload, now: Date): Order {
  const a = p.shipping_address;
  const email = p.email ?? p.customer?.email;
  const fullName = a.name ?? [a.first_name, a.last_name].filter(Boolean).join(' ');
  const customerName = [p.customer?.first_name, p.customer?.last_name].filter(Boolean).join(' ') || fullName;
  const opt = <K extends string, V>(k: K, v: V | null | undefined) =>
    (v ? { [k]: v } : {}) as { [P in K]?: V };
  return {
    _id: `${shop}:${p.id}`,
    shop,
    sourceId: p.id,
    ...opt('sourceName', p.name),
    status: 'received',
    customer: { email: email ?? '', ...opt('name', customerName), ...opt('locale', p.customer_locale) },
    currency: p.currency,
    totalMinor: toMinorUnits(p.total_price, p.currency),
    ...opt('subtotalMinor', p.subtotal_price ? toMinorUnits(p.subtotal_price, p.currency) : undefined),
    ...opt('taxMinor', p.total_tax ? toMinorUnits(p.total_tax, p.currency) : undefined),
    lines: p.line_items.map((l) => ({
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPriceMinor: toMinorUnits(l.price, p.currency),
      grams: l.grams,
      ...opt('variantId', l.variant_id == null ? undefined : String(l.variant_id)),
    })),
    shippingAddress: {
      name: fullName,
      street1: a.address1,
      city: a.city,
      zip: a.zip ?? '',
      country: a.country_code.toUpperCase(),
      ...opt('company', a.company),
      ...opt('street2', a.address2),
      ...opt('province', a.province_code),
      ...opt('phone', a.phone),
    },
    ...opt('paymentMethod', note(p, 'stripe_payment_method')),
    ...opt('stripeCustomer', note(p, 'stripe_customer')),
    placedAt:
      p.created_at && !Number.isNaN(Date.parse(p.created_at))
        ? new Date(p.created_at).toISOString()
        : now.toISOString(),
    facts: initialFacts(),
    pending: [],
    sweepAttempts: 0,
    writeBacks: [],
    timeline: [],
  };
}

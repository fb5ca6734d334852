import { fromMinorUnits, toMinorUnits } from '@commerce-sync/contracts';
import type { CatalogEntry } from '../catalog.ts';

export interface OrderAddress {
  first_name: string;
  last_name: string;
  address1: string;
  address2?: string | null;
  city: string;
  province?: string | null;
  province_code?: string | null;
  zip: string;
  country: string;
  country_code: string;
  phone?: string | null;
  company?: string | null;
}

/** What a caller (control plane, generator) decides about a new order. */
export interface OrderInput {
  lines: { sku: string; quantity: number }[];
  email: string;
  firstName: string;
  lastName: string;
  address: OrderAddress;
  /** Stripe PaymentMethod carried in note_attributes; omit to get an order without one. */
  paymentMethod?: string | null;
  stripeCustomer?: string;
  locale?: string;
  currency?: string;
}

export interface Identity {
  id: number;
  number: number;
  lineItemIds: number[];
  customerId: number;
  now: Date;
}

/** Flat 8% sales tax and a flat shipping line: realistic enough money fields without a tax engine. */
const TAX_RATE = 0.08;
const SHIPPING = '5.00';

/**
 * The REST order resource as Shopify sends it in orders/create and orders/cancelled
 * webhooks (https://shopify.dev/docs/api/admin-rest/latest/resources/order): money as
 * decimal strings, ids as integers, the GraphQL gid beside them.
 */
export function buildOrderPayload(input: OrderInput, bySku: Map<string, CatalogEntry>, ids: Identity) {
  const currency = input.currency ?? 'USD';
  const lines = input.lines.map((l, i) => {
    const v = bySku.get(l.sku);
    if (!v) throw new RangeError(`unknown sku ${l.sku}`);
    const variantId = Number(v.id.split('/').pop());
    const lineId = ids.lineItemIds[i] ?? ids.id * 10 + i;
    return {
      id: lineId,
      admin_graphql_api_id: `gid://shopify/LineItem/${lineId}`,
      variant_id: variantId,
      product_id: Number(v.productId.split('/').pop()),
      sku: v.sku,
      title: v.productTitle,
      variant_title: v.title,
      name: `${v.productTitle} - ${v.title}`,
      quantity: l.quantity,
      fulfillable_quantity: l.quantity,
      price: v.price,
      grams: v.grams,
      requires_shipping: true,
      taxable: true,
      gift_card: false,
      fulfillment_service: 'manual',
      fulfillment_status: null,
      total_discount: '0.00',
      vendor: 'Commerce Sync Demo',
      tax_lines: [],
    };
  });
  const subtotal = lines.reduce((s, l) => s + toMinorUnits(l.price, currency) * l.quantity, 0);
  const tax = Math.round(subtotal * TAX_RATE);
  const total = subtotal + tax + toMinorUnits(SHIPPING, currency);
  const at = ids.now.toISOString();
  const money = (m: number) => fromMinorUnits(m, currency);
  const name = `${input.address.first_name} ${input.address.last_name}`;
  const noteAttributes = [
    ...(input.paymentMethod ? [{ name: 'stripe_payment_method', value: input.paymentMethod }] : []),
    ...(input.stripeCustomer ? [{ name: 'stripe_customer', value: input.stripeCustomer }] : []),
  ];
  return {
    id: ids.id,
    admin_graphql_api_id: `gid://shopify/Order/${ids.id}`,
    name: `#${ids.number}`,
    number: ids.number - 1000,
    order_number: ids.number,
    email: input.email,
    contact_email: input.email,
    phone: null,
    created_at: at,
    updated_at: at,
    processed_at: at,
    cancelled_at: null as string | null,
    cancel_reason: null as string | null,
    closed_at: null,
    confirmed: true,
    test: false,
    currency,
    presentment_currency: currency,
    customer_locale: input.locale ?? 'en',
    financial_status: 'pending',
    fulfillment_status: null,
    source_name: 'web',
    taxes_included: false,
    subtotal_price: money(subtotal),
    total_line_items_price: money(subtotal),
    total_tax: money(tax),
    total_discounts: '0.00',
    total_price: money(total),
    current_subtotal_price: money(subtotal),
    current_total_tax: money(tax),
    current_total_price: money(total),
    total_weight: lines.reduce((s, l) => s + l.grams * l.quantity, 0),
    note: null,
    note_attributes: noteAttributes,
    tags: '',
    customer: {
      id: ids.customerId,
      admin_graphql_api_id: `gid://shopify/Customer/${ids.customerId}`,
      email: input.email,
      first_name: input.firstName,
      last_name: input.lastName,
      state: 'enabled',
      currency,
    },
    billing_address: { ...input.address, name },
    shipping_address: { ...input.address, name },
    line_items: lines,
    shipping_lines: [
      { id: ids.id + 1, code: 'Standard', title: 'Standard', price: SHIPPING, source: 'shopify' },
    ],
  };
}

export type OrderPayload = ReturnType<typeof buildOrderPayload>;

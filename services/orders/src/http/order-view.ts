import { fromMinorUnits, ORDER_STATUSES } from '@commerce-sync/contracts';
import { z } from 'zod';
import type { OrderDocument } from '../adapters/order-model.ts';

const Money = z.object({ minor: z.number().int(), amount: z.string() });

/** The order as operators read it (GET /orders/:id); also the OpenAPI schema. */
export const OrderView = z
  .object({
    id: z.string().meta({ description: '`<shop domain>:<storefront order id>`' }),
    shop: z.string(),
    source_id: z.string(),
    source_name: z.string().optional(),
    status: z.enum(ORDER_STATUSES),
    reason: z
      .string()
      .optional()
      .meta({ description: 'why the order is cancelled, needs attention or has a delivery exception' }),
    currency: z.string(),
    amounts: z.object({ total: Money, subtotal: Money.optional(), tax: Money.optional() }),
    customer: z.object({ email: z.string(), name: z.string().optional(), locale: z.string().optional() }),
    shipping_address: z.record(z.string(), z.unknown()),
    line_items: z.array(
      z.object({
        sku: z.string(),
        title: z.string(),
        quantity: z.number().int(),
        unit_price: Money,
        grams: z.number().int(),
      }),
    ),
    payment: z.object({ method: z.string().optional(), intent_id: z.string().optional(), state: z.string() }),
    stock: z.string(),
    shipment: z
      .object({
        carrier: z.string(),
        service: z.string().optional(),
        tracking_code: z.string(),
        tracking_url: z.string().optional(),
        label_url: z.string().optional(),
        fulfillment_id: z.string().optional(),
      })
      .optional(),
    waiting_for: z.array(z.object({ command: z.string(), sent_at: z.string() })),
    deadline_at: z.string().nullable(),
    write_backs: z.array(z.object({ id: z.string(), done: z.boolean(), error: z.string().optional() })),
    timeline: z.array(
      z.object({
        at: z.string(),
        from: z.string(),
        to: z.string(),
        event: z.string(),
        cause: z.string(),
        trace_id: z.string().optional(),
        note: z.string().optional(),
      }),
    ),
    placed_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Order' });
export type OrderView = z.infer<typeof OrderView>;

export const OrderList = z
  .object({ items: z.array(OrderView), next_cursor: z.string().nullable() })
  .meta({ id: 'OrderList' });

export function toOrderView(o: OrderDocument): OrderView {
  const money = (minor: number) => ({ minor, amount: fromMinorUnits(minor, o.currency) });
  const opt = <V>(k: string, v: V | undefined | null) => (v === undefined || v === null ? {} : { [k]: v });
  const s = o.shipment;
  return {
    id: o._id,
    shop: o.shop,
    source_id: o.sourceId,
    ...opt('source_name', o.sourceName),
    status: o.status,
    ...opt('reason', o.reason),
    currency: o.currency,
    amounts: {
      total: money(o.totalMinor),
      ...(o.subtotalMinor !== undefined ? { subtotal: money(o.subtotalMinor) } : {}),
      ...(o.taxMinor !== undefined ? { tax: money(o.taxMinor) } : {}),
    },
    customer: o.customer,
    shipping_address: o.shippingAddress,
    line_items: o.lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unit_price: money(l.unitPriceMinor),
      grams: l.grams,
    })),
    payment: {
      ...opt('method', o.paymentMethod),
      ...opt('intent_id', o.paymentIntentId),
      state: o.facts.payment,
    },
    stock: o.facts.stock,
    ...(s
      ? {
          shipment: {
            carrier: s.carrier,
            tracking_code: s.trackingCode,
            ...opt('service', s.service),
            ...opt('tracking_url', s.trackingUrl),
            ...opt('label_url', s.labelUrl),
            ...opt('fulfillment_id', o.fulfillmentId),
          },
        }
      : {}),
    waiting_for: o.pending.map((p) => ({ command: p.type, sent_at: p.sentAt })),
    deadline_at: o.deadlineAt ?? null,
    write_backs: o.writeBacks.map((w) => ({
      id: w.id,
      done: w.done,
      ...opt('error', (w as { error?: string }).error),
    })),
    timeline: o.timeline.map((t) => ({
      at: t.at,
      from: t.from,
      to: t.to,
      event: t.event,
      cause: t.cause,
      ...opt('trace_id', t.traceId),
      ...opt('note', t.note),
    })),
    placed_at: o.placedAt,
    updated_at: new Date(o.updatedAt).toISOString(),
  } as OrderView;
}

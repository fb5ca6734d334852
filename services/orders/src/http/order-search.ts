import { ORDER_STATUSES } from '@commerce-sync/contracts';
import { ValidationFailed } from '@commerce-sync/errors';
import { z } from 'zod';
import type { OrderDocument } from '../adapters/order-model.ts';

/** The widest received-at window one search may ask for: a range read stays bounded. */
export const MAX_RANGE_DAYS = 31;
const DAY_MS = 86_400_000;

export const ListQuery = z.object({
  shop: z.string().max(255).optional(),
  source_id: z.string().max(64).optional(),
  name: z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'the storefront order name, e.g. `#1307` (exact)' }),
  status: z.enum(ORDER_STATUSES).optional(),
  received_from: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: `received at or after (ISO 8601); a window spans at most ${MAX_RANGE_DAYS} days` }),
  received_to: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'received before (ISO 8601); alone, the window is the days before it' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
export type ListQuery = z.output<typeof ListQuery>;

/** Newest first; the cursor names the last order seen (createdAt + id break ties). */
const Cursor = z.object({ c: z.iso.datetime(), i: z.string() });
export const encodeCursor = (o: Pick<OrderDocument, '_id' | 'createdAt'>) =>
  Buffer.from(JSON.stringify({ c: new Date(o.createdAt).toISOString(), i: o._id })).toString('base64url');

function decodeCursor(cursor: string) {
  let raw: unknown = null;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {}
  const parsed = Cursor.safeParse(raw);
  if (!parsed.success) throw invalid('cursor', 'not a cursor from this API');
  return parsed.data;
}

const invalid = (field: string, message: string) =>
  new ValidationFailed('invalid query', { fields: [{ field, message }] });

/**
 * The store filter of a search. A source id with its shop is the order's `_id`
 * (`<shop>:<source id>`), the one lookup every store serves from an index; a name is an
 * equality on (sourceName, shop), indexed in MongoDB. A date window is always closed on
 * both sides and at most MAX_RANGE_DAYS wide, so a range read never walks the whole history.
 */
export function searchFilter(q: ListQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (q.shop && q.source_id) filter._id = `${q.shop}:${q.source_id}`;
  else {
    if (q.shop) filter.shop = q.shop;
    if (q.source_id) filter.sourceId = q.source_id;
  }
  if (q.name) filter.sourceName = q.name;
  if (q.status) filter.status = q.status;
  const window = receivedWindow(q);
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  if (window) filter.createdAt = { $gte: window.from, $lt: window.to };
  if (after) {
    const c = new Date(after.c);
    // The window (when any) still applies to both branches through the top-level createdAt.
    filter.$or = [{ createdAt: { $lt: c } }, { createdAt: c, _id: { $lt: after.i } }];
  }
  return filter;
}

function receivedWindow(q: ListQuery): { from: Date; to: Date } | undefined {
  if (!q.received_from && !q.received_to) return undefined;
  const span = MAX_RANGE_DAYS * DAY_MS;
  const from = q.received_from ? new Date(q.received_from) : new Date(Date.parse(q.received_to ?? '') - span);
  const to = q.received_to ? new Date(q.received_to) : new Date(from.getTime() + span);
  if (to <= from) throw invalid('received_to', 'must be after received_from');
  if (to.getTime() - from.getTime() > span)
    throw invalid('received_to', `a window spans at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

import { Conflict, NotFound, ValidationFailed } from '@commerce-sync/errors';
import type { RequestHandler, Router } from 'express';
import type { Model } from 'mongoose';
import type { z } from 'zod';
import type { OrderDocument } from '../adapters/order-model.ts';
import type { SagaEvent } from '../domain/saga-event.ts';
import { applySagaEvent, type SagaDeps } from '../handlers/apply-saga-event.ts';
import { encodeCursor, ListQuery, searchFilter } from './order-search.ts';
import { toOrderView } from './order-view.ts';

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new ValidationFailed('invalid query', {
    fields: r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
  });
}

/**
 * Operator API. Every route sits behind admin auth: an order holds personal data (name,
 * email, address), so reading it is an operator action too. Customers use the tracking page.
 */
export function orderRoutes(
  r: Router,
  deps: { model: Model<OrderDocument>; saga: SagaDeps; requireAdmin: RequestHandler },
) {
  const { model, requireAdmin } = deps;
  const find = async (id: string) => {
    const o = (await model.findById(id).lean()) as OrderDocument | null;
    if (!o) throw new NotFound(`order ${id} not found`);
    return o;
  };

  // Registered before /orders/:id so "stats" is not read as an order id.
  const stats = cachedStats(model);
  r.get('/orders/stats', requireAdmin, async (_req, res) => {
    res.json(await stats());
  });

  r.get('/orders/:id', requireAdmin, async (req, res) => {
    res.json(toOrderView(await find(String(req.params.id))));
  });

  r.get('/orders', requireAdmin, async (req, res) => {
    const q = parseOrThrow(ListQuery, req.query);
    const docs = (await model
      .find(searchFilter(q))
      .sort({ createdAt: -1, _id: -1 })
      .limit(q.limit + 1)
      .lean()) as OrderDocument[];
    const page = docs.slice(0, q.limit);
    const last = page.at(-1);
    res.json({
      items: page.map(toOrderView),
      next_cursor: docs.length > q.limit && last ? encodeCursor(last) : null,
    });
  });

  const operatorStep =
    (event: SagaEvent): RequestHandler =>
    async (req, res) => {
      const id = String(req.params.id);
      await find(id);
      const who = String(req.admin?.sub ?? 'operator');
      const cause = `operator:${who}:${req.id ?? Date.now()}`;
      const { decision } = await applySagaEvent(deps.saga, id, event, { cause, key: cause });
      if (decision?.outcome === 'refused') throw new Conflict(`cannot ${event.type}: ${decision.reason}`);
      res.json(toOrderView(await find(id)));
    };
  r.post('/orders/:id/retry', requireAdmin, operatorStep({ type: 'retry.requested' }));
  r.post('/orders/:id/cancel', requireAdmin, operatorStep({ type: 'cancel.requested', by: 'operator' }));
}

/** How long an answer of GET /orders/stats is reused (operators, dashboards, the benchmark poll it). */
const STATS_TTL_MS = 10_000;

/**
 * Counts by status. It reads `_id`, status and creation time of every order (a whole
 * collection read on any store: no index answers a count of everything): pollers share one
 * answer per TTL, so it runs at most once per 10 s whoever asks.
 */
function cachedStats(model: Model<OrderDocument>) {
  let cached: { at: number; value: Promise<object> } | undefined;
  let inFlight: Promise<object> | undefined;
  async function compute() {
    // One pass, counted here: the counts and the latest order come from the same read.
    const rows = (await model.find({}, { _id: 1, status: 1, createdAt: 1 }).lean()) as Pick<
      OrderDocument,
      '_id' | 'status' | 'createdAt'
    >[];
    const byStatus: Record<string, number> = {};
    let latest: (typeof rows)[number] | undefined;
    for (const o of rows) {
      byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
      const newer = !latest || o.createdAt > latest.createdAt;
      if (newer || (o.createdAt.getTime() === latest?.createdAt.getTime() && o._id > latest._id)) latest = o;
    }
    return {
      total: rows.length,
      byStatus,
      latest: latest ? { id: latest._id, status: latest.status } : null,
    };
  }
  // One read at a time: while it runs (slow under load), callers share it.
  return (): Promise<object> => {
    if (cached && Date.now() - cached.at <= STATS_TTL_MS) return cached.value;
    if (inFlight) return inFlight;
    const value = compute();
    inFlight = value;
    value.then(
      () => {
        cached = { at: Date.now(), value };
      },
      () => {},
    );
    value
      .finally(() => {
        inFlight = undefined;
      })
      .catch(() => {});
    return value;
  };
}

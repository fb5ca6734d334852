import { SERVICES, type Payload, type ServiceName } from '@commerce-sync/contracts';
import { ValidationFailed } from '@commerce-sync/errors';
import type { StandaloneOutbox } from '@commerce-sync/messaging';
import { type Connection, type Model, Schema } from 'mongoose';
import { z } from 'zod';
import type { ShopRegistry } from './shop-registry.ts';

/**
 * The topics a public app must answer besides its orders: app/uninstalled and the three
 * mandatory compliance webhooks (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance).
 */
export const COMPLIANCE_TOPICS = [
  'app/uninstalled',
  'customers/redact',
  'shop/redact',
  'customers/data_request',
] as const;
export type ComplianceTopic = (typeof COMPLIANCE_TOPICS)[number];
export const isComplianceTopic = (t: string): t is ComplianceTopic =>
  (COMPLIANCE_TOPICS as readonly string[]).includes(t);

const SourceId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);
const Customer = z
  .object({ id: z.union([z.number(), z.string()]).nullish(), email: z.string().max(320).nullish() })
  .nullish();
const CustomersRedact = z.object({
  customer: Customer,
  orders_to_redact: z.array(SourceId).max(10_000).default([]),
});
const DataRequest = z.object({
  customer: Customer,
  orders_requested: z.array(SourceId).max(10_000).default([]),
  data_request: z.object({ id: z.union([z.number(), z.string()]) }).nullish(),
});

/** A compliance request as the orders service keeps it: ids only, no personal value. */
export interface ComplianceRequest {
  /** The webhook id: Shopify's retries of one request land on the same record. */
  _id: string;
  topic: Exclude<ComplianceTopic, 'app/uninstalled'>;
  shop: string;
  orderIds: string[];
  requestedAt: Date;
  /** Redactions: each service's confirmation (`customer.redacted`). */
  confirmed?: Partial<Record<ServiceName, { at: Date; documents: number }>>;
  /** Every service confirmed (redaction), or the export was first read (data request). */
  completedAt?: Date;
  /** The request was sent again to the services that had not confirmed. */
  resentAt?: Date;
  resends?: number;
}

const RequestSchema = new Schema<ComplianceRequest>(
  {
    _id: { type: String, required: true },
    topic: { type: String, required: true },
    shop: { type: String, required: true },
    orderIds: { type: [String], default: [] },
    requestedAt: { type: Date, required: true },
    confirmed: { type: Schema.Types.Mixed, default: {} },
    completedAt: Date,
    resentAt: Date,
    resends: Number,
  },
  { versionKey: false, collection: 'compliance_requests' },
);

export const COMPLIANCE_COLLECTION = 'compliance_requests';

export interface ComplianceDeps {
  connection: Connection;
  registry: Pick<ShopRegistry, 'markUninstalled' | 'uninstalled' | 'forget'>;
  outbox: StandaloneOutbox;
  logger: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
  /** The shop uninstalled: drop what this process cached about it (its token). */
  onUninstalled?: (shop: string) => void;
  /** A redaction not confirmed by every service after this long is sent again. */
  resendAfterMs?: number;
  /** How long a process trusts what it read about a shop being installed. */
  gateTtlMs?: number;
}

/**
 * app/uninstalled and the compliance webhooks. An uninstalled shop's new orders are recorded
 * and not processed; a redaction (customers/redact, shop/redact) is recorded with the ids of
 * its orders and travels as `customer.redaction_requested` through the outbox to every
 * service, each of which confirms with `customer.redacted`; a data request is recorded and
 * answered by the operator's export (GET /admin/compliance/:id).
 */
export function createCompliance(deps: ComplianceDeps) {
  const { connection, registry, outbox, logger } = deps;
  const requests: Model<ComplianceRequest> =
    connection.models.ComplianceRequest ??
    connection.model<ComplianceRequest>('ComplianceRequest', RequestSchema);
  const orders = () => connection.collection('orders');
  const gate = new Map<string, { open: boolean; until: number }>();
  const ttl = deps.gateTtlMs ?? 5_000;

  const parse = <T>(schema: z.ZodType<T>, body: unknown, topic: string): T => {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new ValidationFailed(`the ${topic} payload does not match Shopify's`, {
      fields: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
    });
  };

  /** The orders of a request: the ones Shopify names, and the shop's orders sent to the customer's email. */
  async function ordersOf(shop: string, sourceIds: string[], email?: string | null): Promise<string[]> {
    const ids = new Set(sourceIds.map((s) => `${shop}:${s}`));
    if (email) {
      const found = orders().find({ shop, 'customer.email': String(email) }, { projection: { _id: 1 } });
      for await (const o of found) ids.add(String(o._id));
    }
    const named = await orders()
      .find({ _id: { $in: [...ids] } } as never, { projection: { _id: 1 } })
      .toArray();
    const known = new Set(named.map((o) => String(o._id)));
    return [...ids].filter((id) => known.has(id));
  }

  async function allOrdersOf(shop: string): Promise<string[]> {
    const all = await orders()
      .find({ shop }, { projection: { _id: 1 } })
      .toArray();
    return all.map((o) => String(o._id));
  }

  const message = (r: ComplianceRequest): Payload<'customer.redaction_requested'> => ({
    requestId: r._id,
    shop: r.shop,
    scope: r.topic === 'shop/redact' ? 'shop' : 'customer',
    orderIds: r.orderIds,
    requestedAt: r.requestedAt.toISOString(),
  });

  async function record(r: ComplianceRequest): Promise<{ duplicate: boolean }> {
    const inserted = await requests.collection
      .insertOne(r as never)
      .then(() => true)
      .catch((err: { code?: number }) => {
        if (err.code === 11000) return false;
        throw err;
      });
    if (r.topic !== 'customers/data_request') {
      const stored = inserted ? r : ((await requests.findById(r._id).lean<ComplianceRequest>()) ?? r);
      // Keyed by the request: a retry of the webhook after a crash between the two writes
      // enqueues it then, a retry after both is a no-op.
      await outbox.enqueue(`compliance:${r._id}`, [
        { type: 'customer.redaction_requested', payload: message(stored), correlationId: r._id },
      ]);
    }
    return { duplicate: !inserted };
  }

  return {
    requests,
    /** False while the shop is uninstalled (cached for `gateTtlMs`). */
    async accepting(shop: string): Promise<boolean> {
      const now = Date.now();
      const cached = gate.get(shop);
      if (cached && cached.until > now) return cached.open;
      const open = !(await registry.uninstalled(shop));
      gate.set(shop, { open, until: now + ttl });
      return open;
    },

    /** One compliance delivery (already verified): what the webhook answers. */
    async receive(topic: ComplianceTopic, shop: string, webhookId: string, body: unknown) {
      const requestedAt = new Date();
      switch (topic) {
        case 'app/uninstalled': {
          await registry.markUninstalled(shop, requestedAt);
          gate.set(shop, { open: false, until: Date.now() + ttl });
          deps.onUninstalled?.(shop);
          logger.info({ shop }, 'shop uninstalled: its tokens are deleted and its new orders not processed');
          return { received: true, uninstalled: true };
        }
        case 'customers/redact': {
          const p = parse(CustomersRedact, body, topic);
          const orderIds = await ordersOf(shop, p.orders_to_redact, p.customer?.email);
          const r = await record({ _id: webhookId, topic, shop, orderIds, requestedAt });
          logger.info(
            { shop, requestId: webhookId, orders: orderIds.length },
            'customer redaction requested',
          );
          return { received: true, requestId: webhookId, orders: orderIds.length, ...r };
        }
        case 'shop/redact': {
          const orderIds = await allOrdersOf(shop);
          const r = await record({ _id: webhookId, topic, shop, orderIds, requestedAt });
          await registry.forget(shop);
          logger.info({ shop, requestId: webhookId, orders: orderIds.length }, 'shop redaction requested');
          return { received: true, requestId: webhookId, orders: orderIds.length, ...r };
        }
        case 'customers/data_request': {
          const p = parse(DataRequest, body, topic);
          const orderIds = await ordersOf(shop, p.orders_requested, p.customer?.email);
          const r = await record({ _id: webhookId, topic, shop, orderIds, requestedAt });
          logger.info({ shop, requestId: webhookId, orders: orderIds.length }, 'customer data requested');
          return { received: true, requestId: webhookId, orders: orderIds.length, ...r };
        }
      }
    },

    /** `customer.redacted`: one service is done; the request is complete when all are. */
    async confirm(p: Payload<'customer.redacted'>): Promise<void> {
      const at = new Date(p.redactedAt);
      await requests.updateOne(
        { _id: p.requestId },
        { $set: { [`confirmed.${p.service}`]: { at, documents: p.documents } } },
      );
      const all = Object.fromEntries(SERVICES.map((s) => [`confirmed.${s}`, { $exists: true }]));
      const done = await requests.updateOne(
        { _id: p.requestId, completedAt: { $exists: false }, ...all },
        { $set: { completedAt: at } },
      );
      if (done.modifiedCount) logger.info({ requestId: p.requestId }, 'redaction confirmed by every service');
    },

    /**
     * The sweeper's part: a redaction some service has not confirmed after `resendAfterMs` is
     * sent again (each service's redaction is idempotent). Returns how many were resent.
     */
    async resendStalled(now = new Date()): Promise<number> {
      const before = new Date(now.getTime() - (deps.resendAfterMs ?? 10 * 60_000));
      const stalled = await requests
        .find({
          topic: { $in: ['customers/redact', 'shop/redact'] },
          completedAt: { $exists: false },
          requestedAt: { $lt: before },
          $or: [{ resentAt: { $exists: false } }, { resentAt: { $lt: before } }],
        })
        .lean<ComplianceRequest[]>();
      for (const r of stalled) {
        const n = (r.resends ?? 0) + 1;
        await outbox.enqueue(`compliance:${r._id}:resend:${n}`, [
          { type: 'customer.redaction_requested', payload: message(r), correlationId: r._id },
        ]);
        await requests.updateOne({ _id: r._id }, { $set: { resentAt: now, resends: n } });
        const missing = SERVICES.filter((s) => !r.confirmed?.[s]);
        logger.warn(
          { requestId: r._id, missing, resends: n },
          'redaction not confirmed by every service: sent again',
        );
      }
      return stalled.length;
    },

    /** A request and, for a data request, what the orders service holds on its orders. */
    async exportOf(id: string) {
      const r = await requests.findById(id).lean<ComplianceRequest>();
      if (!r) return undefined;
      if (r.topic !== 'customers/data_request') return { request: r };
      const held = await orders()
        .find({ _id: { $in: r.orderIds } } as never, {
          projection: { outbox: 0, inbox: 0, version: 0 },
        })
        .toArray();
      if (!r.completedAt) {
        r.completedAt = new Date();
        await requests.updateOne(
          { _id: id, completedAt: { $exists: false } },
          { $set: { completedAt: r.completedAt } },
        );
      }
      return { request: r, orders: held };
    },
  };
}
export type Compliance = ReturnType<typeof createCompliance>;

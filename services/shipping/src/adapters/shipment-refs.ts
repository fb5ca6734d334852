import { metricsRegistry } from '@commerce-sync/telemetry';
import { type Connection, type Model, Schema } from 'mongoose';
import { Counter } from 'prom-client';
import { insertUnlessPresent } from '@commerce-sync/service-kit';
import type { ShipmentModel } from './shipment-model.ts';

/** An EasyPost id (shipment `shp_…` or tracker `trk_…`) → the order it belongs to. */
export interface ShipmentRef {
  _id: string;
  /** null: looked for once and not ours (a tracker of another integration on the account). */
  orderId: string | null;
}

const schema = new Schema<ShipmentRef>(
  { _id: { type: String, required: true }, orderId: { type: String, default: null } },
  { collection: 'shipment_refs', versionKey: false },
);

const fallbacks = new Counter({
  name: 'shipping_tracking_ref_fallbacks_total',
  help: 'Tracking webhooks whose courier ids had no shipment ref, so the shipments were scanned (found: an older shipment, then remembered)',
  labelNames: ['found'] as const,
  registers: [metricsRegistry],
});

/** Courier ids whose refs one process keeps in memory. */
const KNOWN_MAX = 50_000;

/**
 * The order a courier webhook belongs to, looked up by `_id`: a lookup of the webhook's
 * shipment id among the shipments reads every shipment ever made on the local store, which
 * serves no filter but `_id` and unique indexes from an index (a shipment id is not unique
 * there: records without one). The ref is written when the courier shipment is created,
 * before its id is recorded on the shipment, so every recorded shipment has one; shipments
 * recorded before refs existed are found once by the scan, counted, and remembered; so is a
 * tracker that is not ours (as not ours).
 */
export function shipmentRefs(connection: Connection, shipments: ShipmentModel) {
  const model =
    (connection.models.ShipmentRef as Model<ShipmentRef> | undefined) ??
    connection.model<ShipmentRef>('ShipmentRef', schema);
  // Refs are written once and never change (a courier id belongs to one order for good, and
  // a miss is never one of ours arriving early), so what this process has read stays true:
  // each courier id's ref is read once per process, and the webhooks after it read only the
  // shipment by `_id`. Bounded; the oldest read is forgotten first.
  const known = new Map<string, string | null>();
  const keep = (courierId: string, orderId: string | null) => {
    if (known.size >= KNOWN_MAX) known.delete(known.keys().next().value as string);
    known.set(courierId, orderId);
  };
  return {
    model,
    remember: (courierId: string, orderId: string) =>
      insertUnlessPresent(model.collection, { _id: courierId, orderId }),
    /** The order of a courier shipment or tracker (tracking code as a last resort), if it is ours. */
    async orderIdOf(ids: {
      shipmentId?: string;
      trackerId?: string;
      trackingCode?: string;
    }): Promise<string | undefined> {
      const keys = [ids.shipmentId, ids.trackerId].filter((k): k is string => Boolean(k));
      for (const key of keys) if (known.has(key)) return known.get(key) ?? undefined;
      for (const key of keys) {
        const ref = await model.findById(key, { orderId: 1 }).lean();
        if (ref) {
          keep(key, ref.orderId ?? null);
          return ref.orderId ?? undefined;
        }
      }
      const or = [
        ...(ids.shipmentId ? [{ easypostShipmentId: ids.shipmentId }] : []),
        ...(ids.trackingCode ? [{ trackingCode: ids.trackingCode }] : []),
      ];
      if (or.length === 0) return undefined;
      const found = await shipments.findOne({ $or: or }, { _id: 1 }).lean();
      fallbacks.inc({ found: found ? 'yes' : 'no' });
      // Remembered either way: the next webhook of this shipment or tracker reads one `_id`.
      // A miss cannot be one of ours arriving early: its ref is written before the label is bought.
      if (keys[0]) {
        const orderId = found?._id ?? null;
        // Kept only when this write made the ref: had another come first, the next webhook reads it.
        if (await insertUnlessPresent(model.collection, { _id: keys[0], orderId })) keep(keys[0], orderId);
      }
      return found?._id;
    },
  };
}

export type ShipmentRefs = ReturnType<typeof shipmentRefs>;

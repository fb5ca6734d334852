import type { QueryFilter } from 'mongoose';
import type { ShipmentRecord } from '../domain/shipment-record.ts';
import type { Logger } from '@commerce-sync/telemetry';
import type { Courier } from '../adapters/courier.ts';
import type { ShipmentModel } from '../adapters/shipment-model.ts';
import type { TrackingRecorder } from '../handlers/tracking-recorder.ts';

export interface PollerDeps {
  model: ShipmentModel;
  courier: Courier;
  recorder: TrackingRecorder;
  logger: Logger;
  /** A tracker silent for this long is asked directly (a webhook may have been lost). */
  silenceMs: number;
  batchSize?: number;
}

const FINAL = ['delivered', 'failure', 'return_to_sender', 'cancelled'];

/**
 * One poll: trackers of live parcels that have been silent longest, each fetched and
 * recorded like a webhook would be. A failure on one tracker does not stop the others.
 */
export async function pollSilentTrackers(
  deps: PollerDeps,
  now: Date,
): Promise<{ polled: number; failed: number }> {
  const silentSince = new Date(now.getTime() - deps.silenceMs);
  const filter = {
    status: { $in: ['purchased', 'cancel_refused'] },
    trackingStatus: { $nin: FINAL },
    trackerId: { $exists: true },
    trackingCheckedAt: { $lt: silentSince },
  };
  const due = await deps.model
    .find(filter as QueryFilter<ShipmentRecord>, { _id: 1, trackerId: 1 })
    .sort({ trackingCheckedAt: 1 })
    .limit(deps.batchSize ?? 50)
    .lean();
  let failed = 0;
  for (const s of due) {
    try {
      const snap = await deps.courier.getTracker(s.trackerId as string);
      await deps.recorder.record(s._id, snap, 'poll');
    } catch (err) {
      failed += 1;
      deps.logger.warn({ err, orderId: s._id }, 'tracker poll failed');
    }
  }
  return { polled: due.length, failed };
}

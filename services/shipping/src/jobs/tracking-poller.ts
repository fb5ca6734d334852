import { toAppError } from '@commerce-sync/errors';
import type { Logger } from '@commerce-sync/telemetry';
import { metricsRegistry } from '@commerce-sync/telemetry';
import { Counter } from 'prom-client';
import type { Courier } from '../adapters/courier.ts';
import type { ShipmentModel } from '../adapters/shipment-model.ts';
import { FINAL_TRACKING, type TrackingWatch, type WatchEntry } from '../adapters/tracking-watch.ts';
import type { ShipmentRecord } from '../domain/shipment-record.ts';
import type { TrackingRecorder } from '../handlers/tracking-recorder.ts';

export interface PollerDeps {
  model: ShipmentModel;
  watch: TrackingWatch;
  courier: Courier;
  recorder: TrackingRecorder;
  logger: Logger;
  /** A tracker silent for this long is asked directly (a webhook may have been lost). */
  silenceMs: number;
  /**
   * A tracker whose polls have failed for this long is given up: no longer asked, counted
   * and listed (GET /admin/trackers) until an operator retries it. Webhooks still land.
   */
  giveUpAfterMs: number;
  batchSize?: number;
}

const trackersGivenUp = new Counter({
  name: 'shipping_trackers_given_up_total',
  help: 'Parcels whose tracker polls failed for TRACKING_GIVE_UP_MS: no longer polled, listed by GET /admin/trackers',
  registers: [metricsRegistry],
});

type Live = Pick<ShipmentRecord, '_id' | 'status' | 'trackingStatus' | 'trackerId' | 'trackingCheckedAt'>;

const isLive = (s: Live | null): s is Live =>
  Boolean(s?.trackerId) &&
  (s?.status === 'purchased' || s?.status === 'cancel_refused') &&
  !FINAL_TRACKING.includes(s.trackingStatus);

/**
 * One poll: the due entries of the in-flight watch, each shipment read by `_id`. One that is
 * over (delivered, cancelled…) leaves the watch; one the courier spoke about recently is
 * deferred to the end of its silence; the others are fetched and recorded like a webhook
 * would be. A failure on one tracker does not stop the others.
 */
export async function pollSilentTrackers(
  deps: PollerDeps,
  now: Date,
): Promise<{ polled: number; failed: number; givenUp: number }> {
  const due = await deps.watch.due(now, deps.batchSize ?? 50);
  let polled = 0;
  let failed = 0;
  let givenUp = 0;
  for (const entry of due) {
    try {
      const s = await deps.model
        .findById(entry._id, { status: 1, trackingStatus: 1, trackerId: 1, trackingCheckedAt: 1 })
        .lean<Live>();
      if (!isLive(s)) {
        await deps.watch.forget(entry._id);
        continue;
      }
      const quietUntil = (s.trackingCheckedAt?.getTime() ?? 0) + deps.silenceMs;
      if (quietUntil > now.getTime()) {
        await deps.watch.defer(entry._id, new Date(quietUntil));
        continue;
      }
      polled += 1;
      const snap = await deps.courier.getTracker(s.trackerId as string);
      await deps.recorder.record(s._id, snap, 'poll');
      if (FINAL_TRACKING.includes(snap.status)) await deps.watch.forget(entry._id);
      else await deps.watch.defer(entry._id, new Date(now.getTime() + deps.silenceMs), true);
    } catch (err) {
      failed += 1;
      if (await pollFailed(deps, entry, err, now)) givenUp += 1;
    }
  }
  return { polled, failed, givenUp };
}

/**
 * Records a failed poll; gives the tracker up once its failures have lasted `giveUpAfterMs`
 * (a tracker the courier deleted, or an id it never knew, would otherwise be asked forever).
 */
async function pollFailed(deps: PollerDeps, entry: WatchEntry, err: unknown, now: Date): Promise<boolean> {
  const error = toAppError(err, { api: 'easypost' }).message.slice(0, 500);
  const since = entry.failingSince ?? now;
  try {
    if (now.getTime() - since.getTime() >= deps.giveUpAfterMs) {
      await deps.watch.giveUp(entry._id, error, now);
      trackersGivenUp.inc();
      deps.logger.error(
        { orderId: entry._id, trackerId: entry.trackerId, failingSince: since, err: error },
        'tracker given up after failing polls; listed by GET /admin/trackers',
      );
      return true;
    }
    deps.logger.warn({ orderId: entry._id, err: error }, 'tracker poll failed');
    // Next time after a silence, so a few broken trackers never hold the batch's head.
    await deps.watch.failed(entry, error, now, new Date(now.getTime() + deps.silenceMs));
  } catch (writeErr) {
    deps.logger.warn(
      { orderId: entry._id, err: (writeErr as Error).message },
      'tracker poll failure not recorded',
    );
  }
  return false;
}

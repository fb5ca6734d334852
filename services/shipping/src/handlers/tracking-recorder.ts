import { announcesTracking, trackingUpdated } from '../domain/shipment-events.ts';
import { mergeSnapshot, type TrackerSnapshot } from '../domain/tracking-progress.ts';
import { type CommitDeps, commit } from './commit.ts';

export type TrackingSource = 'webhook' | 'poll';

/**
 * The one place courier tracking lands, from the webhook and from the poller alike:
 * history grows, the status only moves forward, and each forward move is announced once.
 */
export function createTrackingRecorder(deps: CommitDeps & { now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return {
    /** `key` (the webhook event id) makes a redelivered event a no-op. */
    async record(
      orderId: string,
      snap: TrackerSnapshot & { trackerId?: string },
      source: TrackingSource,
      key?: string,
    ) {
      return apply(orderId, snap, source, key);
    },
  };
  function apply(
    orderId: string,
    snap: TrackerSnapshot & { trackerId?: string },
    source: TrackingSource,
    key?: string,
  ) {
    return commit(deps, orderId, {
      key,
      // One announcement per status and order, whichever path (webhook, poll) saw it first:
      // the status only moves forward, and the write that moves it is the one that announces.
      mutate: (doc) => {
        const at = now();
        doc.trackingCheckedAt = at;
        doc.trackerId ??= snap.trackerId;
        doc.trackingCode ??= snap.trackingCode;
        const change = mergeSnapshot({ trackingStatus: doc.trackingStatus, history: doc.history }, snap);
        doc.history = change.history;
        if (!change.advanced) return [];
        doc.trackingStatus = change.advanced.status;
        doc.trackingStatusDetail = change.advanced.statusDetail;
        doc.estimatedDeliveryAt = change.advanced.estimatedDeliveryAt ?? doc.estimatedDeliveryAt;
        doc.updatedAt = at;
        return announcesTracking(doc) ? [trackingUpdated(doc, source, at)] : [];
      },
    });
  }
}

export type TrackingRecorder = ReturnType<typeof createTrackingRecorder>;

import type { TrackingStatus } from '@commerce-sync/contracts';

/**
 * How far a parcel has got. A status only replaces one with a lower rank: couriers and
 * webhooks report late, twice and out of order, and an order must never go back from
 * delivered to in transit. `unknown`/`error` say nothing about progress.
 * Terminal outcomes share the top rank, so the first one reported stands.
 */
export const STATUS_RANK: Record<TrackingStatus, number> = {
  unknown: 0,
  error: 0,
  pre_transit: 1,
  in_transit: 2,
  out_for_delivery: 3,
  available_for_pickup: 3,
  delivered: 4,
  failure: 4,
  return_to_sender: 4,
  cancelled: 4,
};

export function isTrackingStatus(s: string): s is TrackingStatus {
  return Object.hasOwn(STATUS_RANK, s);
}

/** True when `next` is further along than `current`. */
export function movesForward(current: TrackingStatus, next: TrackingStatus): boolean {
  return STATUS_RANK[next] > STATUS_RANK[current];
}

export function isFinal(status: TrackingStatus): boolean {
  return STATUS_RANK[status] === 4;
}

/** Past `pre_transit` the carrier holds the parcel: its label can no longer be refunded. */
export function isScanned(status: TrackingStatus): boolean {
  return STATUS_RANK[status] >= STATUS_RANK.in_transit;
}

/** One courier event in the shipment's history. */
export interface TrackingEvent {
  status: string;
  statusDetail?: string;
  message?: string;
  location?: string;
  at: string;
}

/** What a courier reports at one moment: the tracker's status and its whole history. */
export interface TrackerSnapshot {
  trackingCode: string;
  status: string;
  statusDetail?: string;
  estimatedDeliveryAt?: string;
  updatedAt: string;
  events: TrackingEvent[];
}

export interface TrackingState {
  trackingStatus: TrackingStatus;
  history: TrackingEvent[];
}

export interface TrackingChange {
  /** History with the snapshot's new events merged in (always recorded, even late ones). */
  history: TrackingEvent[];
  /** Set when the status moved forward: what to announce. */
  advanced?: TrackingEvent & { status: TrackingStatus; estimatedDeliveryAt?: string };
}

const eventKey = (e: TrackingEvent) => `${e.status}|${e.at}|${e.message ?? ''}`;

/** Merges a snapshot into the known state: new history, and the step forward if any. */
export function mergeSnapshot(state: TrackingState, snap: TrackerSnapshot): TrackingChange {
  const known = new Set(state.history.map(eventKey));
  const fresh = snap.events.filter((e) => !known.has(eventKey(e)));
  const history = [...state.history, ...fresh].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (!isTrackingStatus(snap.status) || !movesForward(state.trackingStatus, snap.status)) return { history };
  const latest = [...snap.events].reverse().find((e) => e.status === snap.status);
  return {
    history,
    advanced: {
      status: snap.status,
      statusDetail: snap.statusDetail ?? latest?.statusDetail,
      message: latest?.message,
      location: latest?.location,
      at: latest?.at ?? snap.updatedAt,
      estimatedDeliveryAt: snap.estimatedDeliveryAt,
    },
  };
}

import type { TimelineEntry, TrackingView } from './tracking-view.ts';
import { rankOf } from './display-status.ts';

/**
 * The timeline as the customer reads it, newest first: a saga step the courier also reported
 * (shipped and the courier's pre-transit scan, the saga's in_transit and the scan that caused
 * it) is one row, the courier's, which says where. Same instant: the later step first.
 */
export function timelineRows(view: Pick<TrackingView, 'timeline'>): TimelineEntry[] {
  const byCourier = new Set(view.timeline.filter((t) => t.source === 'courier').map((t) => t.status));
  return view.timeline
    .filter((t) => t.source === 'courier' || !byCourier.has(t.status))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || rankOf(b.status) - rankOf(a.status));
}

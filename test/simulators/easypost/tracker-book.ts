import { isoSeconds } from './ids.ts';
import type { Json, Outcome, Tracker, TrackingDetail } from './objects.ts';

/** What the courier says at each status: EasyPost `status_detail` and a message. */
const STEP_TEXT: Record<string, { detail: string; message: string }> = {
  pre_transit: { detail: 'label_created', message: 'Shipping Label Created, USPS Awaiting Item' },
  in_transit: { detail: 'arrived_at_facility', message: 'Arrived at Regional Facility' },
  out_for_delivery: { detail: 'out_for_delivery', message: 'Out for Delivery' },
  delivered: { detail: 'arrived_at_destination', message: 'Delivered, In/At Mailbox' },
  failure: { detail: 'address_not_found', message: 'Delivery Attempted - No Access to Delivery Location' },
  return_to_sender: { detail: 'return_to_sender', message: 'Return to Sender Processed' },
  cancelled: { detail: 'cancelled', message: 'Label Cancelled' },
};

interface Entry {
  tracker: Tracker;
  /** Statuses still to come, in order. */
  plan: string[];
  origin: Json;
  destination: Json;
  timer?: NodeJS.Timeout;
}

export interface TrackerBookOptions {
  /** Time between two courier scans; 0 means only manual advances (deterministic tests). */
  stepMs: () => number;
  onUpdate: (tracker: Tracker, previousStatus: string) => void;
  now?: () => number;
}

/** Trackers and their accelerated progression: pre_transit → in_transit → out_for_delivery → outcome. */
export function createTrackerBook(opts: TrackerBookOptions) {
  const now = opts.now ?? Date.now;
  const byId = new Map<string, Entry>();
  const byCode = new Map<string, string>();

  function schedule(entry: Entry): void {
    clearTimeout(entry.timer);
    const ms = opts.stepMs();
    if (ms <= 0 || entry.plan.length === 0) return;
    entry.timer = setTimeout(() => {
      advance(entry.tracker.id);
    }, ms);
    entry.timer.unref();
  }

  function setStatus(entry: Entry, status: string): Tracker {
    const t = entry.tracker;
    const previous = t.status;
    const text = STEP_TEXT[status] ?? { detail: status, message: status };
    const place = status === 'pre_transit' ? entry.origin : entry.destination;
    const at = isoSeconds(now());
    const detail: TrackingDetail = {
      object: 'TrackingDetail',
      status,
      status_detail: text.detail,
      message: text.message,
      description: '',
      datetime: at,
      source: t.carrier,
      carrier_code: '',
      tracking_location: {
        object: 'TrackingLocation',
        city: place.city ?? null,
        state: place.state ?? null,
        country: place.country ?? null,
        zip: place.zip ?? null,
      },
    };
    t.status = status;
    t.status_detail = text.detail;
    t.tracking_details = [...t.tracking_details, detail];
    t.updated_at = at;
    opts.onUpdate(t, previous);
    return t;
  }

  function advance(id: string, status?: string): Tracker | undefined {
    const entry = byId.get(id);
    if (!entry) return undefined;
    if (status) {
      const at = entry.plan.indexOf(status);
      entry.plan = at >= 0 ? entry.plan.slice(at + 1) : [];
    }
    const next = status ?? entry.plan.shift();
    if (!next) return entry.tracker;
    setStatus(entry, next);
    schedule(entry);
    return entry.tracker;
  }

  return {
    add(
      tracker: Tracker,
      outcome: Outcome,
      route: { origin: Json; destination: Json },
      first = 'pre_transit',
    ) {
      const plan = ['pre_transit', 'in_transit', 'out_for_delivery', outcome];
      const entry: Entry = { tracker, plan: plan.slice(plan.indexOf(first) + 1), ...route };
      byId.set(tracker.id, entry);
      byCode.set(tracker.tracking_code, tracker.id);
      setStatus(entry, first);
      schedule(entry);
      return tracker;
    },
    get: (id: string) => byId.get(id)?.tracker,
    byCode: (code: string) => {
      const id = byCode.get(code);
      return id ? byId.get(id)?.tracker : undefined;
    },
    all: () => [...byId.values()].map((e) => e.tracker),
    /** One step forward, or straight to `status` (history keeps every step taken). */
    advance,
    /** The label was refunded: the parcel will never move. */
    stop(id: string) {
      const entry = byId.get(id);
      if (!entry) return;
      clearTimeout(entry.timer);
      entry.plan = [];
    },
    clear() {
      for (const e of byId.values()) clearTimeout(e.timer);
      byId.clear();
      byCode.clear();
    },
  };
}

export type TrackerBook = ReturnType<typeof createTrackerBook>;

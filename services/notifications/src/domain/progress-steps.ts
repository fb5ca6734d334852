import type { DisplayStatus } from './display-status.ts';
import type { TimelineEntry, TrackingView } from './tracking-view.ts';

/** The step bar a customer reads: where the order is on its way to them. */
export const PROGRESS_STEPS = ['ordered', 'paid', 'shipped', 'out_for_delivery', 'delivered'] as const;
export type ProgressStep = (typeof PROGRESS_STEPS)[number];

const STEP_OF: Record<DisplayStatus, ProgressStep | undefined> = {
  processing: 'ordered',
  preparing: 'paid',
  shipped: 'shipped',
  in_transit: 'shipped',
  out_for_delivery: 'out_for_delivery',
  available_for_pickup: 'out_for_delivery',
  delivered: 'delivered',
  problem: undefined,
  cancelled: undefined,
};

export interface Progress {
  /** Index in PROGRESS_STEPS of the last step reached. */
  current: number;
  /** Set when the order stopped at `current`: a delivery problem or a cancellation. */
  halted?: 'problem' | 'cancelled';
}

/**
 * The step reached is the furthest any fact got to; a problem or a cancellation halts the
 * bar there rather than hiding how far the order came.
 */
export function progressOf(view: Pick<TrackingView, 'status' | 'timeline'>): Progress {
  const indexOf = (s: DisplayStatus) => {
    const step = STEP_OF[s];
    return step ? PROGRESS_STEPS.indexOf(step) : 0;
  };
  const reached = Math.max(
    indexOf(view.status),
    ...view.timeline.map((t: TimelineEntry) => indexOf(t.status)),
  );
  const halted = view.status === 'problem' || view.status === 'cancelled' ? view.status : undefined;
  return { current: reached, ...(halted ? { halted } : {}) };
}

import type { SimState } from './sim-state.ts';
import type { TrackerBook } from './tracker-book.ts';

/** What the route modules share: state, trackers, settings and the clock. */
export interface SimContext {
  state: SimState;
  trackers: TrackerBook;
  settings: SimSettings;
  random: () => number;
  now: () => number;
}

export interface SimSettings {
  /** Time between two courier scans (accelerated); 0 = manual advances only. */
  trackerStepMs: number;
  /** Shares of new shipments that end in `failure` / `return_to_sender` instead of `delivered`. */
  failureRate: number;
  returnRate: number;
  /** Base of `tracker.public_url`. */
  publicTrackingBaseUrl: string;
  /** Base of `postage_label.label_url`. */
  labelBaseUrl: string;
  webhookUrl?: string;
}

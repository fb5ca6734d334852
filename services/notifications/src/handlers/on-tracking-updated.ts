import type { Payload } from '@commerce-sync/contracts';
import type { Envelope } from '@commerce-sync/messaging';
import type { TrackingFacts } from '../adapters/tracking-facts.ts';

/**
 * A courier scan: it feeds the tracking page only. Emails follow the saga's own status changes
 * (order.status_changed carries the customer), so a scan never mails anyone by itself.
 */
export function onTrackingUpdated(deps: { facts: TrackingFacts; onViewChange: () => void }) {
  return async (msg: Envelope<Payload<'tracking.updated'>>): Promise<void> => {
    if (await deps.facts.record({ kind: 'tracking', fact: msg.payload })) deps.onViewChange();
  };
}

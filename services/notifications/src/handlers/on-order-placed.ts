import type { Payload } from '@commerce-sync/contracts';
import type { Envelope } from '@commerce-sync/messaging';
import type { TrackingFacts } from '../adapters/tracking-facts.ts';
import { placedFactOf } from '../domain/tracking-view.ts';

/**
 * A new order: only order.placed carries the storefront's name of it ("#1307", what the
 * customer knows it by), so the page and the emails take it from here. No email goes out.
 */
export function onOrderPlaced(deps: { facts: TrackingFacts; onViewChange: () => void }) {
  return async (msg: Envelope<Payload<'order.placed'>>): Promise<void> => {
    if (await deps.facts.record({ kind: 'placed', fact: placedFactOf(msg.payload) })) deps.onViewChange();
  };
}

import type { Payload } from '@commerce-sync/contracts';
import type { Envelope } from '@commerce-sync/messaging';
import type { TrackingFacts } from '../adapters/tracking-facts.ts';
import { notificationKindFor } from '../domain/notification-kind.ts';
import { statusFactOf } from '../domain/tracking-view.ts';
import type { DeliverNotification } from './deliver-notification.ts';

export interface StatusChangedDeps {
  facts: TrackingFacts;
  deliver: DeliverNotification;
  onViewChange: () => void;
}

/** The saga moved an order: update the tracking page, then tell the customer if the step matters. */
export function onOrderStatusChanged(deps: StatusChangedDeps) {
  return async (msg: Envelope<Payload<'order.status_changed'>>): Promise<void> => {
    const order = msg.payload;
    if (await deps.facts.record({ kind: 'status', fact: statusFactOf(order) })) deps.onViewChange();
    const kind = notificationKindFor(order.to);
    if (kind) await deps.deliver(kind, order, msg.messageId);
  };
}

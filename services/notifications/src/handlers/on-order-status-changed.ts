import type { Payload } from '@commerce-sync/contracts';
import type { AggregateStore, Envelope, HandlerContext } from '@commerce-sync/messaging';
import type { TrackingViewDoc } from '../adapters/tracking-view-model.ts';
import { notificationKindFor } from '../domain/notification-kind.ts';
import { applyStatusChange } from '../domain/tracking-view.ts';
import type { DeliverNotification } from './deliver-notification.ts';
import { updateTrackingView } from './update-tracking-view.ts';

export interface StatusChangedDeps {
  views: AggregateStore<TrackingViewDoc>;
  deliver: DeliverNotification;
  onViewChange: (orderId: string) => void;
}

/** The saga moved an order: update the tracking page, then tell the customer if the step matters. */
export function onOrderStatusChanged(deps: StatusChangedDeps) {
  return async (msg: Envelope<Payload<'order.status_changed'>>, ctx: HandlerContext): Promise<void> => {
    const order = msg.payload;
    await updateTrackingView(
      ctx,
      { views: deps.views, onChange: deps.onViewChange },
      order.orderId,
      order.at,
      (view) => applyStatusChange(view, order),
    );
    const kind = notificationKindFor(order.to);
    if (kind) await deps.deliver(kind, order, msg.messageId);
  };
}

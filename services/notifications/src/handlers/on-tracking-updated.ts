import type { Payload } from '@commerce-sync/contracts';
import type { AggregateStore, Envelope, HandlerContext } from '@commerce-sync/messaging';
import type { TrackingViewDoc } from '../adapters/tracking-view-model.ts';
import { applyTrackingUpdate } from '../domain/tracking-view.ts';
import { updateTrackingView } from './update-tracking-view.ts';

/**
 * A courier scan: it feeds the tracking page only. Emails follow the saga's own status changes
 * (order.status_changed carries the customer), so a scan never mails anyone by itself.
 */
export function onTrackingUpdated(deps: {
  views: AggregateStore<TrackingViewDoc>;
  onViewChange: (orderId: string) => void;
}) {
  return async (msg: Envelope<Payload<'tracking.updated'>>, ctx: HandlerContext): Promise<void> => {
    const update = msg.payload;
    await updateTrackingView(
      ctx,
      { views: deps.views, onChange: deps.onViewChange },
      update.orderId,
      update.at,
      (view) => applyTrackingUpdate(view, update),
    );
  };
}

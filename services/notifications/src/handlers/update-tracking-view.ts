import type { HandlerContext } from '@commerce-sync/messaging';
import type { AggregateStore } from '@commerce-sync/messaging';
import { type TrackingViewDoc, viewOf } from '../adapters/tracking-view-model.ts';
import { emptyView, type TrackingView } from '../domain/tracking-view.ts';

/**
 * Folds one event into the order's tracking view, once per message (the view remembers the
 * message ids it absorbed), and tells the live-update watcher so local viewers see it at once.
 */
export async function updateTrackingView(
  ctx: HandlerContext,
  deps: { views: AggregateStore<TrackingViewDoc>; onChange: (orderId: string) => void },
  orderId: string,
  at: string,
  fold: (view: TrackingView) => TrackingView,
): Promise<void> {
  const { applied } = await ctx.apply(deps.views, orderId, {
    create: () => emptyView(orderId, at),
    mutate: (doc) => {
      doc.set(fold(viewOf(doc)));
    },
  });
  if (applied) deps.onChange(orderId);
}

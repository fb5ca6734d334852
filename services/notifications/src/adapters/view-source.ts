import type { Model } from 'mongoose';
import type { VersionedView, ViewSource } from '../http/view-watcher.ts';
import { type TrackingViewDoc, viewOf } from './tracking-view-model.ts';

/** Reads tracking views for the page and the live-update watcher. */
export function createViewSource(View: Model<TrackingViewDoc>): ViewSource & {
  one(orderId: string): Promise<VersionedView | undefined>;
} {
  const hydrate = (doc: TrackingViewDoc): VersionedView => ({
    version: doc.version,
    view: viewOf(View.hydrate(doc)),
  });
  return {
    async versions(ids) {
      const docs = await View.find({ _id: { $in: ids } }, { version: 1 }).lean();
      return new Map(docs.map((d) => [String(d._id), d.version]));
    },
    async load(ids) {
      const docs = await View.find({ _id: { $in: ids } }).lean<TrackingViewDoc[]>();
      return new Map(docs.map((d) => [String(d._id), hydrate(d)]));
    },
    async one(orderId) {
      const doc = await View.findById(orderId).lean<TrackingViewDoc>();
      return doc ? hydrate(doc) : undefined;
    },
  };
}

import type { TrackingView } from '../domain/tracking-view.ts';

export interface VersionedView {
  version: number;
  view: TrackingView;
}

export interface ViewSource {
  /** Current versions of the given orders (missing ids are simply absent). */
  versions(orderIds: string[]): Promise<Map<string, number>>;
  load(orderIds: string[]): Promise<Map<string, VersionedView>>;
}

type Listener = (v: VersionedView) => void;

export interface ViewWatcher {
  /** Calls `listener` whenever the order's view gets past `version`; returns the unsubscribe. */
  subscribe(orderId: string, version: number, listener: Listener): () => void;
  /** Looks now instead of at the next tick (a local handler just changed this order). */
  nudge(): void;
  stop(): void;
  readonly watching: number;
}

/**
 * Live updates that work with any number of replicas and no extra infrastructure: each
 * replica polls the view collection once per interval for the orders its viewers watch (one
 * small query for all of them), whichever replica consumed the event. A local change nudges
 * the poll so the replica that handled the event pushes it at once.
 */
export function createViewWatcher(
  source: ViewSource,
  opts: { intervalMs: number; onError?: (err: unknown) => void },
): ViewWatcher {
  // Per order, each listener with the last version it was given.
  const listeners = new Map<string, Map<Listener, number>>();
  const oldest = (id: string) => Math.min(...(listeners.get(id)?.values() ?? []));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  async function poll(): Promise<void> {
    const ids = [...listeners.keys()];
    if (!ids.length) return;
    const versions = await source.versions(ids);
    const changed = ids.filter((id) => (versions.get(id) ?? -1) > oldest(id));
    if (!changed.length) return;
    const views = await source.load(changed);
    for (const [id, v] of views) {
      for (const [listener, version] of listeners.get(id) ?? []) {
        if (v.version <= version) continue;
        listeners.get(id)?.set(listener, v.version);
        listener(v);
      }
    }
  }

  function tick(): void {
    if (running) {
      again = true;
      return;
    }
    running = poll()
      .catch((err) => opts.onError?.(err))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          tick();
        }
      });
  }

  function ensureTimer(): void {
    if (timer || !listeners.size) return;
    timer = setInterval(tick, opts.intervalMs);
    timer.unref();
  }

  return {
    subscribe(orderId, version, listener) {
      const set = listeners.get(orderId) ?? new Map<Listener, number>();
      listeners.set(orderId, set);
      set.set(listener, version);
      ensureTimer();
      return () => {
        set.delete(listener);
        if (set.size) return;
        listeners.delete(orderId);
        if (!listeners.size && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    nudge: () => {
      if (listeners.size) tick();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      listeners.clear();
    },
    get watching() {
      return listeners.size;
    },
  };
}

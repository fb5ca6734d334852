/** Shopify's bucket state, sent with every GraphQL answer (`extensions.cost`). */
interface CostExtension {
  requestedQueryCost: number;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

export interface PacerOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const isCost = (v: unknown): v is CostExtension => {
  const c = v as Partial<CostExtension> | undefined;
  const s = c?.throttleStatus;
  return (
    typeof c?.requestedQueryCost === 'number' &&
    typeof s?.currentlyAvailable === 'number' &&
    typeof s.restoreRate === 'number' &&
    s.restoreRate > 0 &&
    typeof s.maximumAvailable === 'number'
  );
};

/**
 * Spends Shopify's query-cost bucket no faster than it refills, as Shopify advises: every
 * answer says how full the bucket is, so a call waits here until its cost is back instead of
 * being THROTTLED. Without it a burst (the backlog after a broker restart, a sync page of 300
 * points) empties the bucket, and each THROTTLED answer costs a stock message one step of its
 * retry tiers (1 s, 10 s, 60 s, 600 s): stock then sits in the long tiers for minutes.
 * The bucket is shared with other callers of the app (the orders write-back), so the local
 * estimate is reset to Shopify's figure on every answer.
 */
export function createCostPacer(opts: PacerOptions = {}) {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let bucket: { available: number; at: number; max: number; restoreRate: number } | undefined;
  const costs = new Map<string, number>(); // last requested cost per operation
  let promised = 0; // points of callers still waiting: not yet visible in Shopify's figure

  return {
    /** Waits until the bucket should hold `operation`'s cost and spends it; resolves with the wait in ms. */
    async take(operation: string): Promise<number> {
      if (!bucket) return 0; // nothing known yet: the first answer tells
      const t = now();
      bucket.available = Math.min(
        bucket.max,
        bucket.available + ((t - bucket.at) / 1000) * bucket.restoreRate,
      );
      bucket.at = t;
      const cost = costs.get(operation) ?? 1;
      bucket.available -= cost;
      if (bucket.available >= 0) return 0;
      const waitMs = Math.ceil((-bucket.available / bucket.restoreRate) * 1000);
      promised += cost;
      try {
        await sleep(waitMs);
      } finally {
        promised -= cost;
      }
      return waitMs;
    },

    /** Takes Shopify's word for the bucket; `extensions.cost` of any answer, throttled or not. */
    observe(operation: string, extension: unknown): void {
      if (!isCost(extension)) return;
      const { requestedQueryCost, throttleStatus: s } = extension;
      costs.set(operation, requestedQueryCost);
      bucket = {
        available: s.currentlyAvailable - promised,
        at: now(),
        max: s.maximumAvailable,
        restoreRate: s.restoreRate,
      };
    },
  };
}

export type CostPacer = ReturnType<typeof createCostPacer>;

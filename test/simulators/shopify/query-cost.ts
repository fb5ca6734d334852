import {
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  Kind,
  parse,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/** Bucket of a cost-based throttle: what a shop (app + store) may spend, refilled per second. */
export interface ThrottleConfig {
  maximumAvailable: number;
  restoreRate: number;
}

export interface ThrottleStatus extends ThrottleConfig {
  currentlyAvailable: number;
}

export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

/** Shopify's defaults for a standard plan: 2000-point bucket refilled at 100 points per second. */
export const DEFAULT_THROTTLE: ThrottleConfig = { maximumAvailable: 2000, restoreRate: 100 };

/**
 * Calculated query cost as Shopify documents it (https://shopify.dev/docs/api/usage/limits):
 * scalars and enums 0, objects 1, connections 2 + first × the cost of one node, mutations 10.
 */
export function queryCost(
  schema: GraphQLSchema,
  source: string,
  variables: Record<string, unknown> = {},
): number {
  let doc: DocumentNode;
  try {
    doc = parse(source);
  } catch {
    return 0; // graphql() answers the syntax error itself
  }
  const fragments = new Map(
    doc.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
  );
  const cost = (set: SelectionSetNode | undefined, type: GraphQLCompositeType | undefined): number => {
    if (!set || !type || !('getFields' in type)) return 0;
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) total += cost(sel.selectionSet, type);
      else if (sel.kind === Kind.FRAGMENT_SPREAD)
        total += cost(fragments.get(sel.name.value)?.selectionSet, type);
      else {
        const field = type.getFields()[sel.name.value];
        const named = field && getNamedType(field.type);
        if (!named || !isCompositeType(named)) continue;
        const first = sel.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
        const inner = cost(sel.selectionSet, named);
        if (named.name.endsWith('Connection')) {
          const n = Number(first ? valueFromASTUntyped(first.value, variables) : 0) || 0;
          total += 2 + n * Math.max(1, inner - 1);
        } else total += 1 + inner;
      }
    }
    return total;
  };
  let total = 0;
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    if (def.operation !== 'mutation') total += cost(def.selectionSet, schema.getQueryType() ?? undefined);
    // A mutation field costs 10 instead of an object's 1, plus what its payload selects.
    else
      total +=
        cost(def.selectionSet, schema.getMutationType() ?? undefined) +
        9 * def.selectionSet.selections.length;
  }
  return Math.max(1, total);
}

/** A leaky bucket per shop; `take` answers the cost extension and whether the query may run. */
export function createCostThrottle(initial: ThrottleConfig = DEFAULT_THROTTLE, now: () => number = Date.now) {
  const config: ThrottleConfig = { ...initial };
  const buckets = new Map<string, { available: number; at: number }>();
  let startAvailable: number | undefined;
  let throttled = 0; // how many queries were refused: tests assert the throttle really bit
  const bucket = (shop: string) => {
    const b = buckets.get(shop) ?? { available: startAvailable ?? config.maximumAvailable, at: now() };
    const t = now();
    b.available = Math.min(config.maximumAvailable, b.available + ((t - b.at) / 1000) * config.restoreRate);
    b.at = t;
    buckets.set(shop, b);
    return b;
  };
  const status = (available: number): ThrottleStatus => ({
    ...config,
    currentlyAvailable: Math.floor(available),
  });
  return {
    config,
    take(shop: string, requested: number): { ok: boolean; cost: QueryCost } {
      const b = bucket(shop);
      if (requested > b.available) {
        throttled++;
        return {
          ok: false,
          cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: status(b.available) },
        };
      }
      b.available -= requested;
      return {
        ok: true,
        cost: {
          requestedQueryCost: requested,
          actualQueryCost: requested,
          throttleStatus: status(b.available),
        },
      };
    },
    /** Replace the bucket (tests: a tiny bucket to force THROTTLED); `currentlyAvailable` drains it. */
    set(next: Partial<ThrottleStatus>) {
      if (next.maximumAvailable !== undefined) config.maximumAvailable = next.maximumAvailable;
      if (next.restoreRate !== undefined) config.restoreRate = next.restoreRate;
      buckets.clear();
      startAvailable = next.currentlyAvailable;
    },
    reset() {
      Object.assign(config, initial);
      buckets.clear();
      startAvailable = undefined;
      throttled = 0;
    },
    status: (shop: string) => status(bucket(shop).available),
    throttledCount: () => throttled,
  };
}

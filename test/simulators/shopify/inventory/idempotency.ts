import { getDirectiveValues, type GraphQLResolveInfo } from 'graphql';
import type { Outcome } from './mutations.ts';
import { userError } from './validate.ts';

/** The key of `@idempotent(key: "…")` on the field being resolved, if any. */
export function idempotencyKey(info: GraphQLResolveInfo): string | undefined {
  const directive = info.schema.getDirective('idempotent');
  const node = info.fieldNodes[0];
  if (!directive || !node) return undefined;
  const values = getDirectiveValues(directive, node, info.variableValues) as { key?: string } | undefined;
  return values?.key;
}

interface Remembered {
  fingerprint: string;
  outcome: Outcome;
}

/**
 * Shopify's idempotent mutations (https://shopify.dev/docs/api/usage/idempotent-requests):
 * the same key with the same parameters returns the first result without applying again;
 * with other parameters → IDEMPOTENCY_KEY_PARAMETER_MISMATCH; after a failed first attempt
 * → IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED (the caller must use a new key).
 */
export function createIdempotencyStore() {
  const seen = new Map<string, Remembered>();
  return {
    run(
      scope: string,
      key: string | undefined,
      input: unknown,
      exec: () => Outcome,
    ): Outcome & { replayed: boolean } {
      if (!key) return { ...exec(), replayed: false };
      const id = `${scope}:${key}`;
      const fingerprint = JSON.stringify(input);
      const before = seen.get(id);
      if (before) {
        if (before.fingerprint !== fingerprint) {
          return {
            group: null,
            userErrors: [
              userError(
                ['input'],
                'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
                'The same idempotency key cannot be used with different operation parameters.',
              ),
            ],
            replayed: true,
          };
        }
        if (before.outcome.userErrors.length) {
          return {
            group: null,
            userErrors: [
              userError(
                ['input'],
                'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED',
                'A previous request with this idempotency key failed. Retry with a new idempotency key.',
              ),
            ],
            replayed: true,
          };
        }
        return { ...before.outcome, replayed: true };
      }
      const outcome = exec();
      seen.set(id, { fingerprint, outcome });
      return { ...outcome, replayed: false };
    },
    size: () => seen.size,
    clear: () => seen.clear(),
  };
}

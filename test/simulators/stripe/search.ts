import { parameterError } from './errors.ts';
import type { PaymentIntent } from './objects.ts';

type Clause = (pi: PaymentIntent) => boolean;

const CLAUSE =
  /^\s*(metadata\[['"]([^'"]+)['"]\]|status|customer|currency|amount)\s*:\s*['"]?([^'"]*)['"]?\s*$/;

/**
 * The subset of Stripe's search query language (https://docs.stripe.com/search#search-query-language)
 * the services use: `metadata['order_id']:'X'`, `status:'requires_capture'`, `customer:'cus_…'`,
 * joined with AND. Anything else is rejected the way Stripe rejects a bad query.
 */
export function parseIntentQuery(query: string): Clause {
  const clauses: Clause[] = query.split(/\s+AND\s+/).map((part) => {
    const m = CLAUSE.exec(part);
    if (!m) throw parameterError(`Invalid query: ${query}`, 'parameter_invalid_string', 'query');
    const [, field, metaKey, value] = m;
    if (metaKey !== undefined) return (pi) => pi.metadata[metaKey] === value;
    if (field === 'amount') return (pi) => String(pi.amount) === value;
    return (pi) => String(pi[field as 'status' | 'customer' | 'currency']) === value;
  });
  return (pi) => clauses.every((c) => c(pi));
}

/**
 * Irreversible replacement of personal data in a stored document, keeping what the books
 * need (amounts, SKUs, dates, ids). Personal fields are found by name wherever they sit (an
 * order's customer, an address, a raw webhook body kept as a JSON string, an outbox body);
 * any other string holding one of the `known` values (the customer's email, name, street,
 * collected from the same order's records) has that value cut out.
 */

export const REDACTED = 'redacted';
/** Still an email address to the contracts (z.email()), so later events of the order validate. */
export const REDACTED_EMAIL = 'redacted@redacted.invalid';

// Not `to`: order.status_changed names the new status so.
const EMAIL_KEYS = new Set(['email', 'contact_email', 'customer_email', 'recipient']);
const PERSONAL_KEYS = new Set([
  ...EMAIL_KEYS,
  'name',
  'first_name',
  'last_name',
  'firstname',
  'lastname',
  'company',
  'phone',
  'street',
  'street1',
  'street2',
  'address1',
  'address2',
  'city',
  'province',
  'zip',
  'browser_ip',
  'client_ip',
  'ip',
  'note',
]);
// Only these are looked for in other documents: values that point at one person. A city or a
// postcode is replaced where it sits, but cutting it out of other customers' records would be wrong.
const IDENTIFYING_KEYS = new Set([
  ...EMAIL_KEYS,
  'name',
  'phone',
  'street',
  'street1',
  'street2',
  'address1',
  'address2',
]);
const MIN_KNOWN = 5;

const isPersonalKey = (key: string) => PERSONAL_KEYS.has(key.toLowerCase());
const replacementFor = (key: string) => (EMAIL_KEYS.has(key.toLowerCase()) ? REDACTED_EMAIL : REDACTED);
const isMarker = (v: string) => v === REDACTED || v === REDACTED_EMAIL;

/** The values of personal fields in a document (what to look for elsewhere). */
export function personalValues(doc: unknown, into = new Set<string>()): Set<string> {
  walk(doc, (key, value) => {
    if (
      key !== undefined &&
      IDENTIFYING_KEYS.has(key.toLowerCase()) &&
      value.length >= MIN_KNOWN &&
      !isMarker(value)
    )
      into.add(value);
    return value;
  });
  return into;
}

/** The document with personal fields replaced and known values cut out; `changed` when anything was. */
export function scrubPersonal<T>(doc: T, known: Iterable<string> = []): { doc: T; changed: boolean } {
  const needles = [...known]
    .filter((k) => k.length >= MIN_KNOWN)
    .map((k) => new RegExp(escapeRegExp(k), 'gi'));
  let changed = false;
  const out = walk(doc, (key, value) => {
    let next =
      key !== undefined && isPersonalKey(key) && value !== '' && !isMarker(value)
        ? replacementFor(key)
        : value;
    for (const n of needles) next = next.replace(n, REDACTED);
    if (next !== value) changed = true;
    return next;
  });
  return { doc: out as T, changed };
}

/** Whether any string in the document is one of `ids`, or starts with one followed by a separator. */
export function mentions(doc: unknown, ids: ReadonlySet<string>, known: readonly string[] = []): boolean {
  let found = false;
  const lowered = known.filter((k) => k.length >= MIN_KNOWN).map((k) => k.toLowerCase());
  walk(doc, (_key, value) => {
    if (found) return value;
    if (ids.has(value) || [...ids].some((id) => startsWithId(value, id))) found = true;
    else if (lowered.length && lowered.some((k) => value.toLowerCase().includes(k))) found = true;
    return value;
  });
  return found;
}

const startsWithId = (value: string, id: string) =>
  value.startsWith(id) && /^[^0-9A-Za-z]/.test(value.slice(id.length));

/** Visits every string (also inside strings holding JSON), rebuilding the value from the visitor's answers. */
function walk(value: unknown, visit: (key: string | undefined, s: string) => string, key?: string): unknown {
  if (typeof value === 'string') {
    const json = parseJson(value);
    if (json !== undefined) return JSON.stringify(walk(json, visit, key));
    return visit(key, value);
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, visit, key));
  if (value && typeof value === 'object' && isPlain(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, visit, k)]));
  return value;
}

// Dates, ObjectIds, Buffers are kept as they are.
const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

function parseJson(s: string): unknown {
  const first = s.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    const parsed: unknown = JSON.parse(s);
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Redaction of secrets and personal data, shared by the logger and the span processor.
 * Two nets: by key (a field named like `email` or `authorization` is censored whatever its
 * value) and by value (an email or a card number inside any string is censored wherever
 * it appears, e.g. in an error message).
 */
export const CENSOR = '[REDACTED]';

// Matched case-insensitively against the key with `-`/`_` removed, so `api_key`, `apiKey`
// and `x-api-key` are one rule.
const SENSITIVE_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'apikey',
  'xapikey',
  'secret',
  'clientsecret',
  'password',
  'passwd',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'xshopifyaccesstoken',
  'xshopifyhmacsha256',
  'stripesignature',
  'xhmacsignature',
  'webhooksecret',
  'email',
  'customeremail',
  'contactemail',
  'to',
  'cc',
  'bcc',
  'replyto',
  'name',
  'firstname',
  'lastname',
  'fullname',
  'customername',
  'company',
  'phone',
  'phonenumber',
  'mobile',
  'address',
  'address1',
  'address2',
  'street',
  'street1',
  'street2',
  'city',
  'zip',
  'postalcode',
  'postcode',
  'province',
  'billingaddress',
  'shippingaddress',
  'toaddress',
  'fromaddress',
  'card',
  'cardnumber',
  'number',
  'cvc',
  'cvv',
  'expmonth',
  'expyear',
  'iban',
  'last4',
]);

const normalise = (key: string) => key.toLowerCase().replaceAll(/[-_]/g, '');

/** True when a field of this name must never be logged or exported. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(normalise(key));
}

// Value patterns. Kept simple and linear-time (no nested quantifiers) so scrubbing a long
// string can never hang the process.
const VALUE_PATTERNS: Array<RegExp | [RegExp, (match: string) => boolean]> = [
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, // email
  /\b(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9]{6,}/g, // Stripe keys
  /\bwhsec_[A-Za-z0-9]{6,}/g, // Stripe webhook secret
  /\bshp(?:at|ss|ca|pa)_[A-Fa-f0-9]{8,}/g, // Shopify tokens
  /\bEZ[AT]K[A-Za-z0-9]{10,}/g, // EasyPost keys
  /\b[Bb]earer\s+[A-Za-z0-9\-._~+/]+=*/g, // bearer tokens
  // Card-like digit runs; the Luhn check spares most long ids (Shopify GIDs have 13 digits).
  [/\b(?:\d[ -]?){12,18}\d\b/g, (m) => luhnValid(m.replaceAll(/[ -]/g, ''))],
  /\+\d[\d ()-]{7,}\d/g, // international phone numbers
  /(?<=:\/\/)[^/\s:@]+:[^/\s@]+(?=@)/g, // credentials in URLs (mongodb://user:pass@host)
];

// A string can only match a pattern above if it contains one of these.
const QUICK_CHECK = /[@_+]|earer|EZ|\d{4}/;

/** Replaces every email, key, token, card number or phone number inside a string. */
export function scrubText(text: string): string {
  // Most strings (methods, routes, hosts) hold none of the tell-tale characters: skip the
  // nine patterns for them. Span attributes pass here on every request.
  if (!QUICK_CHECK.test(text)) return text;
  let out = text;
  for (const entry of VALUE_PATTERNS) {
    const [pattern, accept] = Array.isArray(entry) ? entry : [entry, undefined];
    pattern.lastIndex = 0;
    if (!pattern.test(out)) continue;
    pattern.lastIndex = 0;
    out = out.replace(pattern, (m) => (accept && !accept(m) ? m : CENSOR));
  }
  return out;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Deep copy with sensitive keys censored and strings scrubbed. Cycles become `[Circular]`. */
export function scrubValue(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) return scrubError(value, seen);
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) && v !== undefined && v !== null ? CENSOR : scrubValue(v, seen);
  }
  return out;
}

// Errors keep type, message, stack, own fields and their cause chain, all scrubbed, so the
// log of a classified AppError still shows the original failure.
function scrubError(err: Error, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: scrubText(err.message) };
  if (err.stack) out.stack = scrubText(err.stack);
  for (const [key, value] of Object.entries(err)) {
    if (key === 'cause' || typeof value === 'function') continue;
    out[key] = isSensitiveKey(key) && value != null ? CENSOR : scrubValue(value, seen);
  }
  if (err.cause !== undefined) out.cause = scrubValue(err.cause, seen);
  return out;
}

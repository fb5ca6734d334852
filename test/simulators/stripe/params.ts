import { parameterError } from './errors.ts';

/** A form-decoded Stripe request body (qs bracket notation → nested objects). */
export type Params = Record<string, unknown>;

/**
 * Rejects a parameter the endpoint does not know, like Stripe does (400 parameter_unknown),
 * so a typo in the adapter fails here instead of in production.
 */
export function checkParams(params: Params, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key) && key !== 'expand') {
      throw parameterError(`Received unknown parameter: ${key}`, 'parameter_unknown', key);
    }
  }
}

export function requireParam(params: Params, name: string): unknown {
  const v = params[name];
  if (v === undefined || v === '') {
    throw parameterError(`Missing required param: ${name}.`, 'parameter_missing', name);
  }
  return v;
}

/** Form values arrive as strings: `amount=1999` → 1999; anything else is `parameter_invalid_integer`. */
export function intParam(params: Params, name: string): number | undefined {
  const v = params[name];
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : /^-?\d+$/.test(String(v)) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    throw parameterError(`Invalid integer: ${String(v)}`, 'parameter_invalid_integer', name);
  }
  return n;
}

export function boolParam(params: Params, name: string): boolean | undefined {
  const v = params[name];
  if (v === undefined || v === '') return undefined;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw parameterError(`Invalid boolean: ${String(v)}`, 'parameter_invalid_boolean', name);
}

export function stringParam(params: Params, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string')
    throw parameterError(`Invalid string: ${name}`, 'parameter_invalid_string', name);
  return v;
}

export function enumParam<T extends string>(
  params: Params,
  name: string,
  values: readonly T[],
): T | undefined {
  const v = stringParam(params, name);
  if (v === undefined) return undefined;
  if (!values.includes(v as T)) {
    throw parameterError(
      `Invalid ${name}: must be one of ${values.join(', ')}`,
      'parameter_invalid_string',
      name,
    );
  }
  return v as T;
}

/** `metadata[order_id]=…` → `{ order_id: '…' }`; Stripe allows 50 keys of ≤40 chars, values ≤500. */
export function metadataParam(params: Params, name = 'metadata'): Record<string, string> | undefined {
  const v = params[name];
  if (v === undefined || v === '') return v === '' ? {} : undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw parameterError('Invalid metadata: must be an object', 'parameter_invalid_string', name);
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (k.length > 40 || String(val).length > 500) {
      throw parameterError(
        `Invalid metadata key or value: ${k}`,
        'parameter_invalid_string',
        `${name}[${k}]`,
      );
    }
    if (val !== '') out[k] = String(val);
  }
  return out;
}

/** `expand[0]=latest_charge` (qs gives an array) or a single string. */
export function expandParam(params: Params): string[] {
  const v = params.expand;
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'object' && v !== null) return Object.values(v).map(String);
  return [String(v)];
}

/**
 * Stripe's error body (https://docs.stripe.com/api/errors): `{ error: { type, code, message, … } }`.
 * stripe-node picks its error class from the HTTP status and `type`, so both must be right.
 */
export interface StripeErrorBody {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error' | 'rate_limit_error';
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
}

/** Thrown by a route; `stored` false means Stripe would not save it under the idempotency key. */
export class StripeSimError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  readonly stored: boolean;

  constructor(status: number, body: StripeErrorBody, stored = true) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.stored = stored;
  }
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;

/** A 400 from the endpoint's own logic (saved under the idempotency key, as Stripe does). */
export function invalidRequest(
  message: string,
  opts: { code?: string; param?: string } = {},
): StripeSimError {
  const { code, param } = opts;
  return new StripeSimError(400, {
    type: 'invalid_request_error',
    message,
    ...(code ? { code, doc_url: docUrl(code) } : {}),
    ...(param ? { param } : {}),
  });
}

/** A 400 from parameter validation: the endpoint never ran, so nothing is stored. */
export function parameterError(message: string, code: string, param?: string): StripeSimError {
  return new StripeSimError(
    400,
    { type: 'invalid_request_error', message, code, doc_url: docUrl(code), ...(param ? { param } : {}) },
    false,
  );
}

export function notFound(kind: string, id: string, param = 'id'): StripeSimError {
  return new StripeSimError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    doc_url: docUrl('resource_missing'),
    message: `No such ${kind}: '${id}'`,
    param,
  });
}

/** Stripe's answer to an action the intent's status does not allow. */
export function unexpectedState(message: string): StripeSimError {
  return invalidRequest(message, { code: 'payment_intent_unexpected_state' });
}

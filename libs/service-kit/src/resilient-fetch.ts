import type { CallOptions, ResilientHttpOptions } from './resilient-http.ts';

type Execute = <T>(fn: (signal: AbortSignal) => Promise<T>, opts?: CallOptions) => Promise<T>;

const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** A response the policy should treat as a failure (429/5xx); kept so the caller still gets it. */
class RetryableResponse extends Error {
  readonly status: number;
  readonly headers: Headers;
  readonly response: Response;
  constructor(response: Response) {
    super(`upstream answered ${response.status}`);
    this.name = 'RetryableResponse';
    this.status = response.status;
    this.headers = response.headers;
    this.response = response;
  }
}

/**
 * Wraps global fetch in the policy. 429/5xx count as failures for retry and breaker, but
 * the last such response is returned, not thrown: SDKs parse their own error bodies.
 * Transport failures and an open circuit throw (SDKs map them to connection errors).
 */
export function createResilientFetch(execute: Execute, opts: ResilientHttpOptions): typeof fetch {
  return async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const idempotent =
      opts.isIdempotent?.(url, init) ?? (REPEATABLE_METHODS.has(method) || hasIdempotencyKey(init.headers));
    const operation = opts.operationOf?.(url, init) ?? method;
    let last: Response | undefined;
    try {
      return await execute(
        async (signal) => {
          await last?.body?.cancel().catch(() => {}); // free the socket of a response we retry past
          const streamed = await fetch(input, {
            ...init,
            signal: init.signal ? AbortSignal.any([init.signal, signal]) : signal,
          });
          // Read the body inside the attempt: the policy aborts `signal` once the attempt
          // returns, which would cut a body the SDK has not read yet (and a stalled body is
          // a timeout like any other).
          const response = await buffered(streamed);
          if (response.status === 429 || response.status >= 500) {
            last = response;
            throw new RetryableResponse(response);
          }
          return response;
        },
        { idempotent, operation },
      );
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause;
      if (cause instanceof RetryableResponse) return cause.response;
      throw err;
    }
  };
}

function hasIdempotencyKey(headers: RequestInit['headers']): boolean {
  if (!headers) return false;
  if (headers instanceof Headers) return headers.has('idempotency-key');
  const entries = Array.isArray(headers) ? headers : Object.entries(headers);
  return entries.some(([k]) => k?.toLowerCase() === 'idempotency-key');
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

async function buffered(response: Response): Promise<Response> {
  const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

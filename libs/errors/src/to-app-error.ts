import { type AppError, isAppError } from './app-error.ts';
import {
  classifyDuplicateKey,
  classifyMongoose,
  classifyRequestError,
  classifyZod,
} from './classify-data.ts';
import { classifyNetwork } from './classify-network.ts';
import { classifyShopify } from './classify-shopify.ts';
import { Internal } from './facts.ts';
import { fromHttpStatus } from './from-http-status.ts';

export interface ClassifyOptions {
  /** Names the external API in the resulting error (and in metrics/DLQ records). */
  api?: string;
}

type Loose = Record<string, unknown>;

// Order matters: specific shapes first (SDKs, data), then generic transport, then a bare
// HTTP status. Stripe's and EasyPost's errors are mapped in the services that call them
// (payments' and shipping's adapters), before they reach here.
const CLASSIFIERS: Array<(err: Loose, api: string | undefined) => AppError | undefined> = [
  (e) => classifyShopify(e),
  (e) => classifyZod(e),
  (e) => classifyMongoose(e),
  (e) => classifyDuplicateKey(e),
  (e) => classifyRequestError(e),
  (e, api) => classifyNetwork(e, api),
  (e, api) => classifyHttpShaped(e, api),
];

/**
 * Turns any thrown value into exactly one AppError with the right `retryable`, duck-typing
 * SDK errors so this package depends on none of them. AppErrors pass through unchanged;
 * anything unrecognised becomes `Internal` (500, not retryable) with the original as cause.
 */
export function toAppError(err: unknown, opts: ClassifyOptions = {}): AppError {
  if (isAppError(err)) return err;
  if (typeof err !== 'object' || err === null) {
    return new Internal('non-error thrown', { cause: err });
  }
  for (const classify of CLASSIFIERS) {
    const result = classify(err as Loose, opts.api);
    if (result) return result;
  }
  return new Internal(undefined, { cause: err, api: opts.api });
}

// Generic clients (got, axios-like, our own fetch wrapper) expose `status`/`statusCode` and
// `headers` on the error or on `response`.
function classifyHttpShaped(err: Loose, api: string | undefined): AppError | undefined {
  const response = (err.response && typeof err.response === 'object' ? err.response : {}) as Loose;
  const status = [err.status, err.statusCode, response.status, response.statusCode].find(
    (v): v is number => typeof v === 'number' && v >= 400 && v < 600,
  );
  if (status === undefined) return undefined;
  const headers = (err.headers ?? response.headers) as Loose | undefined;
  const message = typeof err.message === 'string' ? err.message : undefined;
  return fromHttpStatus({ status, headers, api, message, cause: err });
}

import type { AppError } from './app-error.ts';
import { UpstreamTimeout, UpstreamUnavailable } from './facts.ts';

// Socket-level failures: the request may not have reached the peer (refused, DNS) or the
// answer was lost (reset). Both are worth a retry for idempotent calls.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_RESPONSE_STATUS_CODE',
]);
// Timeouts from node, undici and superagent (EasyPost uses superagent: ECONNABORTED on timeout).
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const TIMEOUT_NAMES = new Set([
  'AbortError',
  'TimeoutError',
  'TaskCancelledError',
  'MongoNetworkTimeoutError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
]);
// A pool cleared or a client closed under an operation is the database going away (or its
// client being replaced, see service-kit's mongo-watchdog): waiting helps, the DLQ does not.
const UNAVAILABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoPoolClosedError',
  'MongoServerClosedError',
  'MongoClientClosedError',
]);

type ErrorLike = {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  /** MongoDB's bulk writes (insertMany) wrap a driver failure in MongoBulkWriteError and keep it here. */
  errorResponse?: unknown;
  // cockatiel's errors keep name 'Error' and mark themselves with flags instead.
  isTaskCancelledError?: unknown;
  isBrokenCircuitError?: unknown;
};

/** Classifies transport failures (sockets, DNS, undici, fetch, aborts, circuit breakers, Mongo network). */
export function classifyNetwork(err: ErrorLike, api: string | undefined, depth = 0): AppError | undefined {
  const name = typeof err.name === 'string' ? err.name : '';
  const code = typeof err.code === 'string' ? err.code : '';
  const what = api ?? 'upstream';
  if (TIMEOUT_NAMES.has(name) || TIMEOUT_CODES.has(code) || err.isTaskCancelledError === true) {
    return new UpstreamTimeout(`${what} timed out`, { api, cause: err });
  }
  if (UNAVAILABLE_NAMES.has(name) || UNREACHABLE_CODES.has(code) || err.isBrokenCircuitError === true) {
    return new UpstreamUnavailable(`${what} unreachable (${code || name})`, { api, cause: err });
  }
  // undici's fetch throws `TypeError: fetch failed` with the socket error as `cause`.
  for (const wrapped of [err.cause, err.errorResponse]) {
    if (depth >= 3 || !wrapped || typeof wrapped !== 'object') continue;
    const inner = classifyNetwork(wrapped as ErrorLike, api, depth + 1);
    if (inner) return inner;
  }
  if (name === 'TypeError' && err.message === 'fetch failed') {
    return new UpstreamUnavailable(`${what} unreachable`, { api, cause: err });
  }
  return undefined;
}

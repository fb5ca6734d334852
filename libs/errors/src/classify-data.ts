import type { AppError, FieldError } from './app-error.ts';
import {
  DuplicateKey,
  MalformedRequest,
  NotFound,
  PayloadTooLarge,
  UnsupportedMediaType,
  ValidationFailed,
} from './facts.ts';

type Loose = Record<string, unknown>;

interface ZodIssueLike {
  path: PropertyKey[];
  message: string;
}

/** zod 3/4 `ZodError`: one FieldError per issue. Messages name the rule, never the value. */
export function classifyZod(err: Loose): AppError | undefined {
  if (err.name !== 'ZodError' || !Array.isArray(err.issues)) return undefined;
  const fields: FieldError[] = (err.issues as ZodIssueLike[]).map((issue) => ({
    field: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  return new ValidationFailed(`${fields.length} field(s) failed validation`, { fields, cause: err });
}

/**
 * mongoose `ValidationError` (`errors` keyed by path) and `CastError`. Mongoose's own
 * messages quote the rejected value (possibly personal data), so only `kind` is kept.
 */
export function classifyMongoose(err: Loose): AppError | undefined {
  if (err.name === 'ValidationError' && err.errors && typeof err.errors === 'object') {
    const fields = Object.entries(err.errors as Record<string, Loose>).map(([path, e]) => ({
      field: path,
      message: typeof e.kind === 'string' ? `failed ${e.kind}` : 'invalid',
    }));
    return new ValidationFailed(`${fields.length} field(s) failed validation`, { fields, cause: err });
  }
  if (err.name === 'CastError' && typeof err.path === 'string') {
    const fields = [{ field: err.path, message: `not a valid ${String(err.kind ?? 'value')}` }];
    return new ValidationFailed(`invalid ${err.path}`, { fields, cause: err });
  }
  if (err.name === 'DocumentNotFoundError') return new NotFound('document not found', { cause: err });
  return undefined;
}

/** MongoDB E11000 (also 11001 from old servers); key names only, values may be personal data. */
export function classifyDuplicateKey(err: Loose): AppError | undefined {
  if (err.code !== 11000 && err.code !== 11001) return undefined;
  const keys = err.keyPattern && typeof err.keyPattern === 'object' ? Object.keys(err.keyPattern) : [];
  const on = keys.length > 0 ? ` on ${keys.join(', ')}` : '';
  return new DuplicateKey(`duplicate key${on}`, {
    cause: err,
    fields: keys.map((k) => ({ field: k, message: 'duplicate' })),
  });
}

/**
 * Errors express and body-parser raise for the request itself (http-errors: `expose`,
 * `status`, and body-parser's `type` such as `entity.parse.failed`).
 */
export function classifyRequestError(err: Loose): AppError | undefined {
  if (typeof err.expose !== 'boolean' || typeof err.status !== 'number') return undefined;
  const type = typeof err.type === 'string' ? err.type : '';
  if (type === 'entity.parse.failed')
    return new MalformedRequest('request body is not valid JSON', { cause: err });
  if (type === 'entity.too.large' || err.status === 413) {
    return new PayloadTooLarge(`request body exceeds ${String(err.limit ?? 'the')} bytes limit`, {
      cause: err,
    });
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported' || err.status === 415) {
    return new UnsupportedMediaType('unsupported content encoding or charset', { cause: err });
  }
  if (err.status === 404) return new NotFound(undefined, { cause: err });
  if (err.status >= 400 && err.status < 500) return new MalformedRequest(undefined, { cause: err });
  return undefined;
}

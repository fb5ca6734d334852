import { MalformedRequest, UnsupportedMediaType } from '@commerce-sync/errors';
import type { RequestHandler } from 'express';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Rejects bodies that are not JSON on POST/PUT/PATCH (415). express.json() silently skips
 * other types, which would hand handlers an empty body instead of an error.
 */
export function requireJsonBody(): RequestHandler {
  return (req, _res, next) => {
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!METHODS_WITH_BODY.has(req.method) || !hasBody || req.is('application/json') || req.is('+json')) {
      return next();
    }
    next(new UnsupportedMediaType('request body must be application/json'));
  };
}

/**
 * Rejects MongoDB operator injection: a key starting with `$` or containing `.` anywhere in
 * the body or the query (`{"email": {"$gt": ""}}` would match every customer).
 */
export function rejectOperatorKeys(): RequestHandler {
  return (req, _res, next) => {
    const where = findOperatorKey(req.body) ? 'body' : findOperatorKey(req.query) ? 'query' : undefined;
    if (!where) return next();
    next(new MalformedRequest(`keys starting with "$" or containing "." are not allowed in the ${where}`));
  };
}

function findOperatorKey(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null || depth > 32) return depth > 32;
  if (Array.isArray(value)) return value.some((v) => findOperatorKey(v, depth + 1));
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('$') || key.includes('.') || key.includes('[$')) return true;
    if (findOperatorKey(v, depth + 1)) return true;
  }
  return false;
}

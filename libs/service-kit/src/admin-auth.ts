import { Forbidden, Unauthorized } from '@commerce-sync/errors';
import type { RequestHandler } from 'express';
import {
  createRemoteJWKSet,
  type JWTPayload,
  type JWTVerifyGetKey,
  type KeyObject,
  importSPKI,
  jwtVerify,
} from 'jose';

declare module 'express-serve-static-core' {
  interface Request {
    /** Verified claims of the admin bearer token. */
    admin?: JWTPayload;
  }
}

export interface AdminAuthOptions {
  /** SPKI PEM (ADMIN_JWT_PUBLIC_KEY). One of publicKey/jwksUrl is required. */
  publicKey?: string;
  /** JWKS endpoint of the identity provider (ADMIN_JWKS_URL). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Required in the space-separated `scope` claim (or the `scp`/`roles` arrays); default `admin`. */
  requiredScope?: string;
  algorithms?: string[];
}

const DEFAULT_ALGORITHMS = ['ES256', 'RS256', 'EdDSA'];

/** Bearer-JWT middleware for admin routes: 401 without a valid token, 403 without the scope. */
export function adminAuth(opts: AdminAuthOptions): RequestHandler {
  const key = resolveKey(opts);
  key.catch(() => {}); // a bad key surfaces as 401s per request, not as an unhandled rejection
  const scope = opts.requiredScope ?? 'admin';
  const algorithms = opts.algorithms ?? DEFAULT_ALGORITHMS;
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token)
      return next(new Unauthorized('bearer token required', { help: 'send Authorization: Bearer <jwt>' }));
    let payload: JWTPayload;
    try {
      const getKey = await key;
      ({ payload } = await jwtVerify(token, getKey as JWTVerifyGetKey, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms,
      }));
    } catch {
      // The reason (expired, bad signature, wrong issuer) is not echoed: it helps attackers more than users.
      return next(new Unauthorized('invalid or expired token'));
    }
    if (!hasScope(payload, scope)) return next(new Forbidden(`token lacks the "${scope}" scope`));
    req.admin = payload;
    next();
  };
}

type VerifyKey = Awaited<ReturnType<typeof importSPKI>> | KeyObject | JWTVerifyGetKey;

function resolveKey(opts: AdminAuthOptions): Promise<VerifyKey> {
  if (opts.jwksUrl) return Promise.resolve(createRemoteJWKSet(new URL(opts.jwksUrl)));
  if (opts.publicKey) {
    const pem = opts.publicKey.replaceAll('\\n', '\n');
    const alg = opts.algorithms?.[0] ?? 'ES256';
    return importSPKI(pem, alg);
  }
  throw new Error('adminAuth needs ADMIN_JWT_PUBLIC_KEY or ADMIN_JWKS_URL');
}

function hasScope(payload: JWTPayload, scope: string): boolean {
  const scopes = new Set<string>();
  if (typeof payload.scope === 'string') for (const s of payload.scope.split(' ')) scopes.add(s);
  for (const claim of ['scp', 'roles']) {
    const value = payload[claim];
    if (Array.isArray(value)) for (const s of value) scopes.add(String(s));
  }
  return scopes.has(scope);
}

import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, importPKCS8, type JWK, SignJWT } from 'jose';

export interface AdminTokenOptions {
  privateKeyPem: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** Signs the short-lived bearer tokens the console sends to the services' admin APIs. */
export interface AdminTokens {
  /** A token for one call on behalf of `operatorId` (the subject the services log). */
  forOperator(operatorId: string): Promise<string>;
  /** The public half as a JWKS, for services that verify through ADMIN_JWKS_URL. */
  jwks(): Promise<{ keys: JWK[] }>;
}

export async function createAdminTokens(opts: AdminTokenOptions): Promise<AdminTokens> {
  const key = await importPKCS8(opts.privateKeyPem, 'ES256');
  const jwk = await exportJWK(createPublicKey(opts.privateKeyPem));
  const kid = await calculateJwkThumbprint(jwk);
  const publicJwk = { ...jwk, kid, alg: 'ES256', use: 'sig' };
  return {
    forOperator: (operatorId) =>
      new SignJWT({ scope: 'admin' })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid })
        .setSubject(`console:${operatorId}`)
        .setIssuer(opts.issuer)
        .setAudience(opts.audience)
        .setIssuedAt()
        .setExpirationTime(`${opts.ttlSeconds}s`)
        .sign(key),
    jwks: async () => ({ keys: [publicJwk] }),
  };
}

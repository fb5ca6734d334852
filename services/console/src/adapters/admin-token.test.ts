import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminAuth } from '@commerce-sync/service-kit/admin-auth';
import { devPublicKey } from '@commerce-sync/service-kit/dev-token';
import type { Request } from 'express';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { DEV_SIGNING_KEY_FILE } from '../testing/dev-key.ts';
import { readFileSync } from 'node:fs';
import { createAdminTokens } from './admin-token.ts';

const tokens = () =>
  createAdminTokens({
    privateKeyPem: readFileSync(DEV_SIGNING_KEY_FILE, 'utf8'),
    issuer: 'commerce-sync-console',
    audience: 'commerce-sync-admin',
    ttlSeconds: 60,
  });

/** Runs the services' own admin middleware on a request carrying `token`. */
async function servicesSay(token: string, opts: Parameters<typeof adminAuth>[0]): Promise<unknown> {
  const req = { headers: { authorization: `Bearer ${token}` } } as unknown as Request;
  return new Promise(
    (resolve) => void adminAuth(opts)(req, {} as never, (err?: unknown) => resolve(err ?? req.admin)),
  );
}

describe('the admin tokens the console signs', () => {
  it('when a service verifies with the local public key, issuer and audience, then it accepts the token with the admin scope and the operator as subject', async () => {
    const token = await (await tokens()).forOperator('operator');
    const claims = (await servicesSay(token, {
      publicKey: devPublicKey(),
      issuer: 'commerce-sync-console',
      audience: 'commerce-sync-admin',
    })) as Record<string, unknown>;
    assert.equal(claims.sub, 'console:operator');
    assert.equal(claims.scope, 'admin');
    assert.ok(Number(claims.exp) - Number(claims.iat) <= 60, 'short-lived');
  });

  it('when a service expects another issuer, then it refuses the token', async () => {
    const token = await (await tokens()).forOperator('operator');
    const err = (await servicesSay(token, { publicKey: devPublicKey(), issuer: 'someone-else' })) as {
      httpStatus?: number;
    };
    assert.equal(err.httpStatus, 401);
  });

  it('when the console JWKS is used to verify, then the token verifies by its kid', async () => {
    const t = await tokens();
    const { payload } = await jwtVerify(await t.forOperator('viewer'), createLocalJWKSet(await t.jwks()));
    assert.equal(payload.sub, 'console:viewer');
  });
});

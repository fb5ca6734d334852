/**
 * Prints an admin JWT signed with the DEVELOPMENT key pair (dev-keys/), for local runs:
 *   node libs/service-kit/src/dev-token.ts [subject] [ttl]      e.g. ops@local 8h
 * Services accept it when ADMIN_JWT_PUBLIC_KEY is dev-keys/admin-dev.public.pem (the
 * .env.example default). Never use these keys outside development.
 */
import { readFileSync } from 'node:fs';
import { importPKCS8, SignJWT } from 'jose';

export const DEV_ISSUER = 'commerce-sync-dev';
export const DEV_AUDIENCE = 'commerce-sync-admin';

const keyPath = (name: string) => new URL(`../dev-keys/${name}`, import.meta.url);

/** The development public key (PEM), for tests and local config. */
export function devPublicKey(): string {
  return readFileSync(keyPath('admin-dev.public.pem'), 'utf8');
}

/** Signs a development admin token. */
export async function devToken(subject = 'dev-admin', ttl = '1h', scope = 'admin'): Promise<string> {
  const key = await importPKCS8(readFileSync(keyPath('admin-dev.private.pem'), 'utf8'), 'ES256');
  return new SignJWT({ scope })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key);
}

if (import.meta.main) {
  const { cliArgs } = await import('./cli-args.ts');
  const { positionals } = cliArgs({
    usage: 'node libs/service-kit/src/dev-token.ts [subject] [ttl]',
    about: ['Prints a development admin JWT (subject default dev-admin, ttl default 1h, e.g. 8h).'],
    options: {},
    allowPositionals: true,
  });
  process.stdout.write(`${await devToken(positionals[0], positionals[1])}\n`);
}

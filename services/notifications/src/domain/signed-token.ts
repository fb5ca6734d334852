import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One secret serves several purposes (tracking links, unsubscribe links, email hashes); each
 * purpose gets its own derived key so a value minted for one can never pass for another.
 */
export function purposeKey(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`commerce-sync:${purpose}`).digest();
}

function mac(key: Buffer, value: string): Buffer {
  return createHmac('sha256', key).update(value).digest();
}

/** `<base64url(value)>.<base64url(HMAC-SHA256(value))>`: readable by its bearer, unforgeable without the key. */
export function signValue(key: Buffer, value: string): string {
  return `${Buffer.from(value, 'utf8').toString('base64url')}.${mac(key, value).toString('base64url')}`;
}

/** The signed value, or undefined for anything malformed or tampered (compared in constant time). */
export function verifySignedValue(key: Buffer, token: string): string | undefined {
  if (typeof token !== 'string' || token.length > 1024) return undefined;
  const [encoded, signature, extra] = token.split('.');
  if (!encoded || !signature || extra !== undefined) return undefined;
  const value = Buffer.from(encoded, 'base64url').toString('utf8');
  // Re-encoding catches non-canonical base64url (two spellings of one token).
  if (Buffer.from(value, 'utf8').toString('base64url') !== encoded) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, value);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return value;
}

/** Keyed hash (not a plain SHA-256, which a list of known addresses would reverse). */
export function keyedHash(key: Buffer, value: string): string {
  return mac(key, value).toString('base64url');
}

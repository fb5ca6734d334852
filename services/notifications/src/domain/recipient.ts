import { keyedHash, purposeKey, signValue, verifySignedValue } from './signed-token.ts';

/**
 * Preferences are stored per customer email, but only as a keyed hash of it: the preference
 * store holds no address a leak could expose.
 */
export function recipientHash(email: string, secret: string): string {
  return keyedHash(purposeKey(secret, 'recipient-hash:v1'), email.trim().toLowerCase());
}

const UNSUBSCRIBE = 'unsubscribe:v1';

/** Token of the unsubscribe link: the signed recipient hash (never the address itself). */
export function unsubscribeToken(email: string, secret: string): string {
  return signValue(purposeKey(secret, UNSUBSCRIBE), recipientHash(email, secret));
}

export function recipientHashFromUnsubscribeToken(token: string, secret: string): string | undefined {
  return verifySignedValue(purposeKey(secret, UNSUBSCRIBE), token);
}

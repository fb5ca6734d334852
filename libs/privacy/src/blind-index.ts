import { createHmac } from 'node:crypto';
import type { KeyRing } from './key-ring.ts';

/** Trimmed, Unicode-normalised (NFKC) and lower-cased: how an email or name is compared. */
export const normalise = (value: string) => value.normalize('NFKC').trim().toLowerCase();

/**
 * A keyed hash of the normalised value (HMAC-SHA256, hex), to find records by a personal
 * value without storing it: equal inputs give equal indexes, and without the index key the
 * hash cannot be recomputed from a guessed email. `purpose` separates indexes of different
 * fields, so an email's index never matches a name's.
 */
export function blindIndex(ring: Pick<KeyRing, 'indexKey'>, purpose: string, value: string): string {
  return createHmac('sha256', ring.indexKey)
    .update(`${purpose}\0${normalise(value)}`)
    .digest('hex');
}

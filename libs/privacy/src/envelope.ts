import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './key-ring.ts';

const PREFIX = 'enc1';
const IV = 12;
const TAG = 16;

/** A sealed value names a key that is not in the ring, or does not authenticate. */
export class CiphertextUnreadable extends Error {
  override name = 'CiphertextUnreadable';
}

/**
 * AES-256-GCM envelope encryption. Each value gets its own random data key, encrypted
 * (wrapped) by the ring's active key-encryption key; the sealed string carries the KEK's id,
 * the wrapped data key and the ciphertext: `enc1.<kid>.<wrapped>.<data>` (base64url parts,
 * each `iv | tag | ciphertext`). `context` (e.g. `shops/<domain>/accessToken`) is bound as
 * associated data, so a value copied into another record or field does not open.
 */
export function createEnvelope(ring: KeyRing) {
  const kek = (id: string) => {
    const k = ring.keys.get(id);
    if (!k)
      throw new CiphertextUnreadable(`key ${id} is not in DATA_KEYS (keep old keys until rotation ends)`);
    return k;
  };
  const parse = (sealed: string) => {
    const [prefix, kid, wrapped, data, extra] = sealed.split('.');
    if (prefix !== PREFIX || !kid || !wrapped || !data || extra !== undefined)
      throw new CiphertextUnreadable('not a sealed value');
    return { kid, wrapped: Buffer.from(wrapped, 'base64url'), data: Buffer.from(data, 'base64url') };
  };
  const unwrap = (kid: string, wrapped: Buffer) => gcmOpen(kek(kid), wrapped, Buffer.from(kid));
  const wrap = (kid: string, dataKey: Buffer) => gcmSeal(kek(kid), dataKey, Buffer.from(kid));
  const format = (kid: string, wrapped: Buffer, data: Buffer) =>
    [PREFIX, kid, wrapped.toString('base64url'), data.toString('base64url')].join('.');

  return {
    seal(plain: string, context: string): string {
      const dataKey = randomBytes(32);
      const data = gcmSeal(dataKey, Buffer.from(plain, 'utf8'), Buffer.from(context));
      return format(ring.activeId, wrap(ring.activeId, dataKey), data);
    },
    open(sealed: string, context: string): string {
      const { kid, wrapped, data } = parse(sealed);
      return gcmOpen(unwrap(kid, wrapped), data, Buffer.from(context)).toString('utf8');
    },
    /** Whether the value is wrapped by a key other than the active one. */
    needsRewrap: (sealed: string) => parse(sealed).kid !== ring.activeId,
    /** The same ciphertext with its data key wrapped by the active key (the data is not re-encrypted). */
    rewrap(sealed: string): string {
      const { kid, wrapped, data } = parse(sealed);
      if (kid === ring.activeId) return sealed;
      return format(ring.activeId, wrap(ring.activeId, unwrap(kid, wrapped)), data);
    },
    isSealed: (value: unknown): value is string =>
      typeof value === 'string' && value.startsWith(`${PREFIX}.`),
  };
}
export type Envelope = ReturnType<typeof createEnvelope>;

function gcmSeal(key: Buffer, plain: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV);
  const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG }).setAAD(aad);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

function gcmOpen(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < IV + TAG) throw new CiphertextUnreadable('sealed value too short');
  try {
    const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV), { authTagLength: TAG });
    d.setAAD(aad).setAuthTag(sealed.subarray(IV, IV + TAG));
    return Buffer.concat([d.update(sealed.subarray(IV + TAG)), d.final()]);
  } catch {
    throw new CiphertextUnreadable('sealed value does not authenticate (wrong key, record or field)');
  }
}

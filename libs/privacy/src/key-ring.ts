import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Key-encryption keys by id, the one new records are wrapped with, and the blind-index key. */
export interface KeyRing {
  keys: ReadonlyMap<string, Buffer>;
  activeId: string;
  /** HMAC key of blind indexes; separate from the KEKs so rotating them keeps every index. */
  indexKey: Buffer;
  /** True when no keys were configured and the well-known development keys are in use. */
  devKeys: boolean;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,40}$/;
const key32 = z
  .string()
  .transform((s) => Buffer.from(s, 'base64'))
  .refine((b) => b.length === 32, 'must be 32 bytes, base64');

// Derived from public strings on purpose: anyone can read what they protect. Only for local
// runs and tests; production refuses them (keyRingFromEnv).
const devKey = (label: string) => createHash('sha256').update(`commerce-sync dev ${label}`).digest();
export const DEV_KEY_ID = 'dev';

/** The variables the key ring reads (a service's parsed config or process.env). */
export interface KeyEnv {
  DATA_KEYS?: string;
  DATA_KEY_ACTIVE?: string;
  DATA_INDEX_KEY?: string;
  NODE_ENV?: string;
}

/** Raised at start-up for a missing or invalid key variable; the message names it. */
export class KeyConfigInvalid extends Error {
  override name = 'KeyConfigInvalid';
}

/**
 * The key ring from the environment: `DATA_KEYS` = JSON `{"<id>":"<base64 32 bytes>"}`,
 * `DATA_KEY_ACTIVE` = the id new records use (default: the only one), `DATA_INDEX_KEY` =
 * base64 32 bytes for blind indexes. Without them, development keys (`devKeys: true`, for the
 * caller to log); with `NODE_ENV=production`, their absence is an error.
 */
export function keyRingFromEnv(env: KeyEnv = process.env): KeyRing {
  const production = env.NODE_ENV === 'production';
  if (!env.DATA_KEYS) {
    if (production) throw new KeyConfigInvalid('DATA_KEYS is required in production (JSON {id: base64 key})');
    return {
      keys: new Map([[DEV_KEY_ID, devKey('data key')]]),
      activeId: DEV_KEY_ID,
      indexKey: devKey('index key'),
      devKeys: true,
    };
  }
  const keys = parseKeys(env.DATA_KEYS);
  const activeId = env.DATA_KEY_ACTIVE || (keys.size === 1 ? [...keys.keys()][0] : undefined);
  if (!activeId || !keys.has(activeId))
    throw new KeyConfigInvalid('DATA_KEY_ACTIVE must name one of the keys in DATA_KEYS');
  if (!env.DATA_INDEX_KEY && production)
    throw new KeyConfigInvalid('DATA_INDEX_KEY is required in production (base64 32 bytes)');
  const index = env.DATA_INDEX_KEY ? key32.safeParse(env.DATA_INDEX_KEY) : undefined;
  if (index && !index.success) throw new KeyConfigInvalid('DATA_INDEX_KEY must be 32 bytes, base64');
  return { keys, activeId, indexKey: index?.data ?? devKey('index key'), devKeys: false };
}

function parseKeys(json: string): Map<string, Buffer> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new KeyConfigInvalid('DATA_KEYS is not JSON');
  }
  const parsed = z.record(z.string().regex(KEY_ID), key32).safeParse(raw);
  if (!parsed.success || Object.keys(parsed.data).length === 0)
    throw new KeyConfigInvalid('DATA_KEYS must map key ids ([A-Za-z0-9_-]) to base64 32-byte keys');
  return new Map(Object.entries(parsed.data));
}

import { randomUUID } from 'node:crypto';

/** EasyPost ids are `<prefix>_<32 hex>`; the client picks the model class from the prefix. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}

/** Timestamps as EasyPost writes them: seconds precision, `Z`. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

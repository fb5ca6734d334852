import { createHmac } from 'node:crypto';
import { isoSeconds, newId } from './ids.ts';
import type { Tracker } from './objects.ts';

/**
 * EasyPost serialises floats with a decimal point (`"weight": 16.0`); JSON.stringify writes
 * `16`. The official client rewrites integers after `"weight":` before checking the HMAC
 * (easypost-node issue #467), so the body we sign and send must already carry `.0`.
 */
export function easypostJson(value: unknown): string {
  return JSON.stringify(value).replace(/("weight":\s*)(\d+)(\s*)(?=,|\})/g, '$1$2.0');
}

/**
 * `X-Hmac-Signature: hmac-sha256-hex=<hex>` over the raw body with the webhook secret
 * NFKD-normalised, exactly what `client.Utils.validateWebhook` recomputes.
 */
export function signBody(body: string, secret: string): string {
  const key = Buffer.from(secret.normalize('NFKD'), 'utf8');
  return `hmac-sha256-hex=${createHmac('sha256', key).update(body, 'utf8').digest('hex')}`;
}

/** A `tracker.updated` Event carrying a snapshot of the tracker at this moment. */
export function trackerUpdatedEvent(tracker: Tracker, previousStatus: string, now: number) {
  const at = isoSeconds(now);
  return {
    id: newId('evt'),
    object: 'Event',
    mode: 'test',
    description: 'tracker.updated',
    previous_attributes: { status: previousStatus },
    result: structuredClone(tracker),
    status: 'pending',
    pending_urls: [],
    completed_urls: [],
    user_id: 'user_sim',
    created_at: at,
    updated_at: at,
  };
}

import { purposeKey, signValue, verifySignedValue } from './signed-token.ts';

const PURPOSE = 'tracking-page:v1';

/**
 * The token of an order's tracking page (`/track/<token>`): an HMAC-signed reference to one
 * order. Synchronous so a CLI (e.g. `npm start`) can print a link without a running service.
 */
export function trackingToken(orderId: string, secret: string): string {
  return signValue(purposeKey(secret, PURPOSE), orderId);
}

/** The order id a tracking token refers to, or undefined when it is malformed or tampered. */
export function orderIdFromTrackingToken(token: string, secret: string): string | undefined {
  return verifySignedValue(purposeKey(secret, PURPOSE), token);
}

export function trackingUrl(publicBaseUrl: string, orderId: string, secret: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/track/${trackingToken(orderId, secret)}`;
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Shopify's webhook check: base64 HMAC-SHA256 of the raw body with the app secret, compared
 * in constant time (https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook).
 */
export function verifyShopifyHmac(raw: Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const given = Buffer.from(header, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

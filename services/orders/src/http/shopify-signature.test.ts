import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { verifyShopifyHmac } from './shopify-signature.ts';

const body = Buffer.from('{"id":1001,"total_price":"19.99"}');
const sign = (b: Buffer, secret = 's3cret_value') => createHmac('sha256', secret).update(b).digest('base64');

describe('Shopify webhook signature', () => {
  it('when the HMAC is over the exact body with our secret, then it verifies', () => {
    assert.equal(verifyShopifyHmac(body, sign(body), 's3cret_value'), true);
  });
  it('when the body, the secret or the header differ, then it does not', () => {
    assert.equal(verifyShopifyHmac(Buffer.from(`${body} `), sign(body), 's3cret_value'), false);
    assert.equal(verifyShopifyHmac(body, sign(body, 'other_secret'), 's3cret_value'), false);
    assert.equal(verifyShopifyHmac(body, undefined, 's3cret_value'), false);
    assert.equal(verifyShopifyHmac(body, 'not base64 at all', 's3cret_value'), false);
    assert.equal(verifyShopifyHmac(body, sign(body).slice(0, 20), 's3cret_value'), false);
  });
});

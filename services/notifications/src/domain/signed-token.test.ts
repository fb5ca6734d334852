import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recipientHash, recipientHashFromUnsubscribeToken, unsubscribeToken } from './recipient.ts';
import { orderIdFromTrackingToken, trackingToken, trackingUrl } from './tracking-token.ts';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

describe('tracking token', () => {
  it('when a token is made for an order, then it verifies back to that order id', () => {
    const token = trackingToken('shop.myshopify.com:42', SECRET);
    assert.equal(orderIdFromTrackingToken(token, SECRET), 'shop.myshopify.com:42');
  });

  it('when the signature or the order part is changed by one character, then it is rejected', () => {
    const token = trackingToken('shop.myshopify.com:42', SECRET);
    const [order, sig] = token.split('.') as [string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    assert.equal(orderIdFromTrackingToken(`${order}.${flip(sig, 3)}`, SECRET), undefined);
    const other = Buffer.from('shop.myshopify.com:43').toString('base64url');
    assert.equal(orderIdFromTrackingToken(`${other}.${sig}`, SECRET), undefined);
    assert.equal(orderIdFromTrackingToken(`${flip(order, 0)}.${sig}`, SECRET), undefined);
  });

  it('when the token is signed with another secret or is garbage, then it is rejected', () => {
    assert.equal(orderIdFromTrackingToken(trackingToken('o:1', `${SECRET}x`), SECRET), undefined);
    for (const junk of ['', '.', 'abc', 'a.b.c', '%%%.%%%', 'x'.repeat(5000)]) {
      assert.equal(orderIdFromTrackingToken(junk, SECRET), undefined, junk.slice(0, 20));
    }
  });

  it('when an unsubscribe token is offered as a tracking token, then it is rejected (separate keys)', () => {
    assert.equal(orderIdFromTrackingToken(unsubscribeToken('ada@example.test', SECRET), SECRET), undefined);
  });

  it('when a tracking url is built, then it is the public base url + /track/<token>', () => {
    assert.equal(
      trackingUrl('https://shop.test/', 'o:1', SECRET),
      `https://shop.test/track/${trackingToken('o:1', SECRET)}`,
    );
  });
});

describe('recipient hash and unsubscribe token', () => {
  it('when the same address differs in case or spaces, then the hash is the same and holds no address', () => {
    const h = recipientHash(' Ada@Example.test ', SECRET);
    assert.equal(h, recipientHash('ada@example.test', SECRET));
    assert.ok(!h.includes('ada'));
    assert.notEqual(h, recipientHash('bob@example.test', SECRET));
  });

  it('when an unsubscribe token is verified, then it yields the recipient hash', () => {
    const token = unsubscribeToken('ada@example.test', SECRET);
    assert.equal(recipientHashFromUnsubscribeToken(token, SECRET), recipientHash('ada@example.test', SECRET));
    assert.ok(!token.includes('ada'));
    assert.equal(recipientHashFromUnsubscribeToken(trackingToken('o:1', SECRET), SECRET), undefined);
  });
});

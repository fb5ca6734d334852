import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contrastOnWhite, identityFor, ShopIdentitiesSchema } from './shop-identity.ts';

describe('shop identity', () => {
  it('when a shop is configured, then its values are used; when not, a name comes from its domain', () => {
    const shops = ShopIdentitiesSchema.parse({
      'blue.myshopify.com': { name: 'Blue Mugs', supportEmail: 'help@blue.test', accentColour: '#7c2d12' },
    });
    const blue = identityFor(shops, 'blue.myshopify.com');
    assert.equal(blue.name, 'Blue Mugs');
    assert.equal(blue.senderName, 'Blue Mugs');
    assert.equal(blue.accentColour, '#7c2d12');
    const other = identityFor(shops, 'green-tea-house.myshopify.com');
    assert.equal(other.name, 'Green Tea House');
    assert.equal(other.timeZone, 'UTC');
    assert.equal(other.supportEmail, undefined);
  });

  it('when an accent colour is too light to read on white, or a logo is not https, then the config is refused', () => {
    assert.ok(contrastOnWhite('#1d4ed8') >= 4.5);
    assert.equal(
      ShopIdentitiesSchema.safeParse({ s: { name: 'S', accentColour: '#facc15' } }).success,
      false,
    );
    assert.equal(
      ShopIdentitiesSchema.safeParse({ s: { name: 'S', logoUrl: 'http://x.test/l.png' } }).success,
      false,
    );
    assert.equal(
      ShopIdentitiesSchema.safeParse({ s: { name: 'S', timeZone: 'Mars/Olympus' } }).success,
      false,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideReserve, isStale, ledgerDocumentUri, mergeLines, stepKey } from './reservation.ts';

describe('reservation domain', () => {
  it('when an order has two lines of one SKU, then they merge into one line, sorted by SKU', () => {
    const lines = mergeLines([
      { sku: 'TEE-M', quantity: 1 },
      { sku: 'MUG-WHT', quantity: 2 },
      { sku: 'TEE-M', quantity: 3 },
    ]);
    assert.deepEqual(
      lines.map((l) => [l.sku, l.quantity, l.state]),
      [
        ['MUG-WHT', 2, 'pending'],
        ['TEE-M', 4, 'pending'],
      ],
    );
  });

  it('when available covers the line exactly, then move; one short, then short', () => {
    assert.equal(decideReserve({ quantity: 3 }, 3), 'move');
    assert.equal(decideReserve({ quantity: 3 }, 2), 'short');
    assert.equal(decideReserve({ quantity: 1 }, 0), 'short');
    assert.equal(decideReserve({ quantity: 1 }, -2), 'short');
  });

  it('when keys are built, then they name order, step, SKU and CAS attempt', () => {
    assert.equal(stepKey('shop:1', 'reserve', 'TEE-M', 2), 'shop:1:reserve:TEE-M:2');
    assert.equal(stepKey('shop:1', 'release', 'TEE-M'), 'shop:1:release:TEE-M');
  });

  it('when the order id has URI-unsafe characters, then the ledger document stays a valid non-Shopify URI', () => {
    const uri = ledgerDocumentUri('demo.myshopify.com:10 01');
    assert.match(uri, /^gid:\/\/commerce-sync\/Order\/[^\s]+$/);
    assert.ok(!uri.startsWith('gid://shopify/'));
  });

  it('when a held reservation is older than the limit, then it is stale; final states never are', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    const old = new Date('2026-01-01T10:00:00Z');
    const hour = 3_600_000;
    assert.equal(isStale({ status: 'reserved', updatedAt: old }, now, hour), true);
    assert.equal(isStale({ status: 'reserving', updatedAt: old }, now, hour), true);
    assert.equal(isStale({ status: 'reserved', updatedAt: old }, now, 3 * hour), false);
    for (const status of ['rejected', 'released', 'committed'] as const) {
      assert.equal(isStale({ status, updatedAt: old }, now, hour), false);
    }
  });
});

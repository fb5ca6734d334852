import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getContract, isMessageType, messageTypes, parseMessage } from './registry.ts';

describe('message registry', () => {
  it('when listing every contract, then types follow the naming rule of their kind', () => {
    for (const c of Object.values(messageTypes)) {
      assert.match(c.type, /^[a-z]+\.[a-z_]+$/, c.type);
      assert.ok(c.version >= 1);
      assert.ok(c.description.length > 10, `${c.type} has a description`);
    }
  });

  it('when the saga is read, then every command it needs has a contract', () => {
    for (const t of [
      'payment.authorize',
      'payment.capture',
      'payment.void',
      'payment.refund',
      'stock.reserve',
      'stock.release',
      'stock.commit',
      'shipment.create',
      'shipment.cancel',
    ]) {
      assert.equal(getContract(t)?.kind, 'command', t);
    }
  });

  it('when a valid body is parsed, then the typed payload comes back', () => {
    const r = parseMessage('stock.reserve', {
      orderId: 'shop.example:1001',
      lines: [{ sku: 'TEE-M', quantity: 2 }],
    });
    assert.equal(r.ok, true);
    if (r.ok) assert.equal(r.payload.lines[0]?.quantity, 2);
  });

  it('when a body breaks its schema, then the reason names the failing field', () => {
    const r = parseMessage('stock.reserve', {
      orderId: 'shop.example:1001',
      lines: [{ sku: 'TEE-M', quantity: -1 }],
    });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /lines\.0\.quantity/);
  });

  it('when the type is unknown, then parsing fails without throwing', () => {
    assert.equal(isMessageType('order.exploded'), false);
    const r = parseMessage('order.exploded', {});
    assert.equal(r.ok, false);
  });

  it('when an operator object is sent where a string belongs, then it is rejected', () => {
    const r = parseMessage('payment.void', { orderId: { $gt: '' } });
    assert.equal(r.ok, false);
  });
});

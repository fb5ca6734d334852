import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Box, DEFAULT_BOXES, packParcel } from './parcel.ts';

describe('packParcel', () => {
  it('when the goods are light, then the small box is used and the weight includes it, in ounces', () => {
    const p = packParcel([{ quantity: 2, grams: 200 }]);
    assert.equal(p.box, 'small');
    assert.deepEqual([p.length, p.width, p.height], [9, 6, 3]);
    assert.equal(p.weight, Math.ceil(((400 + 90) / 28.349523125) * 10) / 10);
  });
  it('when the goods exceed a box, then the next box that holds them is used', () => {
    assert.equal(packParcel([{ quantity: 3, grams: 1_000 }]).box, 'medium');
  });
  it('when nothing holds the goods, then the largest box is used with the full weight', () => {
    const p = packParcel([{ quantity: 30, grams: 1_000 }]);
    assert.equal(p.box, 'large');
    assert.ok(p.weight > 30_000 / 28.35);
  });
  it('when a product weight is unknown, then it still counts a minimum weight', () => {
    assert.ok(packParcel([{ quantity: 1, grams: 0 }]).weight > packParcel([]).weight);
  });
  it('when boxes are configured, then they are used in their order', () => {
    const boxes: Box[] = [{ name: 'mailer', length: 10, width: 7, height: 1, tareGrams: 20, maxGrams: 500 }];
    assert.equal(packParcel([{ quantity: 1, grams: 100 }], boxes).box, 'mailer');
    assert.throws(() => packParcel([], []));
  });
  it('when the default boxes are listed, then they grow in capacity', () => {
    const caps = DEFAULT_BOXES.map((b) => b.maxGrams);
    assert.deepEqual(
      [...caps].sort((a, b) => a - b),
      caps,
    );
  });
});

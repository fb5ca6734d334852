import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromMinorUnits, toMinorUnits } from './money.ts';

describe('money', () => {
  it('when string money is converted, then no float error creeps in', () => {
    assert.equal(toMinorUnits('19.99', 'USD'), 1999);
    assert.equal(toMinorUnits('0.29', 'EUR'), 29);
    assert.equal(toMinorUnits('1.1', 'USD'), 110);
    assert.equal(toMinorUnits('1005.00', 'USD'), 100500);
    assert.equal(toMinorUnits('4.35', 'USD'), 435); // 4.35 * 100 = 434.99999999999994 as a float
  });

  it('when the currency has no minor unit or three, then the exponent follows ISO 4217', () => {
    assert.equal(toMinorUnits('1500', 'JPY'), 1500);
    assert.equal(toMinorUnits('1.234', 'KWD'), 1234);
  });

  it('when the amount has more decimals than the currency, then it is refused', () => {
    assert.throws(() => toMinorUnits('1.999', 'USD'), RangeError);
    assert.equal(toMinorUnits('1.990', 'USD'), 199);
  });

  it('when the amount is not a plain decimal, then it is refused', () => {
    for (const bad of ['-1.00', '1e3', 'abc', '', '1.2.3'])
      assert.throws(() => toMinorUnits(bad, 'USD'), RangeError, bad);
  });

  it('when minor units are formatted, then the decimal string round-trips', () => {
    assert.equal(fromMinorUnits(1999, 'USD'), '19.99');
    assert.equal(fromMinorUnits(5, 'USD'), '0.05');
    assert.equal(fromMinorUnits(1500, 'JPY'), '1500');
  });
});

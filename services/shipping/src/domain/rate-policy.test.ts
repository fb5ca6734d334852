import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseRate, isAllowed, parseRatePolicy, type Quote } from './rate-policy.ts';

const q = (id: string, carrier: string, service: string, rate: string, days: number | null): Quote => ({
  id,
  carrier,
  service,
  rate,
  currency: 'USD',
  days,
});

const quotes = [
  q('ground', 'USPS', 'GroundAdvantage', '6.10', 5),
  q('priority', 'USPS', 'Priority', '9.40', 2),
  q('ups-ground', 'UPS', 'Ground', '10.90', 4),
  q('next-day', 'UPS', 'NextDayAir', '41.00', 1),
  q('fedex-2day', 'FedEx', 'FEDEX_2_DAY', '9.40', 2),
];

describe('parseRatePolicy', () => {
  it('when the text names a policy, then it is parsed', () => {
    assert.deepEqual(parseRatePolicy('cheapest'), { kind: 'cheapest' });
    assert.deepEqual(parseRatePolicy(' fastest '), { kind: 'fastest' });
    assert.deepEqual(parseRatePolicy('cheapest_within_days:3'), { kind: 'cheapest_within_days', days: 3 });
  });
  it('when the text is not a policy, then it is undefined', () => {
    for (const bad of ['', 'cheap', 'cheapest_within_days:', 'cheapest_within_days:x', 'fastest:2']) {
      assert.equal(parseRatePolicy(bad), undefined, bad);
    }
  });
});

describe('chooseRate', () => {
  it('when the policy is cheapest, then the lowest price wins', () => {
    assert.equal(chooseRate(quotes, { kind: 'cheapest' })?.id, 'ground');
  });
  it('when the policy is fastest, then the fewest days win', () => {
    assert.equal(chooseRate(quotes, { kind: 'fastest' })?.id, 'next-day');
  });
  it('when two quotes cost the same, then the faster one wins, then the courier order', () => {
    const tie = [
      q('slow', 'A', 'x', '5.00', 4),
      q('quick', 'B', 'y', '5.00', 2),
      q('quick2', 'C', 'z', '5.00', 2),
    ];
    assert.equal(chooseRate(tie, { kind: 'cheapest' })?.id, 'quick');
  });
  it('when two quotes are as fast, then the cheaper one wins', () => {
    assert.equal(chooseRate(quotes.slice(1), { kind: 'fastest' })?.id, 'next-day');
    const twoDay = quotes.filter((x) => x.days === 2);
    assert.equal(chooseRate(twoDay, { kind: 'fastest' })?.id, 'priority');
  });
  it('when the policy is cheapest within 4 days, then the cheapest quote arriving in time wins', () => {
    assert.equal(chooseRate(quotes, { kind: 'cheapest_within_days', days: 4 })?.id, 'priority');
    assert.equal(chooseRate(quotes, { kind: 'cheapest_within_days', days: 5 })?.id, 'ground');
  });
  it('when no quote arrives within the days, then the fastest is taken', () => {
    const slow = [q('a', 'USPS', 'GroundAdvantage', '6.10', 5), q('b', 'UPS', 'Ground', '9.00', 4)];
    assert.equal(chooseRate(slow, { kind: 'cheapest_within_days', days: 2 })?.id, 'b');
  });
  it('when a quote has no days, then it is never the fastest nor within days', () => {
    const vague = [q('vague', 'X', 'x', '1.00', null), q('known', 'Y', 'y', '9.00', 3)];
    assert.equal(chooseRate(vague, { kind: 'fastest' })?.id, 'known');
    assert.equal(chooseRate(vague, { kind: 'cheapest_within_days', days: 3 })?.id, 'known');
    assert.equal(chooseRate(vague, { kind: 'cheapest' })?.id, 'vague');
  });
  it('when an allowlist is set, then only allowed carriers and services are considered', () => {
    assert.equal(chooseRate(quotes, { kind: 'cheapest' }, ['ups'])?.id, 'ups-ground');
    assert.equal(chooseRate(quotes, { kind: 'fastest' }, ['FedEx', 'USPS'])?.id, 'priority');
    assert.equal(chooseRate(quotes, { kind: 'cheapest' }, ['UPS:NextDayAir'])?.id, 'next-day');
  });
  it('when nothing is allowed or there are no quotes, then there is no rate', () => {
    assert.equal(chooseRate(quotes, { kind: 'cheapest' }, ['DHL']), undefined);
    assert.equal(chooseRate([], { kind: 'fastest' }), undefined);
  });
  it('when prices have different lengths, then they compare as money, not as text', () => {
    const m = [q('ten', 'A', 'a', '10.00', 2), q('nine', 'B', 'b', '9.5', 2)];
    assert.equal(chooseRate(m, { kind: 'cheapest' })?.id, 'nine');
  });
});

describe('isAllowed', () => {
  it('when the allowlist is empty, then everything is allowed', () => {
    assert.equal(isAllowed({ carrier: 'DHL', service: 'x' }, []), true);
  });
  it('when only another service of the carrier is listed, then it is refused', () => {
    assert.equal(isAllowed({ carrier: 'UPS', service: 'Ground' }, ['UPS:2ndDayAir']), false);
  });
});

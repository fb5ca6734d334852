import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCostPacer } from './shopify-pacer.ts';

const cost = (requested: number, available: number, restoreRate = 100, max = 2000) => ({
  requestedQueryCost: requested,
  actualQueryCost: requested,
  throttleStatus: { maximumAvailable: max, currentlyAvailable: available, restoreRate },
});

function fakeClock() {
  let t = 0;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    waits,
  };
}

describe('Shopify cost pacer', () => {
  it('when nothing is known about the bucket yet, then the first call goes at once', async () => {
    const clock = fakeClock();
    const pacer = createCostPacer(clock);
    assert.equal(await pacer.take('inventoryMove'), 0);
  });

  it('when the bucket holds the cost, then the call goes at once', async () => {
    const clock = fakeClock();
    const pacer = createCostPacer(clock);
    pacer.observe('inventoryMove', cost(13, 500));
    assert.equal(await pacer.take('inventoryMove'), 0);
  });

  it('when the bucket is nearly empty, then the call waits until its cost has been restored', async () => {
    const clock = fakeClock();
    const pacer = createCostPacer(clock);
    pacer.observe('inventoryMove', cost(13, 3));
    assert.equal(await pacer.take('inventoryMove'), 100); // 10 points missing at 100 points/s
  });

  it('when several calls arrive at an empty bucket, then each waits behind the ones before it', async () => {
    const clock = fakeClock();
    const pacer = createCostPacer({ now: clock.now, sleep: () => Promise.resolve() });
    pacer.observe('inventoryMove', cost(10, 0));
    const waits = await Promise.all([1, 2, 3].map(() => pacer.take('inventoryMove')));
    assert.deepEqual(waits, [100, 200, 300]);
  });

  it('when an answer arrives while calls wait, then their points stay promised in the new figure', async () => {
    const clock = fakeClock();
    const waits: number[] = [];
    const pacer = createCostPacer({
      now: clock.now,
      sleep: (ms) => {
        waits.push(ms);
        return new Promise<void>(() => {}); // still waiting
      },
    });
    pacer.observe('inventoryMove', cost(10, 0));
    void pacer.take('inventoryMove'); // waits 100 ms for its 10 points
    pacer.observe('inventoryMove', cost(10, 5)); // Shopify: 5 left, but 10 are promised
    void pacer.take('inventoryMove');
    assert.deepEqual(waits, [100, 150]); // 5 − 10 − 10 = −15 points → 150 ms
  });

  it('when the refill would overflow the bucket, then it stops at the maximum', async () => {
    const clock = fakeClock();
    const pacer = createCostPacer(clock);
    pacer.observe('sync', cost(300, 100, 100, 400));
    clock.advance(60_000); // a minute idle: full (400), not 6 100
    assert.equal(await pacer.take('sync'), 0); // 400 − 300 = 100 left
    assert.equal(await pacer.take('sync'), 2000); // 100 − 300 = −200 → 2 s
  });

  it('when an answer carries no cost extension, then the pacer keeps its estimate', async () => {
    const clock = fakeClock();
    const pacer = createCostPacer(clock);
    pacer.observe('inventoryMove', undefined);
    pacer.observe('inventoryMove', { requestedQueryCost: 'x' });
    assert.equal(await pacer.take('inventoryMove'), 0);
  });
});

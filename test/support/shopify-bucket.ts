import type { Stack } from './stack-harness.ts';

/**
 * Sets the simulated shop's GraphQL cost bucket: `pointsPerS` restored per second, 20 × that
 * in the bucket (0 = keep the simulator's standard plan, 100/s). A shop placing orders every
 * second is on Shopify Plus (1,000/s); on the standard plan the ~80 points an order costs
 * cap the whole system near one order a second, whatever our code does.
 */
export async function setShopifyBucket(stack: Pick<Stack, 'url'>, pointsPerS: number): Promise<void> {
  if (!pointsPerS) return;
  const res = await fetch(`${stack.url.shopify}/__sim/throttle`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ maximumAvailable: 20 * pointsPerS, restoreRate: pointsPerS }),
  });
  if (!res.ok) throw new Error(`Shopify simulator refused the throttle: ${res.status}`);
}

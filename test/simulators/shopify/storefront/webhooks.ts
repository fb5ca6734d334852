import { createHmac, randomUUID } from 'node:crypto';
import type { FaultInjector } from '../../common/faults.ts';
import { createWebhookSender, type WebhookSender } from '../../common/webhook-sender.ts';

export type OrderTopic = 'orders/create' | 'orders/cancelled';
/** Sent about the shop rather than one order: the uninstall and the mandatory compliance topics. */
export const SHOP_TOPICS = [
  'app/uninstalled',
  'customers/redact',
  'shop/redact',
  'customers/data_request',
] as const;
export type ShopTopic = (typeof SHOP_TOPICS)[number];

/** Shopify's rule: base64 of HMAC-SHA256 over the raw body with the app's secret. */
export function shopifyHmac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export interface StorefrontWebhooks {
  sender: WebhookSender;
  send(topic: OrderTopic | ShopTopic, payload: unknown): string;
  readonly shop: string;
}

/**
 * Sends order webhooks with every header Shopify sends
 * (https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook).
 */
export function createStorefrontWebhooks(opts: {
  url: () => string | undefined;
  secret: string;
  shop: string;
  apiVersion: string;
  faults: FaultInjector;
  retryDelaysMs?: number[];
}): StorefrontWebhooks {
  const sender = createWebhookSender({
    url: opts.url,
    faults: opts.faults,
    ...(opts.retryDelaysMs ? { retryDelaysMs: opts.retryDelaysMs } : {}),
  });
  return {
    sender,
    shop: opts.shop,
    send(topic, payload) {
      const body = JSON.stringify(payload);
      const id = randomUUID();
      sender.send({
        id,
        body,
        headers: {
          'X-Shopify-Topic': topic,
          'X-Shopify-Hmac-Sha256': shopifyHmac(body, opts.secret),
          'X-Shopify-Shop-Domain': opts.shop,
          'X-Shopify-API-Version': opts.apiVersion,
          'X-Shopify-Webhook-Id': id,
          'X-Shopify-Event-Id': randomUUID(),
          'X-Shopify-Triggered-At': new Date().toISOString(),
          'User-Agent': 'Shopify-Captain-Hook',
        },
      });
      return id;
    },
  };
}

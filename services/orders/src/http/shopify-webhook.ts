import { SignatureInvalid, ValidationFailed } from '@commerce-sync/errors';
import type { Request, Response, Router } from 'express';
import type { Delivery } from '../adapters/delivery-model.ts';
import type { Received } from '../handlers/process-delivery.ts';
import { ShopifyOrderPayload } from '../domain/shopify-order.ts';
import { type Compliance, isComplianceTopic } from '../shops/compliance.ts';
import { verifyShopifyHmac } from './shopify-signature.ts';

const TOPICS = new Set(['orders/create', 'orders/cancelled']);
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$/;

interface Deps {
  secret: string;
  /** Applies a delivery just received (see createDeliveryProcessor). */
  receive(d: Delivery): Promise<Received>;
  /** app/uninstalled, the compliance topics, and whether a shop's orders are taken. */
  compliance: Pick<Compliance, 'receive' | 'accepting'>;
  /** Records a delivery that is not processed (its shop uninstalled). */
  recordSkipped(d: Delivery): Promise<void>;
}

function requiredHeaders(req: Request) {
  const topic = req.get('X-Shopify-Topic');
  const shop = req.get('X-Shopify-Shop-Domain')?.toLowerCase();
  const webhookId = req.get('X-Shopify-Webhook-Id');
  const fields = [
    !topic && { field: 'header:X-Shopify-Topic', message: 'required' },
    !(shop && SHOP_DOMAIN.test(shop)) && {
      field: 'header:X-Shopify-Shop-Domain',
      message: 'a *.myshopify.com domain is required',
    },
    !(webhookId && webhookId.length <= 100) && { field: 'header:X-Shopify-Webhook-Id', message: 'required' },
  ].filter((f): f is { field: string; message: string } => Boolean(f));
  if (fields.length) throw new ValidationFailed('Shopify webhook headers missing', { fields });
  return { topic: String(topic), shop: String(shop), webhookId: String(webhookId) };
}

/**
 * POST /webhooks/shopify: verify, validate, apply the saga step (dedup on the webhook id, kept
 * by the order) and record the delivery, then answer 200. A crash or a store error before
 * that answers no 200, and Shopify retries (up to 8 times over 4 hours).
 */
export function shopifyWebhookRoute(r: Router, deps: Deps): void {
  r.post('/webhooks/shopify', async (req: Request, res: Response) => {
    const raw = req.rawBody ?? Buffer.alloc(0);
    if (!verifyShopifyHmac(raw, req.get('X-Shopify-Hmac-Sha256'), deps.secret))
      throw new SignatureInvalid('X-Shopify-Hmac-Sha256 does not match the body', {
        help: 'Sign the raw body with the app secret (base64 HMAC-SHA256).',
      });
    const { topic, shop, webhookId } = requiredHeaders(req);
    if (isComplianceTopic(topic)) {
      res.status(200).json(await deps.compliance.receive(topic, shop, webhookId, req.body));
      return;
    }
    if (!TOPICS.has(topic)) {
      res.status(200).json({ ignored: true, reason: `topic ${topic} is not handled` });
      return;
    }
    const parsed = ShopifyOrderPayload.safeParse(req.body);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({
        field: i.path.join('.') || '(body)',
        message: i.message,
      }));
      throw new ValidationFailed('the order payload does not match what the saga needs', { fields });
    }
    const delivery: Delivery = {
      _id: webhookId,
      topic,
      shop,
      body: raw.toString('utf8'),
      receivedAt: new Date(),
    };
    if (!(await deps.compliance.accepting(shop))) {
      await deps.recordSkipped({ ...delivery, skipped: 'shop uninstalled' });
      res.status(200).json({ received: true, processed: false, reason: 'the shop uninstalled the app' });
      return;
    }
    // Applied before the answer (a few milliseconds; Shopify waits 5 s): a duplicate is
    // absorbed by the order, which keeps the webhook id as its idempotency key.
    const outcome = await deps.receive(delivery);
    res.status(200).json({ received: true, ...(outcome === 'duplicate' ? { duplicate: true } : {}) });
  });
}

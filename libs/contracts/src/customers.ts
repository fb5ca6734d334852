import { z } from 'zod';
import { OrderId, Timestamp } from './common.ts';
import { event } from './define.ts';
import { SERVICES } from './names.ts';

/** What a redaction covers: one customer's orders (customers/redact) or a whole shop (shop/redact). */
export const RedactionScope = z.enum(['customer', 'shop']);

export const CustomerRedactionRequested = event(
  'customer.redaction_requested',
  z.object({
    /** Stable across redeliveries of the compliance webhook: every service keys its work by it. */
    requestId: z.string().min(1).max(200),
    shop: z.string(),
    scope: RedactionScope,
    /** The orders whose personal data goes (ids only: no personal value travels). */
    orderIds: z.array(OrderId).max(10_000),
    requestedAt: Timestamp,
  }),
  'orders: Shopify asked to forget a customer or a shop; every service that stores personal data of these orders removes it and confirms.',
);

export const CustomerRedacted = event(
  'customer.redacted',
  z.object({
    requestId: z.string().min(1).max(200),
    service: z.enum(SERVICES),
    /** Documents changed (0 when there was nothing, or on a repeat). */
    documents: z.number().int().nonnegative(),
    redactedAt: Timestamp,
  }),
  'every service holding personal data: the redaction of a request is done here (orders records it per service).',
);

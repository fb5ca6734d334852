import type { NotificationKind, Payload } from '@commerce-sync/contracts';
import { formatMoney } from './format-money.ts';
import { catalogueFor } from './locales/index.ts';
import { type RenderedEmail, renderEmail } from './render-email.ts';

export interface EmailLinks {
  trackingPageUrl: string;
  unsubscribeUrl?: string;
}

/** The email announcing `kind` for an order, in the order's language, from the event alone. */
export function composeEmail(
  kind: NotificationKind,
  order: Payload<'order.status_changed'>,
  links: EmailLinks,
): RenderedEmail {
  const catalogue = catalogueFor(order.customer.locale);
  const { shipment } = order;
  return renderEmail({
    kind,
    catalogue,
    facts: {
      ...(order.customer.name ? { name: order.customer.name } : {}),
      orderRef: order.sourceId,
      total: formatMoney(order.totalMinor, order.currency, catalogue.lang),
      ...(shipment ? { carrier: shipment.carrier, trackingCode: shipment.trackingCode } : {}),
      ...(typeof order.reason === 'string' ? { reason: order.reason } : {}),
      ...(order.money ? { money: order.money } : {}),
    },
    lines: order.lines.map((l) => ({ title: l.title, quantity: l.quantity })),
    ...(shipment?.trackingUrl ? { courierUrl: shipment.trackingUrl } : {}),
    trackingPageUrl: links.trackingPageUrl,
    ...(links.unsubscribeUrl ? { unsubscribeUrl: links.unsubscribeUrl } : {}),
  });
}

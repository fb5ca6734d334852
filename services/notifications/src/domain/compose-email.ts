import type { NotificationKind, Payload } from '@commerce-sync/contracts';
import { formatMoney } from './format-money.ts';
import { catalogueFor } from './locales/index.ts';
import { PROGRESS_STEPS, type ProgressStep } from './progress-steps.ts';
import { type RenderedEmail, renderEmail } from './render-email.ts';
import type { ShopIdentity } from './shop-identity.ts';

export interface EmailLinks {
  trackingPageUrl: string;
  unsubscribeUrl?: string;
}

/** What the event does not carry: from this service's own view of the order and config. */
export interface EmailContext {
  identity: ShopIdentity;
  /** The storefront's name of the order ("#1307"), from order.placed. */
  orderName?: string;
  estimatedDeliveryAt?: string;
}

const STEP_OF_KIND: Partial<Record<NotificationKind, ProgressStep>> = {
  order_confirmed: 'paid',
  shipped: 'shipped',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
};

/** The email announcing `kind` for an order, in the order's language. */
export function composeEmail(
  kind: NotificationKind,
  order: Payload<'order.status_changed'>,
  links: EmailLinks,
  context: EmailContext,
): RenderedEmail {
  const c = catalogueFor(order.customer.locale);
  const money = (minor: number) => formatMoney(minor, order.currency, c.lang);
  const { shipment } = order;
  const step = STEP_OF_KIND[kind];
  const showEta = context.estimatedDeliveryAt && (kind === 'shipped' || kind === 'out_for_delivery');
  return renderEmail({
    kind,
    catalogue: c,
    identity: context.identity,
    facts: {
      ...(order.customer.name ? { name: order.customer.name } : {}),
      ...(context.orderName ? { orderRef: context.orderName } : {}),
      shopName: context.identity.name,
      total: money(order.totalMinor),
      ...(shipment ? { carrier: shipment.carrier, trackingCode: shipment.trackingCode } : {}),
      ...(typeof order.reason === 'string' ? { reason: order.reason } : {}),
      ...(order.money ? { money: order.money } : {}),
    },
    lines: order.lines.map((l) => ({
      title: l.title,
      quantity: l.quantity,
      amount: money(l.unitPriceMinor * l.quantity),
    })),
    ...(step
      ? { step: c.labels.step(PROGRESS_STEPS.indexOf(step) + 1, PROGRESS_STEPS.length, c.steps[step]) }
      : {}),
    ...(showEta && context.estimatedDeliveryAt
      ? { eta: c.formatDay(context.estimatedDeliveryAt, context.identity.timeZone) }
      : {}),
    ...(shipment?.trackingUrl ? { courierUrl: shipment.trackingUrl } : {}),
    trackingPageUrl: links.trackingPageUrl,
    ...(links.unsubscribeUrl ? { unsubscribeUrl: links.unsubscribeUrl } : {}),
  });
}

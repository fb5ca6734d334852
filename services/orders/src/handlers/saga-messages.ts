import type { MessageType, Payload } from '@commerce-sync/contracts';
import type { Messaging } from '@commerce-sync/messaging';
import { type SagaEvent, trackingEventType } from '../domain/saga-event.ts';
import type { OrderDocument } from '../adapters/order-model.ts';
import { applySagaEvent, type SagaDeps } from './apply-saga-event.ts';
import type { WriteBackRun } from './write-back.ts';

type Translate<T extends MessageType> = (p: Payload<T>) => SagaEvent | undefined;

/**
 * Every other service's answer, translated into a saga event. All handlers are the same
 * step (translate, apply, maybe write back), so the translations sit in one table instead
 * of one file per message.
 */
const TRANSLATIONS: { [T in MessageType]?: Translate<T> } = {
  'payment.authorized': (p) => ({ type: 'payment.authorized', paymentIntentId: p.paymentIntentId }),
  'payment.failed': (p) => ({ type: 'payment.failed', reason: p.declineCode ?? p.reason }),
  'payment.captured': (p) => ({ type: 'payment.captured', paymentIntentId: p.paymentIntentId }),
  'payment.capture_failed': (p) => ({ type: 'payment.capture_failed', reason: p.reason }),
  'payment.voided': () => ({ type: 'payment.voided' }),
  'payment.refunded': () => ({ type: 'payment.refunded' }),
  'stock.reserved': () => ({ type: 'stock.reserved' }),
  'stock.rejected': (p) => ({ type: 'stock.rejected', skus: p.shortages.map((s) => s.sku) }),
  'stock.released': () => ({ type: 'stock.released' }),
  'stock.committed': () => ({ type: 'stock.committed' }),
  'shipment.label_purchased': (p) => ({
    type: 'shipment.label_purchased',
    shipment: {
      shipmentId: p.shipmentId,
      carrier: p.carrier,
      service: p.service,
      trackingCode: p.trackingCode,
      trackingUrl: p.trackingUrl,
      labelUrl: p.labelUrl,
      ...(p.estimatedDeliveryAt ? { estimatedDeliveryAt: p.estimatedDeliveryAt } : {}),
    },
  }),
  'shipment.failed': (p) => ({
    type: 'shipment.failed',
    reason: p.code ? `${p.code}: ${p.reason}` : p.reason,
  }),
  'shipment.cancelled': () => ({ type: 'shipment.cancelled' }),
  'shipment.cancel_refused': (p) => ({ type: 'shipment.cancel_refused', reason: p.reason }),
  'tracking.updated': (p) => {
    const type = trackingEventType(p.status);
    return type && { type, trackingStatus: p.status };
  },
};

/** Messages after which the storefront may need a write-back. */
const WRITES_BACK = new Set<MessageType>(['shipment.label_purchased', 'tracking.updated']);

export const SAGA_MESSAGE_TYPES = Object.keys(TRANSLATIONS) as MessageType[];

export function registerSagaHandlers(
  messaging: Pick<Messaging, 'handle'>,
  deps: SagaDeps & { writeBack: WriteBackRun },
): void {
  for (const type of SAGA_MESSAGE_TYPES) {
    const translate = TRANSLATIONS[type] as Translate<MessageType>;
    // No inbox read first: the effect is the order write, keyed by this message in `ctx.apply`
    // (a duplicate finds its key there), and the write-back is idempotent. That read found
    // nothing for these messages and cost a round trip per message.
    messaging.handle(
      type,
      async (msg, ctx) => {
        const payload = msg.payload as { orderId: string };
        const event = translate(msg.payload as never);
        const step =
          event && (await applySagaEvent(deps, payload.orderId, event, { cause: msg.messageId, ctx }));
        // After the saga write, not awaited: the storefront being slow, throttling or down must
        // never fail (and park) the saga's message. A failed write-back stays pending with a
        // backoff for the sweeper; after a redelivery this also retries an earlier failure.
        // The order just written goes along, so the write-back need not read it again. A
        // message that is no saga step (a tracking status the saga ignores) writes nothing back.
        if (WRITES_BACK.has(type) && step)
          void deps.writeBack(payload.orderId, {
            ...(step.order ? { order: step.order.toObject() as OrderDocument } : {}),
            started: step.writeBackStarted,
          });
      },
      { inboxRead: false },
    );
  }
}

import type { OrderStatus } from '@commerce-sync/contracts';
import type { SagaEventType } from './saga-event.ts';

/** What a step does besides moving the status; implemented in actions.ts. */
export type Action =
  | 'announce'
  | 'authorize'
  | 'reserve'
  | 'capture'
  | 'ship'
  | 'commitStock'
  | 'writeFulfillment'
  | 'writeEvent'
  | 'cancel'
  | 'compensate'
  | 'attention'
  | 'exception'
  | 'requestLabelCancel'
  | 'cancelRefused'
  | 'resume'
  | 'resend';

/** Keep the status; resume: go back to `resumeFrom`; refuse: say no (parcel already moving). */
export const STAY = 'stay';
export const RESUME = 'resume';
export const REFUSE = 'refuse';

export type Step = readonly [OrderStatus | typeof STAY | typeof RESUME, ...Action[]] | typeof REFUSE;

/**
 * The order saga (DESIGN §3), one row per state. A cell missing here is decided by
 * `transition()`: an event of an earlier step is late or a duplicate (ignored); one of a
 * later step is early (rejected, retryable); a compensation's answer settles it.
 */
export const TRANSITIONS: Record<OrderStatus, Partial<Record<SagaEventType, Step>>> = {
  received: {
    'order.placed': ['authorizing', 'announce', 'authorize'],
    'order.unpayable': ['needs_attention', 'attention'],
    'cancel.requested': ['cancelled', 'cancel'],
  },
  authorizing: {
    'payment.authorized': ['reserving', 'reserve'],
    'payment.failed': ['cancelled', 'cancel'],
    'cancel.requested': ['cancelled', 'cancel'],
    'deadline.passed': [STAY, 'resend'],
  },
  reserving: {
    'stock.reserved': ['capturing', 'capture'],
    'stock.rejected': ['cancelled', 'cancel'],
    'cancel.requested': ['cancelled', 'cancel'],
    'deadline.passed': [STAY, 'resend'],
  },
  capturing: {
    'payment.captured': ['fulfilling', 'ship'],
    'payment.capture_failed': ['cancelled', 'cancel'],
    'cancel.requested': ['cancelled', 'cancel'],
    'deadline.passed': [STAY, 'resend'],
  },
  fulfilling: {
    'shipment.label_purchased': ['shipped', 'commitStock', 'writeFulfillment'],
    'shipment.failed': ['needs_attention', 'attention'],
    'cancel.requested': ['cancelled', 'cancel'],
    'deadline.passed': [STAY, 'resend'],
  },
  shipped: {
    'tracking.in_transit': ['in_transit', 'writeEvent'],
    'tracking.out_for_delivery': ['out_for_delivery', 'writeEvent'],
    'tracking.delivered': ['delivered', 'writeEvent'],
    'tracking.exception': ['delivery_exception', 'exception', 'writeEvent'],
    'cancel.requested': [STAY, 'requestLabelCancel'],
    'shipment.cancelled': ['cancelled', 'cancel'],
    'shipment.cancel_refused': [STAY, 'cancelRefused'],
    'deadline.passed': [STAY, 'resend'],
  },
  in_transit: {
    'tracking.out_for_delivery': ['out_for_delivery', 'writeEvent'],
    'tracking.delivered': ['delivered', 'writeEvent'],
    'tracking.exception': ['delivery_exception', 'exception', 'writeEvent'],
    'cancel.requested': REFUSE,
  },
  out_for_delivery: {
    'tracking.delivered': ['delivered', 'writeEvent'],
    'tracking.exception': ['delivery_exception', 'exception', 'writeEvent'],
    'cancel.requested': REFUSE,
  },
  delivered: { 'cancel.requested': REFUSE },
  delivery_exception: {
    'tracking.delivered': ['delivered', 'writeEvent'],
    'cancel.requested': ['cancelled', 'cancel'],
  },
  cancelled: {
    // Answers to commands that were in flight when the order was cancelled: undo them too.
    'payment.authorized': [STAY, 'compensate'],
    'stock.reserved': [STAY, 'compensate'],
    'payment.captured': [STAY, 'compensate'],
    'shipment.label_purchased': [STAY, 'compensate'],
    'deadline.passed': [STAY, 'resend'],
  },
  needs_attention: {
    'retry.requested': [RESUME, 'resume'],
    'cancel.requested': ['cancelled', 'cancel'],
  },
};

/** Position along the happy path; cancelled and needs_attention come after every step. */
export const RANK: Record<OrderStatus, number> = {
  received: 0,
  authorizing: 1,
  reserving: 2,
  capturing: 3,
  fulfilling: 4,
  shipped: 5,
  in_transit: 6,
  delivery_exception: 6,
  out_for_delivery: 7,
  delivered: 8,
  cancelled: 99,
  needs_attention: 99,
};

/** The rank of the state in which an event is expected; undefined for requests and answers. */
export const EXPECTED_AT: Partial<Record<SagaEventType, number>> = {
  'order.placed': 0,
  'order.unpayable': 0,
  'payment.authorized': 1,
  'payment.failed': 1,
  'stock.reserved': 2,
  'stock.rejected': 2,
  'payment.captured': 3,
  'payment.capture_failed': 3,
  'shipment.label_purchased': 4,
  'shipment.failed': 4,
  'tracking.in_transit': 5,
  'tracking.out_for_delivery': 5,
  'tracking.delivered': 5,
  'tracking.exception': 5,
};

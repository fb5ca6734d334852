import type { NotificationKind } from '@commerce-sync/contracts';
import type { DisplayStatus } from '../display-status.ts';

/** What an email says about one order; every value is plain text (escaped by the layout). */
export interface EmailFacts {
  name?: string;
  orderRef: string;
  total: string;
  carrier?: string;
  trackingCode?: string;
  reason?: string;
  money?: 'none' | 'released' | 'refunded';
}

export interface KindText {
  subject(f: EmailFacts): string;
  heading: string;
  body(f: EmailFacts): string[];
}

/** Every customer-facing word of one language; adding a language is adding one of these. */
export interface Catalogue {
  lang: string;
  greeting(name?: string): string;
  kinds: Record<NotificationKind, KindText>;
  /** A cancellation reason in customer words (unknown reasons get a neutral sentence). */
  cancelReason(reason?: string): string;
  money: Record<'none' | 'released' | 'refunded', string>;
  display: Record<DisplayStatus, string>;
  labels: {
    order: string;
    total: string;
    items: string;
    carrier: string;
    trackingNumber: string;
    courierLink: string;
    trackCta: string;
    signoff: string;
    unsubscribe: string;
    unsubscribeNote: string;
  };
  page: {
    title(orderRef: string): string;
    status: string;
    estimatedDelivery: string;
    items: string;
    shipment: string;
    timeline: string;
    noEvents: string;
    liveNote: string;
    notFoundTitle: string;
    notFoundBody: string;
    quantity: string;
  };
  unsubscribePage: {
    title: string;
    confirmBody: string;
    confirmButton: string;
    doneBody: string;
  };
  formatDate(iso: string): string;
}

import type { CancelReason, NotificationKind, TrackingStatus } from '@commerce-sync/contracts';
import type { DisplayStatus } from '../display-status.ts';
import type { ProgressStep } from '../progress-steps.ts';

/** What an email says about one order; every value is plain text (escaped by the layout). */
export interface EmailFacts {
  name?: string;
  /** The storefront's name of the order ("#1307"); absent, the words say "your order". */
  orderRef?: string;
  shopName: string;
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

/** Why an order stopped, for the page and the cancellation email. */
export interface CancellationFacts {
  reason?: CancelReason | string;
  money: 'none' | 'released' | 'refunded';
  /** The formatted amount refunded (the order's total). */
  total?: string;
}

/** Every customer-facing word of one language; adding a language is adding one of these. */
export interface Catalogue {
  lang: string;
  greeting(name?: string): string;
  kinds: Record<NotificationKind, KindText>;
  /** Sentences: what happened and what it means for the customer's money. */
  cancelled(f: CancellationFacts): string[];
  /** Sentences: what the courier reported and what the customer can do. */
  problem(courier?: TrackingStatus): string[];
  display: Record<DisplayStatus, string>;
  steps: Record<ProgressStep, string>;
  stepState: { done: string; current: string; todo: string; problem: string; cancelled: string };
  /** Words for the courier's `status_detail` codes; a code without words is not shown. */
  courier: Partial<Record<string, string>>;
  labels: {
    order: string;
    total: string;
    items: string;
    quantity: string;
    price: string;
    carrier: string;
    trackingNumber: string;
    courierLink: string;
    trackCta: string;
    estimatedDelivery: string;
    step(n: number, of: number, name: string): string;
    help: string;
    supportEmail: string;
    supportSite: string;
    noSupport: string;
    signoff(shop: string): string;
    unsubscribe: string;
    unsubscribeNote: string;
  };
  page: {
    title(orderRef?: string): string;
    progress: string;
    status: string;
    shipment: string;
    timeline: string;
    noEvents: string;
    liveNote: string;
    notFoundTitle: string;
    notFoundBody: string;
  };
  unsubscribePage: {
    title: string;
    confirmBody: string;
    confirmButton: string;
    doneBody: string;
  };
  /** Date and time in a zone, with the zone's short name. */
  formatDate(iso: string, timeZone: string): string;
  /** A day ("Wednesday 4 March"): a courier's estimate is a day, not an hour. */
  formatDay(iso: string, timeZone: string): string;
}

/** ` #1307` or nothing: lets a sentence read well with or without the order's name. */
export const withRef = (ref?: string) => (ref ? ` ${ref}` : '');

export function dateFormatter(lang: string) {
  return {
    formatDate: (iso: string, timeZone: string) =>
      new Intl.DateTimeFormat(lang, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone,
        timeZoneName: 'short',
      }).format(new Date(iso)),
    formatDay: (iso: string, timeZone: string) =>
      new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(
        new Date(iso),
      ),
  };
}

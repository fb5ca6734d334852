import type { Catalogue } from './catalogue.ts';

const REASONS: Record<string, string> = {
  payment_declined: 'your payment was declined by your bank',
  out_of_stock: 'some of the items you ordered are no longer in stock',
  capture_failed: 'we could not complete the payment',
  customer_cancelled: 'you asked us to cancel it',
  operator_cancelled: 'our team had to cancel it',
};

export const en: Catalogue = {
  lang: 'en',
  greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  kinds: {
    order_confirmed: {
      subject: (f) => `Your order ${f.orderRef} is confirmed`,
      heading: 'Thank you, your order is confirmed',
      body: (f) => [`We have received your payment of ${f.total} and are preparing your parcel.`],
    },
    shipped: {
      subject: (f) => `Your order ${f.orderRef} is on its way`,
      heading: 'Your parcel has left our warehouse',
      body: (f) => [
        `${f.carrier ?? 'The courier'} is carrying it. Use the tracking number below to follow it.`,
      ],
    },
    out_for_delivery: {
      subject: (f) => `Your order ${f.orderRef} arrives today`,
      heading: 'Out for delivery',
      body: () => ['The courier is on the way to you with your parcel today.'],
    },
    delivered: {
      subject: (f) => `Your order ${f.orderRef} was delivered`,
      heading: 'Delivered',
      body: () => ['Your parcel was delivered. We hope you enjoy it.'],
    },
    delivery_problem: {
      subject: (f) => `A problem with the delivery of order ${f.orderRef}`,
      heading: 'There is a problem with your delivery',
      body: () => [
        'The courier reported a problem delivering your parcel. We are looking into it and will be in touch.',
      ],
    },
    cancelled: {
      subject: (f) => `Your order ${f.orderRef} was cancelled`,
      heading: 'Your order was cancelled',
      body: (f) => [
        `We cancelled your order because ${en.cancelReason(f.reason)}.`,
        en.money[f.money ?? 'none'],
      ],
    },
  },
  cancelReason: (reason) => (reason && REASONS[reason]) || 'we were unable to complete it',
  money: {
    none: 'You have not been charged.',
    released: 'The amount held on your card has been released; you have not been charged.',
    refunded: 'We have refunded your payment in full; it can take a few days to appear.',
  },
  display: {
    processing: 'Order received',
    preparing: 'Being prepared',
    shipped: 'Shipped',
    in_transit: 'In transit',
    out_for_delivery: 'Out for delivery',
    available_for_pickup: 'Ready for pickup',
    problem: 'Delivery problem',
    delivered: 'Delivered',
    cancelled: 'Cancelled',
  },
  labels: {
    order: 'Order',
    total: 'Total',
    items: 'Items',
    carrier: 'Carrier',
    trackingNumber: 'Tracking number',
    courierLink: "Courier's tracking page",
    trackCta: 'Follow your order',
    signoff: 'Thank you for shopping with us.',
    unsubscribe: 'Stop delivery progress emails',
    unsubscribeNote: 'Order confirmations, cancellations and delivery problems are always sent.',
  },
  page: {
    title: (ref) => `Order ${ref}`,
    status: 'Status',
    estimatedDelivery: 'Estimated delivery',
    items: 'Items',
    shipment: 'Shipment',
    timeline: 'Timeline',
    noEvents: 'No updates yet.',
    liveNote: 'This page updates by itself.',
    notFoundTitle: 'Page not found',
    notFoundBody: 'This tracking link is not valid. Please use the link from your email.',
    quantity: 'Quantity',
  },
  unsubscribePage: {
    title: 'Delivery progress emails',
    confirmBody: 'Stop emails about parcels being out for delivery and delivered?',
    confirmButton: 'Stop these emails',
    doneBody: 'Done. You will no longer receive delivery progress emails.',
  },
  formatDate: (iso) =>
    new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(
      new Date(iso),
    ) + ' UTC',
};

import { type Catalogue, dateFormatter, withRef } from './catalogue.ts';
import { COURIER_EN } from './courier-words.ts';

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
      subject: (f) => `Your order${withRef(f.orderRef)} is confirmed`,
      heading: 'Thank you, your order is confirmed',
      body: (f) => [`We have received your payment of ${f.total} and are preparing your parcel.`],
    },
    shipped: {
      subject: (f) => `Your order${withRef(f.orderRef)} is on its way`,
      heading: 'Your parcel has left our warehouse',
      body: (f) => [`${f.carrier ?? 'The courier'} is carrying it. Follow it with the link below.`],
    },
    out_for_delivery: {
      subject: (f) => `Your order${withRef(f.orderRef)} arrives today`,
      heading: 'Out for delivery',
      body: () => ['The courier is on the way to you with your parcel today.'],
    },
    delivered: {
      subject: (f) => `Your order${withRef(f.orderRef)} was delivered`,
      heading: 'Delivered',
      body: () => ['Your parcel was delivered. We hope you enjoy it.'],
    },
    delivery_problem: {
      subject: (f) => `A problem with the delivery of your order${withRef(f.orderRef)}`,
      heading: 'There is a problem with your delivery',
      body: () => en.problem(),
    },
    cancelled: {
      subject: (f) => `Your order${withRef(f.orderRef)} was cancelled`,
      heading: 'Your order was cancelled',
      body: (f) => en.cancelled({ reason: f.reason, money: f.money ?? 'none', total: f.total }),
    },
  },
  cancelled: ({ reason, money, total }) => {
    const why = `We cancelled your order because ${(reason && REASONS[reason]) || 'we were unable to complete it'}.`;
    const again =
      reason === 'payment_declined' || reason === 'out_of_stock' ? ' You can order again at any time.' : '';
    const moneyText = {
      none: `You have not been charged.${again}`,
      released: `Any hold on your card has been released; you have not been charged.${again}`,
      refunded: `A refund of ${total ?? 'the full amount'} is on its way to you; it can take 5 to 10 business days to appear on your statement.`,
    }[money];
    return [why, moneyText];
  },
  problem: (courier) => [
    courier === 'return_to_sender'
      ? 'The courier could not deliver your parcel and is returning it to us.'
      : 'The courier reported a problem delivering your parcel.',
    'We are looking into it. Contact us (details below) and we will arrange a new delivery or a refund.',
  ],
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
  steps: {
    ordered: 'Ordered',
    paid: 'Paid',
    shipped: 'Shipped',
    out_for_delivery: 'Out for delivery',
    delivered: 'Delivered',
  },
  stepState: {
    done: 'done',
    current: 'current step',
    todo: 'to come',
    problem: 'stopped: delivery problem',
    cancelled: 'stopped: cancelled',
  },
  courier: COURIER_EN,
  labels: {
    order: 'Order',
    total: 'Total',
    items: 'Items',
    quantity: 'Qty',
    price: 'Price',
    carrier: 'Carrier',
    trackingNumber: 'Tracking number',
    courierLink: "Track on the carrier's site",
    trackCta: 'Follow your order',
    estimatedDelivery: 'Estimated delivery',
    step: (n, of, name) => `Step ${n} of ${of}: ${name}`,
    help: 'Need help?',
    supportEmail: 'Email',
    supportSite: 'Help centre',
    noSupport: 'Reply to any email from us and we will help.',
    signoff: (shop) => `Thank you for shopping with ${shop}.`,
    unsubscribe: 'Stop delivery progress emails',
    unsubscribeNote: 'Order confirmations, cancellations and delivery problems are always sent.',
  },
  page: {
    title: (ref) => (ref ? `Order ${ref}` : 'Your order'),
    progress: 'Progress',
    status: 'Status',
    shipment: 'Shipment',
    timeline: 'Updates',
    noEvents: 'No updates yet.',
    liveNote: 'This page updates by itself.',
    notFoundTitle: 'Page not found',
    notFoundBody: 'This tracking link is not valid. Please use the link from your email.',
  },
  unsubscribePage: {
    title: 'Delivery progress emails',
    confirmBody: 'Stop emails about parcels being out for delivery and delivered?',
    confirmButton: 'Stop these emails',
    doneBody: 'Done. You will no longer receive delivery progress emails.',
  },
  ...dateFormatter('en-GB'),
};

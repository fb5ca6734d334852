import {
  type CancelReason,
  CANCEL_REASONS,
  type Payload,
  type TrackingStatus,
} from '@commerce-sync/contracts';
import { type DisplayStatus, displayOfOrder, displayOfTracking, supersedes } from './display-status.ts';

export interface TimelineEntry {
  /** Deduplicates replays and redeliveries of the same fact. */
  key: string;
  /** The saga's own step or a courier scan (a scan that confirms a step replaces its row). */
  source: 'order' | 'courier';
  at: string;
  status: DisplayStatus;
  /** The courier's `status_detail` code: shown only through a locale's words for it. */
  detail?: string;
  location?: string;
}

export interface ViewLine {
  sku: string;
  title: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface ViewShipment {
  carrier: string;
  service?: string;
  trackingCode: string;
  trackingUrl?: string;
}

/** Why the order stopped, as far as the customer needs to know. */
export interface ViewCancellation {
  /** Only the machine reasons: an operator's free text never reaches a customer. */
  reason?: CancelReason;
  money: 'none' | 'released' | 'refunded';
}

/**
 * This service's own picture of an order, built from events only (the tracking page never
 * calls the orders service). Holds no personal data: no email, name or address.
 */
export interface TrackingView {
  orderId: string;
  shop?: string;
  sourceId?: string;
  /** The storefront's name of the order ("#1307"), from its events: what the customer knows. */
  name?: string;
  status: DisplayStatus;
  statusAt: string;
  locale?: string;
  currency?: string;
  totalMinor?: number;
  lines: ViewLine[];
  shipment?: ViewShipment;
  estimatedDeliveryAt?: string;
  estimateAt?: string;
  cancellation?: ViewCancellation;
  /** The courier status of the latest delivery problem (failure, return_to_sender…). */
  problem?: TrackingStatus;
  timeline: TimelineEntry[];
}

const MAX_TIMELINE = 60;

export function emptyView(orderId: string, at: string): TrackingView {
  return { orderId, status: 'processing', statusAt: at, lines: [], timeline: [] };
}

/** What the view keeps of an order.status_changed: everything but the customer's identity. */
export type StatusFact = Pick<
  Payload<'order.status_changed'>,
  'orderId' | 'sourceId' | 'to' | 'at' | 'currency' | 'totalMinor' | 'lines' | 'shipment' | 'money'
> & { locale?: string; shop?: string; reason?: CancelReason; name?: string };

const isCancelReason = (r: unknown): r is CancelReason => (CANCEL_REASONS as readonly unknown[]).includes(r);

export function statusFactOf(e: Payload<'order.status_changed'>): StatusFact {
  const { orderId, shop, sourceId, to, at, currency, totalMinor, lines, shipment, money, reason } = e;
  return {
    orderId,
    shop,
    sourceId,
    to,
    at,
    currency,
    totalMinor,
    lines,
    ...(shipment ? { shipment } : {}),
    ...(money ? { money } : {}),
    ...(isCancelReason(reason) ? { reason } : {}),
    ...(e.customer.locale ? { locale: e.customer.locale } : {}),
    ...(e.orderName ? { name: e.orderName } : {}),
  };
}

/** What the view keeps of an order.placed: the order's storefront name and shop. */
export interface PlacedFact {
  orderId: string;
  shop: string;
  name?: string;
  at: string;
  locale?: string;
}

export function placedFactOf(e: Payload<'order.placed'>): PlacedFact {
  return {
    orderId: e.orderId,
    shop: e.shop,
    at: e.placedAt,
    ...(e.sourceName ? { name: e.sourceName } : {}),
    ...(e.customer.locale ? { locale: e.customer.locale } : {}),
  };
}

export type TrackingFact = Payload<'tracking.updated'>;

export type ViewFact =
  | { kind: 'status'; fact: StatusFact }
  | { kind: 'tracking'; fact: TrackingFact }
  | { kind: 'placed'; fact: PlacedFact };

/**
 * The view of an order from all its facts, whatever order they arrived in: folded by event
 * time, so every replica computes the same page from the same set of facts.
 */
export function foldView(orderId: string, facts: ViewFact[]): TrackingView {
  const sorted = [...facts].sort((a, b) => Date.parse(a.fact.at) - Date.parse(b.fact.at));
  const first = sorted[0]?.fact.at ?? new Date(0).toISOString();
  return sorted.reduce(
    (view, f) => {
      if (f.kind === 'placed') return applyPlaced(view, f.fact);
      return f.kind === 'status' ? applyStatusChange(view, f.fact) : applyTrackingUpdate(view, f.fact);
    },
    emptyView(orderId, first),
  );
}

export function applyPlaced(view: TrackingView, e: PlacedFact): TrackingView {
  return {
    ...view,
    shop: view.shop ?? e.shop,
    locale: view.locale ?? e.locale,
    ...(e.name ? { name: e.name } : {}),
  };
}

export function applyStatusChange(view: TrackingView, e: StatusFact): TrackingView {
  const status = displayOfOrder(e.to);
  const next: TrackingView = {
    ...view,
    shop: e.shop ?? view.shop,
    sourceId: e.sourceId,
    ...(e.name ? { name: e.name } : {}),
    locale: e.locale ?? view.locale,
    currency: e.currency,
    totalMinor: e.totalMinor,
    lines: e.lines.length
      ? e.lines.map(({ sku, title, quantity, unitPriceMinor }) => ({ sku, title, quantity, unitPriceMinor }))
      : view.lines,
    shipment: e.shipment ?? view.shipment,
  };
  // The label's estimate stands until a courier scan gives a newer one.
  const labelEta = e.shipment?.estimatedDeliveryAt;
  if (labelEta && !view.estimateAt) {
    next.estimatedDeliveryAt = labelEta;
    next.estimateAt = e.at;
  }
  if (e.to === 'cancelled')
    next.cancellation = { money: e.money ?? 'none', ...(e.reason ? { reason: e.reason } : {}) };
  // One entry per customer-visible step: the saga's internal hops (authorizing, reserving…) collapse.
  const entry: TimelineEntry = { key: `order:${status}`, source: 'order', at: e.at, status };
  return withStatus(withEntry(next, entry), status, e.at);
}

export function applyTrackingUpdate(view: TrackingView, e: TrackingFact): TrackingView {
  const status = displayOfTracking(e.status);
  const next: TrackingView = { ...view };
  if (e.estimatedDeliveryAt && (!view.estimateAt || Date.parse(e.at) >= Date.parse(view.estimateAt))) {
    next.estimatedDeliveryAt = e.estimatedDeliveryAt;
    next.estimateAt = e.at;
  }
  if (!status) return next;
  if (status === 'problem') next.problem = e.status;
  const entry: TimelineEntry = {
    key: `tracking:${e.status}:${e.at}:${e.location ?? ''}`,
    source: 'courier',
    at: e.at,
    status,
    ...(e.statusDetail ? { detail: e.statusDetail } : {}),
    ...(e.location ? { location: e.location } : {}),
  };
  return withStatus(withEntry(next, entry), status, e.at);
}

function withEntry(view: TrackingView, entry: TimelineEntry): TrackingView {
  if (view.timeline.some((t) => t.key === entry.key)) return view;
  const timeline = [...view.timeline, entry].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { ...view, timeline: timeline.slice(-MAX_TIMELINE) };
}

function withStatus(view: TrackingView, status: DisplayStatus, at: string): TrackingView {
  if (!supersedes({ status, at }, { status: view.status, at: view.statusAt })) return view;
  return { ...view, status, statusAt: at };
}

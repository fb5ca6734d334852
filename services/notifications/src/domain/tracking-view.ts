import type { Payload } from '@commerce-sync/contracts';
import { type DisplayStatus, displayOfOrder, displayOfTracking, supersedes } from './display-status.ts';

export interface TimelineEntry {
  /** Deduplicates replays and redeliveries of the same fact. */
  key: string;
  at: string;
  status: DisplayStatus;
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

/**
 * This service's own picture of an order, built from events only (the tracking page never
 * calls the orders service). Holds no personal data: no email, name or address.
 */
export interface TrackingView {
  orderId: string;
  sourceId?: string;
  status: DisplayStatus;
  statusAt: string;
  locale?: string;
  currency?: string;
  totalMinor?: number;
  lines: ViewLine[];
  shipment?: ViewShipment;
  estimatedDeliveryAt?: string;
  estimateAt?: string;
  timeline: TimelineEntry[];
}

const MAX_TIMELINE = 60;

export function emptyView(orderId: string, at: string): TrackingView {
  return { orderId, status: 'processing', statusAt: at, lines: [], timeline: [] };
}

/** What the view keeps of an order.status_changed: everything but the customer's identity. */
export type StatusFact = Pick<
  Payload<'order.status_changed'>,
  'orderId' | 'sourceId' | 'to' | 'at' | 'currency' | 'totalMinor' | 'lines' | 'shipment'
> & { locale?: string };

export function statusFactOf(e: Payload<'order.status_changed'>): StatusFact {
  const { orderId, sourceId, to, at, currency, totalMinor, lines, shipment } = e;
  return {
    orderId,
    sourceId,
    to,
    at,
    currency,
    totalMinor,
    lines,
    ...(shipment ? { shipment } : {}),
    ...(e.customer.locale ? { locale: e.customer.locale } : {}),
  };
}

export type TrackingFact = Payload<'tracking.updated'>;

export type ViewFact = { kind: 'status'; fact: StatusFact } | { kind: 'tracking'; fact: TrackingFact };

/**
 * The view of an order from all its facts, whatever order they arrived in: folded by event
 * time, so every replica computes the same page from the same set of facts.
 */
export function foldView(orderId: string, facts: ViewFact[]): TrackingView {
  const sorted = [...facts].sort((a, b) => Date.parse(a.fact.at) - Date.parse(b.fact.at));
  const first = sorted[0]?.fact.at ?? new Date(0).toISOString();
  return sorted.reduce(
    (view, f) => (f.kind === 'status' ? applyStatusChange(view, f.fact) : applyTrackingUpdate(view, f.fact)),
    emptyView(orderId, first),
  );
}

export function applyStatusChange(view: TrackingView, e: StatusFact): TrackingView {
  const status = displayOfOrder(e.to);
  const next: TrackingView = {
    ...view,
    sourceId: e.sourceId,
    locale: e.locale ?? view.locale,
    currency: e.currency,
    totalMinor: e.totalMinor,
    lines: e.lines.length
      ? e.lines.map(({ sku, title, quantity, unitPriceMinor }) => ({ sku, title, quantity, unitPriceMinor }))
      : view.lines,
    shipment: e.shipment ?? view.shipment,
  };
  // One entry per customer-visible step: the saga's internal hops (authorizing, reserving…) collapse.
  const entry: TimelineEntry = { key: `order:${status}`, at: e.at, status };
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
  const entry: TimelineEntry = {
    key: `tracking:${e.status}:${e.at}:${e.location ?? ''}`,
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

import type { Address } from '@commerce-sync/contracts';
import type { Parcel } from '../domain/parcel.ts';
import type { Quote } from '../domain/rate-policy.ts';
import type { TrackerSnapshot, TrackingEvent } from '../domain/tracking-progress.ts';

/** EasyPost JSON read defensively: the client returns plain objects of unknown shape. */
type Loose = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Loose) : undefined);

/** A label that was bought: what the saga and the customer need. */
export interface Label {
  carrier: string;
  service: string;
  rate: string;
  currency: string;
  trackingCode: string;
  trackingUrl: string;
  labelUrl: string;
  trackerId?: string;
  trackerStatus?: string;
}

/** A courier shipment as this service sees it. */
export interface CourierShipment {
  id: string;
  reference?: string;
  quotes: Quote[];
  label?: Label;
  refundStatus?: string;
  tracker?: TrackerSnapshot & { trackerId: string };
}

export function toEasyPostAddress(a: Address): Loose {
  return {
    name: a.name,
    company: a.company,
    street1: a.street1,
    street2: a.street2,
    city: a.city,
    state: a.province,
    zip: a.zip,
    country: a.country,
    phone: a.phone,
  };
}

export function toEasyPostParcel(p: Parcel): Loose {
  return { length: p.length, width: p.width, height: p.height, weight: p.weight };
}

export function toQuote(rate: unknown): Quote | undefined {
  const r = obj(rate);
  const id = str(r?.id);
  const carrier = str(r?.carrier);
  const service = str(r?.service);
  const amount = str(r?.rate);
  if (!r || !id || !carrier || !service || !amount || !/^\d+(\.\d+)?$/.test(amount)) return undefined;
  return {
    id,
    carrier,
    service,
    rate: amount,
    currency: str(r.currency) ?? 'USD',
    days: num(r.delivery_days) ?? num(r.est_delivery_days),
  };
}

function locationOf(detail: Loose): string | undefined {
  const l = obj(detail.tracking_location);
  // City, state and country of the scan; never the ZIP or street (personal data at delivery).
  const parts = [str(l?.city), str(l?.state), str(l?.country)].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

export function toSnapshot(tracker: unknown): (TrackerSnapshot & { trackerId: string }) | undefined {
  const t = obj(tracker);
  const trackerId = str(t?.id);
  const trackingCode = str(t?.tracking_code);
  if (!t || !trackerId || !trackingCode) return undefined;
  const details = Array.isArray(t.tracking_details) ? (t.tracking_details as unknown[]) : [];
  const events: TrackingEvent[] = details.flatMap((d) => {
    const x = obj(d);
    const status = str(x?.status);
    const at = str(x?.datetime);
    if (!x || !status || !at) return [];
    return [
      { status, statusDetail: str(x.status_detail), message: str(x.message), location: locationOf(x), at },
    ];
  });
  return {
    trackerId,
    trackingCode,
    status: str(t.status) ?? 'unknown',
    statusDetail: str(t.status_detail),
    estimatedDeliveryAt: str(t.est_delivery_date),
    updatedAt: str(t.updated_at) ?? new Date().toISOString(),
    events,
  };
}

function toLabel(s: Loose): Label | undefined {
  const label = obj(s.postage_label);
  const rate = obj(s.selected_rate);
  const tracker = obj(s.tracker);
  const trackingCode = str(s.tracking_code);
  const labelUrl = str(label?.label_url);
  if (!label || !rate || !trackingCode || !labelUrl) return undefined;
  return {
    carrier: str(rate.carrier) ?? 'unknown',
    service: str(rate.service) ?? 'unknown',
    rate: str(rate.rate) ?? '0',
    currency: str(rate.currency) ?? 'USD',
    trackingCode,
    trackingUrl: str(tracker?.public_url) ?? '',
    labelUrl,
    trackerId: str(tracker?.id),
    trackerStatus: str(tracker?.status),
  };
}

export function toCourierShipment(shipment: unknown): CourierShipment {
  const s = obj(shipment) ?? {};
  const rates = Array.isArray(s.rates) ? (s.rates as unknown[]) : [];
  return {
    id: str(s.id) ?? '',
    reference: str(s.reference),
    quotes: rates.map(toQuote).filter((q): q is Quote => q !== undefined),
    label: toLabel(s),
    refundStatus: str(s.refund_status),
    tracker: s.tracker ? toSnapshot(s.tracker) : undefined,
  };
}

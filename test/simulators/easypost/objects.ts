import { isoSeconds, newId } from './ids.ts';
import { daysOf, priceOf, SERVICES, zoneOf } from './rates.ts';

/** Loosely typed JSON object, the way EasyPost's API accepts and returns resources. */
export type Json = Record<string, unknown>;

export const TRACKING_STEPS = ['pre_transit', 'in_transit', 'out_for_delivery', 'delivered'] as const;
export const FINAL_STATUSES = ['delivered', 'failure', 'return_to_sender', 'cancelled'] as const;
export type Outcome = 'delivered' | 'failure' | 'return_to_sender';

export interface TrackingDetail extends Json {
  object: 'TrackingDetail';
  status: string;
  status_detail: string;
  message: string;
  datetime: string;
}

export interface Tracker extends Json {
  id: string;
  object: 'Tracker';
  tracking_code: string;
  status: string;
  status_detail: string;
  carrier: string;
  shipment_id: string | null;
  public_url: string;
  est_delivery_date: string | null;
  tracking_details: TrackingDetail[];
  created_at: string;
  updated_at: string;
}

export interface Shipment extends Json {
  id: string;
  object: 'Shipment';
  reference: string | null;
  to_address: Json;
  from_address: Json;
  parcel: Json;
  rates: Json[];
  selected_rate: Json | null;
  postage_label: Json | null;
  tracking_code: string | null;
  tracker: Tracker | null;
  refund_status: string | null;
  created_at: string;
  updated_at: string;
}

export function toAddress(input: Json, now: number): Json {
  return {
    id: newId('adr'),
    object: 'Address',
    mode: 'test',
    created_at: isoSeconds(now),
    updated_at: isoSeconds(now),
    name: null,
    company: null,
    street1: null,
    street2: null,
    city: null,
    state: null,
    zip: null,
    country: 'US',
    phone: null,
    email: null,
    residential: null,
    verifications: {},
    ...input,
  };
}

export function toParcel(input: Json, now: number): Json {
  return {
    id: newId('prcl'),
    object: 'Parcel',
    mode: 'test',
    length: null,
    width: null,
    height: null,
    predefined_package: null,
    created_at: isoSeconds(now),
    updated_at: isoSeconds(now),
    ...input,
    weight: Number(input.weight),
  };
}

/** One rate per carrier service, priced by weight and zone. */
export function quoteRates(shipmentId: string, from: Json, to: Json, weightOz: number, now: number): Json[] {
  const zone = zoneOf(String(from.zip ?? ''), String(to.zip ?? ''));
  return SERVICES.map((spec) => {
    const days = daysOf(spec, zone);
    const price = priceOf(spec, weightOz, zone);
    return {
      id: newId('rate'),
      object: 'Rate',
      mode: 'test',
      service: spec.service,
      carrier: spec.carrier,
      carrier_account_id: `ca_${spec.carrier.toLowerCase()}sim`,
      rate: price,
      currency: 'USD',
      retail_rate: (Number(price) * 1.15).toFixed(2),
      retail_currency: 'USD',
      list_rate: (Number(price) * 1.05).toFixed(2),
      list_currency: 'USD',
      delivery_days: days,
      delivery_date: isoSeconds(now + days * 86_400_000),
      delivery_date_guaranteed: false,
      est_delivery_days: days,
      shipment_id: shipmentId,
      created_at: isoSeconds(now),
      updated_at: isoSeconds(now),
    };
  });
}

export function newTracker(opts: {
  trackingCode: string;
  carrier: string;
  shipmentId: string | null;
  deliveryDays: number;
  publicBaseUrl: string;
  now: number;
}): Tracker {
  const id = newId('trk');
  return {
    id,
    object: 'Tracker',
    mode: 'test',
    tracking_code: opts.trackingCode,
    status: 'unknown',
    status_detail: 'unknown',
    signed_by: null,
    weight: null,
    carrier: opts.carrier,
    shipment_id: opts.shipmentId,
    public_url: `${opts.publicBaseUrl}/${Buffer.from(id).toString('base64url')}`,
    est_delivery_date: isoSeconds(opts.now + opts.deliveryDays * 86_400_000),
    tracking_details: [],
    carrier_detail: { object: 'CarrierDetail', service: null },
    fees: [],
    created_at: isoSeconds(opts.now),
    updated_at: isoSeconds(opts.now),
  };
}

/** Tracking codes in EasyPost's style: USPS 22 digits, UPS `1Z…`, FedEx 12 digits. */
export function newTrackingCode(carrier: string): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
  if (carrier === 'UPS') return `1Z${digits(16)}`;
  if (carrier === 'FedEx') return digits(12);
  return `9400${digits(18)}`;
}

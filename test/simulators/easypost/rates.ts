import { createHash } from 'node:crypto';

/** One service a carrier offers: base price, price per pound and transit days. */
export interface ServiceSpec {
  carrier: string;
  service: string;
  base: number;
  perLb: number;
  days: number;
}

/** The carriers and services the simulator quotes (prices in USD, plausible, not real). */
export const SERVICES: ServiceSpec[] = [
  { carrier: 'USPS', service: 'GroundAdvantage', base: 5.2, perLb: 0.9, days: 5 },
  { carrier: 'USPS', service: 'Priority', base: 8.1, perLb: 1.4, days: 2 },
  { carrier: 'USPS', service: 'Express', base: 27.5, perLb: 2.6, days: 1 },
  { carrier: 'UPS', service: 'Ground', base: 9.4, perLb: 0.8, days: 4 },
  { carrier: 'UPS', service: '2ndDayAir', base: 18.9, perLb: 1.9, days: 2 },
  { carrier: 'UPS', service: 'NextDayAir', base: 39.0, perLb: 3.1, days: 1 },
  { carrier: 'FedEx', service: 'FEDEX_GROUND', base: 9.1, perLb: 0.85, days: 4 },
  { carrier: 'FedEx', service: 'FEDEX_2_DAY', base: 19.5, perLb: 1.8, days: 2 },
];

/** Zone 1–8 from the two ZIP codes, stable so the same route always costs the same. */
export function zoneOf(fromZip: string, toZip: string): number {
  const digest = createHash('sha256').update(`${fromZip}|${toZip}`).digest();
  return 1 + ((digest[0] ?? 0) % 8);
}

/** Price in dollars as EasyPost sends it: a string with two decimals. */
export function priceOf(spec: ServiceSpec, weightOz: number, zone: number): string {
  const lbs = Math.max(1, Math.ceil(weightOz / 16));
  const amount = spec.base + spec.perLb * lbs * (1 + zone / 8);
  return amount.toFixed(2);
}

/** Far zones add a day to ground services. */
export function daysOf(spec: ServiceSpec, zone: number): number {
  return spec.days >= 4 && zone >= 6 ? spec.days + 1 : spec.days;
}

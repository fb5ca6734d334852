import type { Address } from '@commerce-sync/contracts';
import { SignatureInvalid } from '@commerce-sync/errors';
import { createResilientHttp } from '@commerce-sync/service-kit';
import type { Logger } from '@commerce-sync/telemetry';
import type { Parcel } from '../domain/parcel.ts';
import type { TrackerSnapshot } from '../domain/tracking-progress.ts';
import { toCourierError } from './courier-errors.ts';
import { EasyPostClient } from './easypost-client.ts';
import {
  type CourierShipment,
  toCourierShipment,
  toEasyPostAddress,
  toEasyPostParcel,
  toSnapshot,
} from './easypost-mapping.ts';

/** What the shipping service asks of a courier. Errors are AppErrors (retryable or final). */
export interface Courier {
  createShipment(input: {
    reference: string;
    to: Address;
    from: Address;
    parcel: Parcel;
  }): Promise<CourierShipment>;
  getShipment(id: string): Promise<CourierShipment>;
  /** A bought shipment with this reference created since `since`, newest first. */
  findPurchasedByReference(reference: string, since: Date): Promise<CourierShipment | undefined>;
  buy(shipmentId: string, rateId: string): Promise<CourierShipment>;
  refund(shipmentId: string): Promise<{ refundStatus: string }>;
  getTracker(trackerId: string): Promise<TrackerSnapshot & { trackerId: string }>;
  /** Verifies `X-Hmac-Signature` over the raw body; returns the parsed Event or throws SignatureInvalid. */
  verifyWebhook(rawBody: Buffer, headers: Record<string, unknown>): unknown;
}

export interface EasyPostCourierOptions {
  apiUrl: string;
  apiKey: string;
  webhookSecret: string;
  timeoutMs?: number;
  /** Pages of 100 to scan when looking a shipment up by reference. */
  maxLookupPages?: number;
  logger?: Logger;
}

export function createEasyPostCourier(opts: EasyPostCourierOptions): Courier {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const client = new EasyPostClient(opts.apiKey, {
    // The client appends `shipments` to the base URL: it must end with a slash.
    baseUrl: opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/`,
    // @easypost/api 8 keeps its `timeout` option but never applies it; superagent's own does.
    requestMiddleware: (req: { timeout(t: { response: number; deadline: number }): unknown }) =>
      req.timeout({ response: timeoutMs, deadline: timeoutMs }),
  });
  const http = createResilientHttp({ api: 'easypost', timeoutMs: timeoutMs + 500, logger: opts.logger });
  const call = async <T>(operation: string, idempotent: boolean, fn: () => Promise<T>): Promise<T> => {
    try {
      return await http.execute(
        async () => {
          try {
            return await fn();
          } catch (err) {
            throw toCourierError(err);
          }
        },
        { idempotent, operation },
      );
    } catch (err) {
      throw toCourierError(err);
    }
  };
  const maxPages = opts.maxLookupPages ?? 5;

  return {
    createShipment: ({ reference, to, from, parcel }) =>
      call('createShipment', false, async () =>
        toCourierShipment(
          await client.Shipment.create({
            reference,
            to_address: toEasyPostAddress(to),
            from_address: toEasyPostAddress(from),
            parcel: toEasyPostParcel(parcel),
          } as never),
        ),
      ),
    getShipment: (id) =>
      call('getShipment', true, async () => toCourierShipment(await client.Shipment.retrieve(id))),
    // EasyPost cannot filter by reference: page through recent bought shipments instead.
    findPurchasedByReference: (reference, since) =>
      call('findShipment', true, async () => {
        let page = await client.Shipment.all({
          purchased: true,
          page_size: 100,
          start_datetime: since.toISOString(),
        } as never);
        for (let n = 0; n < maxPages; n++) {
          const hit = (page.shipments as unknown[])
            .map(toCourierShipment)
            .find((s) => s.reference === reference);
          if (hit || !page.has_more) return hit;
          page = await client.Shipment.getNextPage(page, 100);
        }
        return undefined;
      }),
    buy: (shipmentId, rateId) =>
      call('buy', false, async () => toCourierShipment(await client.Shipment.buy(shipmentId, rateId))),
    refund: (shipmentId) =>
      call('refund', false, async () => {
        const s = toCourierShipment(await client.Shipment.refund(shipmentId));
        return { refundStatus: s.refundStatus ?? 'submitted' };
      }),
    getTracker: (trackerId) =>
      call('getTracker', true, async () => {
        const snap = toSnapshot(await client.Tracker.retrieve(trackerId));
        if (!snap) throw new Error(`tracker ${trackerId} came back without id or tracking code`);
        return snap;
      }),
    verifyWebhook(rawBody, headers) {
      try {
        return client.Utils.validateWebhook(rawBody, headers, opts.webhookSecret);
      } catch (err) {
        throw new SignatureInvalid('EasyPost webhook signature does not match', { cause: err });
      }
    },
  };
}

import type { Address, Payload } from '@commerce-sync/contracts';
import { toAppError } from '@commerce-sync/errors';
import type { AggregateStore, Envelope } from '@commerce-sync/messaging';
import type { Courier } from '../adapters/courier.ts';
import type { CourierShipment } from '../adapters/easypost-mapping.ts';
import type { ShipmentRefs } from '../adapters/shipment-refs.ts';
import { type Box, packParcel } from '../domain/parcel.ts';
import { newRecord, type ShipmentRecord } from '../domain/shipment-record.ts';

export interface LabelDeps {
  shipments: AggregateStore<ShipmentRecord>;
  courier: Courier;
  /** Courier shipment id → order, so tracking webhooks find the order by `_id`. */
  refs: Pick<ShipmentRefs, 'remember'>;
  shipFrom: Address;
  boxes?: readonly Box[];
  /** How far back a retried command looks for a label bought under its reference. */
  lookbackMs?: number;
  now?: () => Date;
}

/**
 * The courier shipment of this order: the one recorded locally, else (on a retry) one bought
 * earlier under the same reference, else a new one — recorded BEFORE anything is bought so
 * no later attempt can start a second shipment. When two deliveries race, the first recorded
 * id wins and the other attempt continues with it.
 */
export async function courierShipmentFor(
  deps: LabelDeps,
  msg: Envelope<Payload<'shipment.create'>>,
  record: ShipmentRecord | null,
): Promise<CourierShipment> {
  if (record?.easypostShipmentId) return deps.courier.getShipment(record.easypostShipmentId);
  const { orderId, reference, to, lines } = msg.payload;
  const since = new Date(msg.timestamp.getTime() - (deps.lookbackMs ?? 86_400_000));
  const earlier = msg.attempt > 1 ? await deps.courier.findPurchasedByReference(reference, since) : undefined;
  const shipment =
    earlier ??
    (await deps.courier.createShipment({
      reference,
      to,
      from: deps.shipFrom,
      parcel: packParcel(lines, deps.boxes),
    }));
  // The ref goes first: any shipment id a record can hold then has one (a racer's too, harmlessly).
  await deps.refs.remember(shipment.id, orderId);
  const now = deps.now?.() ?? new Date();
  const { doc } = await deps.shipments.apply(orderId, {
    create: () => newRecord(reference, 'created', now),
    mutate: (d) => {
      // A failed attempt bought nothing: a new command (e.g. after an address fix) starts over.
      if (d.status === 'failed')
        Object.assign(d, {
          status: 'created',
          easypostShipmentId: shipment.id,
          failureReason: undefined,
          failureCode: undefined,
        });
      d.easypostShipmentId ??= shipment.id;
      d.updatedAt = now;
    },
  });
  const winner = doc?.easypostShipmentId;
  return winner && winner !== shipment.id ? deps.courier.getShipment(winner) : shipment;
}

/**
 * Buys `rateId` once. A timeout or lost answer is retryable: the next attempt retrieves the
 * shipment and finds the label if the buy went through. "Postage exists" means another
 * attempt bought it: adopt that label.
 */
export async function buyOnce(
  courier: Courier,
  shipmentId: string,
  rateId: string,
): Promise<CourierShipment> {
  try {
    return await courier.buy(shipmentId, rateId);
  } catch (err) {
    if (toAppError(err).providerCode !== 'SHIPMENT.POSTAGE.EXISTS') throw err;
    const bought = await courier.getShipment(shipmentId);
    if (!bought.label) throw err;
    return bought;
  }
}

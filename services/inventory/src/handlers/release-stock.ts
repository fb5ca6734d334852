import type { Payload } from '@commerce-sync/contracts';
import type { Envelope, HandlerContext, OutgoingMessage } from '@commerce-sync/messaging';
import type { Logger } from '@commerce-sync/telemetry';
import type { Reservation } from '../adapters/reservation-model.ts';
import { isHeld, returnLine, type StockDeps } from './stock-steps.ts';

/** Gives every held line of the order back; the reservation ends `released`. */
export async function releaseReservation(deps: StockDeps, orderId: string): Promise<Reservation | null> {
  const current = await deps.reservations.model.findById(orderId).lean<Reservation>();
  if (current?.status === 'committed') return current;
  for (const line of current?.lines ?? []) {
    if (await isHeld(deps, orderId, line)) await returnLine(deps, orderId, line, 'release');
  }
  const { doc } = await deps.reservations.apply(orderId, {
    // A release may overtake its reserve (or follow a rejection): record it, so a late
    // stock.reserve for a cancelled order holds nothing.
    create: () => ({ status: 'released', lines: [], shortages: [] }),
    mutate: (r) => {
      if (r.status === 'committed' || r.status === 'released') return [];
      for (const l of r.lines) l.state = 'released';
      r.status = 'released';
      r.updatedAt = new Date();
      return [];
    },
  });
  return doc as unknown as Reservation;
}

/** stock.release (compensation). Harmless after a release, a rejection, or with no reservation. */
export function releaseStock(deps: StockDeps & { logger: Logger }) {
  return async (msg: Envelope<Payload<'stock.release'>>, ctx: HandlerContext) => {
    const { orderId } = msg.payload;
    await releaseReservation(deps, orderId);
    await ctx.apply(deps.reservations, orderId, {
      mutate: (r): OutgoingMessage[] => {
        if (r.status === 'committed') {
          deps.logger.warn({ orderId }, 'stock.release after the stock was committed: nothing to give back');
          return [];
        }
        return [{ type: 'stock.released', payload: { orderId } }];
      },
    });
  };
}

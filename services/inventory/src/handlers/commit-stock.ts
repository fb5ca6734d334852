import type { Payload } from '@commerce-sync/contracts';
import { IllegalTransition } from '@commerce-sync/errors';
import type { Envelope, HandlerContext } from '@commerce-sync/messaging';
import type { Reservation } from '../adapters/reservation-model.ts';
import { removeLine, type StockDeps } from './stock-steps.ts';

/** stock.commit (the parcel left): held units leave the stock for good; once per order. */
export function commitStock(deps: StockDeps) {
  return async (msg: Envelope<Payload<'stock.commit'>>, ctx: HandlerContext) => {
    const { orderId } = msg.payload;
    const current = await reservationToCommit(deps, orderId);
    if (current?.status !== 'reserved' && current?.status !== 'committed') {
      throw new IllegalTransition(
        `cannot commit stock of order ${orderId}: reservation is ${current?.status ?? 'missing'}`,
        {
          help: 'the order shipped without held stock: check the order and adjust the stock in Shopify by hand',
        },
      );
    }
    for (const line of current.lines) {
      if (line.state === 'held') await removeLine(deps, orderId, line);
    }
    await ctx.apply(deps.reservations, orderId, {
      mutate: (r) => {
        for (const l of r.lines) if (l.state === 'held') l.state = 'committed';
        r.status = 'committed';
        r.updatedAt = new Date();
        return [{ type: 'stock.committed', payload: { orderId } }];
      },
    });
  };
}

/**
 * The reservation as this process last wrote it when that shows it held (no read; a line
 * already committed by another replica is replayed under its key, a no-op), else as stored.
 */
async function reservationToCommit(deps: StockDeps, orderId: string): Promise<Reservation | null> {
  const known = deps.reservations.remembered(orderId);
  if (known?.status === 'reserved' || known?.status === 'committed') return known;
  return deps.reservations.read(orderId);
}

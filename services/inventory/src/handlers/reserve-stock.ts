import type { Payload } from '@commerce-sync/contracts';
import type { Envelope, HandlerContext, OutgoingMessage } from '@commerce-sync/messaging';
import type { Logger } from '@commerce-sync/telemetry';
import type { Reservation } from '../adapters/reservation-model.ts';
import { mergeLines, type Shortage } from '../domain/reservation.ts';
import { isHeld, reserveLine, returnLine, type StockDeps } from './stock-steps.ts';

/**
 * stock.reserve: every line or none. Lines are held one by one; at the first short line the
 * rest are only checked (to name every short SKU) and the held ones are given back.
 */
export function reserveStock(deps: StockDeps & { logger: Logger }) {
  return async (msg: Envelope<Payload<'stock.reserve'>>, ctx: HandlerContext) => {
    const { orderId } = msg.payload;
    const { doc } = await deps.reservations.apply(orderId, {
      // The order's first stock command: insert, and read only if a reservation exists.
      likelyNew: true,
      create: () => ({ status: 'reserving', lines: mergeLines(msg.payload.lines), shortages: [] }),
      mutate: () => [],
    });
    const reservation = doc as unknown as Reservation;
    const verdict = reservation.status === 'reserving' ? await holdOrUndo(deps, reservation) : undefined;
    // The verdict and its answer in one write, keyed by this message: a crash before it
    // leaves the reservation `reserving`, and the redelivery finds its lines already held.
    await ctx.apply(deps.reservations, orderId, {
      mutate: (r) => {
        if (verdict) finish(r, verdict.status, verdict.shortages, verdict.undone);
        return outcomeOf(r, deps.logger);
      },
    });
  };
}

interface Verdict {
  status: 'reserved' | 'rejected';
  shortages: Shortage[];
  /** Lines given back after a shortage. */
  undone: boolean;
}

async function holdOrUndo(deps: StockDeps, reservation: Reservation): Promise<Verdict> {
  const orderId = reservation._id;
  const shortages: Shortage[] = [];
  for (const line of reservation.lines) {
    if (shortages.length) {
      const { available } = await deps.shopify.quantities(await deps.shopify.itemIdOf(line.sku));
      if (available < line.quantity) shortages.push({ sku: line.sku, requested: line.quantity, available });
      continue;
    }
    const outcome = await reserveLine(deps, orderId, line.sku);
    if (!outcome.held)
      shortages.push({ sku: line.sku, requested: line.quantity, available: outcome.available });
  }
  if (!shortages.length) return { status: 'reserved', shortages, undone: false };
  const fresh = await deps.reservations.model.findById(orderId).lean<Reservation>();
  for (const line of fresh?.lines ?? []) {
    if (await isHeld(deps, orderId, line)) await returnLine(deps, orderId, line, 'undo');
  }
  return { status: 'rejected', shortages, undone: true };
}

function finish(r: Reservation, status: Verdict['status'], shortages: Shortage[], undone: boolean): void {
  if (r.status !== 'reserving') return;
  if (undone) for (const l of r.lines) if (l.state !== 'undone') l.state = 'undone';
  r.status = status;
  r.shortages = shortages;
  r.updatedAt = new Date();
}

/**
 * The answer to this stock.reserve, from the stored outcome: a second command for the same
 * order (the saga's sweeper re-sends) gets the same answer without touching stock.
 */
function outcomeOf(r: Reservation, logger: Logger): OutgoingMessage[] {
  const lines = r.lines.map(({ sku, quantity }) => ({ sku, quantity }));
  if (r.status === 'reserved') return [{ type: 'stock.reserved', payload: { orderId: r._id, lines } }];
  if (r.status === 'rejected')
    return [{ type: 'stock.rejected', payload: { orderId: r._id, shortages: r.shortages } }];
  logger.warn(
    { orderId: r._id, status: r.status },
    'stock.reserve for a reservation already released or committed: ignored',
  );
  return [];
}

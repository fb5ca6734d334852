import { z } from 'zod';
import { OrderId, Sku, StockLine } from './common.ts';
import { command, event } from './define.ts';

export const StockReserve = command(
  'stock.reserve',
  z.object({ orderId: OrderId, lines: z.array(StockLine).min(1) }),
  'orders → inventory: reserve every line of the order, all or nothing.',
);

export const StockReserved = event(
  'stock.reserved',
  z.object({ orderId: OrderId, lines: z.array(StockLine) }),
  'inventory: every line is held (available → reserved).',
);

export const StockRejected = event(
  'stock.rejected',
  z.object({
    orderId: OrderId,
    shortages: z
      .array(z.object({ sku: Sku, requested: z.number().int(), available: z.number().int() }))
      .min(1),
  }),
  'inventory: at least one line is short; nothing stays reserved.',
);

export const StockRelease = command(
  'stock.release',
  z.object({ orderId: OrderId }),
  'orders → inventory: give the order’s reservation back (compensation).',
);

export const StockReleased = event(
  'stock.released',
  z.object({ orderId: OrderId }),
  'inventory: the reservation went back to available.',
);

export const StockCommit = command(
  'stock.commit',
  z.object({ orderId: OrderId }),
  'orders → inventory: the parcel left; take the reserved units out of stock.',
);

export const StockCommitted = event(
  'stock.committed',
  z.object({ orderId: OrderId }),
  'inventory: the reserved units left the stock for good.',
);

export const StockLow = event(
  'stock.low',
  z.object({ sku: Sku, locationId: z.string(), available: z.number().int(), threshold: z.number().int() }),
  'inventory: available stock of a SKU fell under its threshold.',
);

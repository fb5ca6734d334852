/**
 * The language of commerce-sync: every command and event, its zod schema, version and
 * TypeScript type, and the names of exchanges and queues. See README.md for the table.
 */
export * from './common.ts';
export * from './customers.ts';
export * from './define.ts';
export * from './money.ts';
export * from './names.ts';
export * from './notifications.ts';
export * from './order-status.ts';
export * from './orders.ts';
export * from './payments.ts';
export * from './registry.ts';
export * from './shipments.ts';
export * from './stock.ts';

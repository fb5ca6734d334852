/** Exchanges of the system (DESIGN §2). Routing key = message type. */
export const EXCHANGES = {
  /** Topic exchange for facts; any service may bind to any event type. */
  events: 'commerce.events',
  /** Direct exchange for requests addressed to one service. */
  commands: 'commerce.commands',
} as const;

export const SERVICES = ['orders', 'payments', 'inventory', 'shipping', 'notifications'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The work queue of a service; retry tiers and the DLQ derive from it (`<queue>.delay.<ms>`, `<queue>.dlq`). */
export function queueFor(service: ServiceName | string): string {
  return service;
}

export function dlqFor(queue: string): string {
  return `${queue}.dlq`;
}

import type { GetMessage } from 'amqplib';

/** One parked message as operators see it; `body` only in `show`, it may hold personal data. */
export interface DlqEntry {
  messageId: string;
  type: string;
  correlationId: string;
  /** `non-retryable`, `retries-exhausted`, `SCHEMA_INVALID`, `delivery_limit` (crashed its consumer), … */
  reason: string;
  errorCode?: string;
  errorMessage?: string;
  errorStack?: string;
  attempts?: number;
  firstFailureAt?: string;
  deadLetteredAt?: string;
  originalRoutingKey?: string;
  headers: Record<string, unknown>;
  body?: string;
}

export type DlqFilter = { messageId: string } | { type: string } | { all: true };

export function matches(entry: Pick<DlqEntry, 'messageId' | 'type'>, filter: DlqFilter): boolean {
  if ('all' in filter) return filter.all === true;
  if ('messageId' in filter) return entry.messageId === filter.messageId;
  return entry.type === filter.type;
}

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/**
 * Reads our own DLQ headers, or the broker's `x-death` when the quorum queue parked the
 * message itself (delivery limit reached: the consumer crashed on it every time).
 */
export function toDlqEntry(msg: GetMessage, withBody: boolean): DlqEntry {
  const h = (msg.properties.headers ?? {}) as Record<string, unknown>;
  const death = (h['x-death'] as Array<Record<string, unknown>> | undefined)?.[0];
  const entry: DlqEntry = {
    messageId: str(msg.properties.messageId) ?? '(none)',
    type: str(msg.properties.type) ?? msg.fields.routingKey,
    correlationId: str(msg.properties.correlationId) ?? '',
    reason: str(h['x-dlq-reason']) ?? str(death?.reason) ?? 'unknown',
    headers: h,
  };
  const optional: Partial<DlqEntry> = {
    errorCode: str(h['x-error-code']),
    errorMessage: str(h['x-error-message']),
    errorStack: withBody ? str(h['x-error-stack']) : undefined,
    attempts: h['x-attempts'] === undefined ? undefined : Number(h['x-attempts']),
    firstFailureAt: str(h['x-first-failure-at']),
    deadLetteredAt: str(h['x-dead-lettered-at']) ?? (death?.time ? String(death.time) : undefined),
    originalRoutingKey:
      str(h['x-original-routing-key']) ?? (death?.['routing-keys'] as string[] | undefined)?.[0],
    body: withBody ? msg.content.toString('utf8') : undefined,
  };
  for (const [k, v] of Object.entries(optional))
    if (v !== undefined) (entry as unknown as Record<string, unknown>)[k] = v;
  return entry;
}

/** Headers for a replayed copy: the failure record goes, the attempt count starts again. */
export function replayHeaders(h: Record<string, unknown>, now = new Date()): Record<string, unknown> {
  const kept = Object.fromEntries(
    Object.entries(h).filter(
      ([k]) =>
        !/^x-(dlq-|error-|last-error-|death|delivery-count|attempt|attempts|first-failure-at|dead-lettered-at)/.test(
          k,
        ),
    ),
  );
  return {
    ...kept,
    'x-replayed-at': now.toISOString(),
    'x-replay-count': Number(h['x-replay-count'] ?? 0) + 1,
  };
}

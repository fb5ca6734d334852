import { AppError, toAppError } from '@commerce-sync/errors';
import type { Logger } from '@commerce-sync/telemetry';
import { metricsRegistry } from '@commerce-sync/telemetry';
import { Counter } from 'prom-client';
import type { Courier } from '../adapters/courier.ts';
import type { ShipmentRecord } from '../domain/shipment-record.ts';
import { type CommitDeps, commit } from './commit.ts';

/** Refund statuses by which the courier says no (https://docs.easypost.com/docs/shipments/shipping-refund). */
export const REFUND_REFUSED = new Set(['rejected', 'not_applicable']);

const refundsFailed = new Counter({
  name: 'shipping_label_refunds_failed_total',
  help: 'Refunds of a label bought for a cancelled shipment that failed (retryable: tried again)',
  labelNames: ['retryable'] as const,
  registers: [metricsRegistry],
});

/** Marks a cancelled shipment whose bought label still waits for its refund. */
export const REFUND_FAILED = 'failed';

/** A cancelled shipment whose label refund failed retryably: the next delivery tries again. */
export function refundStillOwed(r: ShipmentRecord | null): r is ShipmentRecord {
  return r?.status === 'cancelled' && r.refundStatus === REFUND_FAILED && Boolean(r.easypostShipmentId);
}

/**
 * A cancel landed while the label was being bought (another replica): refund the label.
 * The outcome is written on the shipment (`refundStatus`, `refundError`). A failure is
 * counted and logged; a retryable one fails the command so the retry tiers (then the DLQ,
 * replayable by an operator) try again, and that delivery finds `refundStillOwed`.
 */
export async function refundCancelledLabel(
  deps: CommitDeps & { courier: Courier; logger?: Logger; now?: () => Date },
  orderId: string,
  shipmentId: string,
): Promise<void> {
  let outcome: { status: string; error?: string; retryable?: boolean };
  try {
    const { refundStatus } = await deps.courier.refund(shipmentId);
    outcome = REFUND_REFUSED.has(refundStatus)
      ? { status: refundStatus, error: `courier refused the refund (${refundStatus})` }
      : { status: refundStatus };
  } catch (err) {
    const e = toAppError(err, { api: 'easypost' });
    outcome = { status: e.retryable ? REFUND_FAILED : 'error', error: e.message, retryable: e.retryable };
  }
  const at = deps.now?.() ?? new Date();
  await commit(deps, orderId, {
    mutate: (doc) => {
      Object.assign(doc, { refundStatus: outcome.status, refundError: outcome.error ?? null, updatedAt: at });
      return [];
    },
  });
  if (!outcome.error) return;
  refundsFailed.inc({ retryable: String(Boolean(outcome.retryable)) });
  deps.logger?.error(
    { orderId, shipmentId, refundStatus: outcome.status, err: outcome.error },
    'refund of a cancelled shipment label failed',
  );
  if (outcome.retryable)
    throw new AppError('UPSTREAM_UNAVAILABLE', `label refund failed, retrying: ${outcome.error}`, {
      retryable: true,
    });
}

import type { Logger } from '@commerce-sync/telemetry';
import { metricsRegistry } from '@commerce-sync/telemetry';
import { Counter, Gauge } from 'prom-client';
import { type OutgoingMessage, scanFields } from '@commerce-sync/messaging';
import type { PaymentDoc } from '../adapters/payment-model.ts';
import type { PaymentStatus } from '../domain/payment.ts';
import { reconcile } from '../domain/reconcile.ts';
import { asState, type PaymentDeps } from './deps.ts';

const reconciled = new Counter({
  name: 'payments_reconciled_total',
  help: 'Payments whose local state disagreed with Stripe and was corrected, by move',
  labelNames: ['from', 'to'] as const,
  registers: [metricsRegistry],
});
const nearExpiry = new Gauge({
  name: 'payments_authorizations_near_expiry',
  help: 'Uncaptured authorisations older than the warning age (Stripe cancels them after 7 days)',
  registers: [metricsRegistry],
});

export interface ReconcileOptions {
  /** Records untouched for this long in an open state are compared with Stripe. */
  staleMs: number;
  /** Authorisations older than this are reported as close to Stripe's 7-day expiry. */
  expiryWarningMs: number;
  batchSize?: number;
}

const OPEN: PaymentStatus[] = ['new', 'action_required', 'authorized', 'capture_failed'];

/**
 * The cron job's step: compare open payments with Stripe, correct the ones that disagree
 * (emitting what the change means) and report authorisations close to expiry.
 */
export function createReconciler(deps: PaymentDeps, opts: ReconcileOptions) {
  const log: Logger = deps.logger.child({ module: 'reconcile' });
  return async function reconcileOpenPayments(
    now: Date,
  ): Promise<{ checked: number; corrected: number; nearExpiry: number }> {
    const stale = new Date(now.getTime() - opts.staleMs);
    const warnBefore = new Date(now.getTime() - opts.expiryWarningMs);
    const { due, expiring } = await selectOpen(stale, warnBefore, opts.batchSize ?? 100);
    nearExpiry.set(expiring);
    let corrected = 0;
    for (const payment of due) {
      if (await reconcileOne(payment, now, warnBefore)) corrected += 1;
    }
    return { checked: due.length, corrected, nearExpiry: expiring };
  };

  /**
   * One pass over the payments with `scanFields` (the fields the selection needs, in batches):
   * the open ones untouched since `stale` (oldest first, at most `limit`) and how many
   * authorisations are older than `warnBefore`. The local store serves such filters from no
   * index: as server-side filters these would be two commands reading the whole collection at
   * once. A scan of every payment, every 5 minutes (cron), off the other jobs' beats.
   */
  async function selectOpen(stale: Date, warnBefore: Date, limit: number) {
    const fields = ['_id', 'status', 'intentId', 'authorizedAt', 'checkedAt', 'updatedAt'] as const;
    type Head = Pick<PaymentDoc, (typeof fields)[number]>;
    const open = new Set<PaymentStatus>(OPEN);
    const due: Head[] = [];
    let expiring = 0;
    await scanFields<Head>(deps.payments.model.collection, fields, (p) => {
      if (p.status === 'authorized' && p.authorizedAt && p.authorizedAt < warnBefore) expiring += 1;
      const untouched = p.updatedAt && p.updatedAt < stale && (!p.checkedAt || p.checkedAt < stale);
      if (open.has(p.status) && p.intentId != null && untouched) due.push(p);
    });
    due.sort((a, b) => Number(a.updatedAt) - Number(b.updatedAt));
    return { due: due.slice(0, limit), expiring };
  }

  async function reconcileOne(
    payment: Pick<PaymentDoc, '_id' | 'status' | 'intentId' | 'authorizedAt'>,
    now: Date,
    warnBefore: Date,
  ): Promise<boolean> {
    try {
      const snapshot = await deps.stripe.retrieve(String(payment.intentId));
      const from = payment.status;
      const { doc } = await deps.payments.apply(payment._id, {
        mutate: (d) => {
          const p = asState(d);
          (d as unknown as { checkedAt: Date }).checkedAt = now;
          const events = reconcile(p, snapshot, {
            at: now,
            source: 'reconcile',
            onActionRequired: deps.onActionRequired,
          });
          if (events.length) p.updatedAt = now;
          return events as OutgoingMessage[];
        },
      });
      const to = doc?.status ?? from;
      if (to !== from) {
        reconciled.inc({ from, to });
        log.warn(
          { orderId: payment._id, intentId: payment.intentId, from, to, stripeStatus: snapshot.status },
          'payment reconciled with Stripe',
        );
        return true;
      }
      if (to === 'authorized' && payment.authorizedAt && payment.authorizedAt < warnBefore) {
        log.warn(
          { orderId: payment._id, intentId: payment.intentId, authorizedAt: payment.authorizedAt },
          'authorisation close to expiry, not captured',
        );
      }
    } catch (err) {
      log.error({ orderId: payment._id, err }, 'reconciliation of a payment failed');
    }
    return false;
  }
}

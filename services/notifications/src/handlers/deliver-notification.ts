import type { NotificationKind, Payload } from '@commerce-sync/contracts';
import { Conflict, UpstreamUnavailable } from '@commerce-sync/errors';
import type { AggregateStore, OutgoingMessage } from '@commerce-sync/messaging';
import type { NotificationLogDoc } from '../adapters/notification-log-model.ts';
import { notificationId } from '../adapters/notification-log-model.ts';
import type { PreferencesStore } from '../adapters/preferences-store.ts';
import type { Mailer } from '../adapters/smtp-mailer.ts';
import { composeEmail } from '../domain/compose-email.ts';
import { emailMessageId } from '../domain/email-message-id.ts';
import {
  type ClaimDecision,
  claimNotification,
  type SendResult,
  recordSendResult,
} from '../domain/notification-claim.ts';
import { isEssential } from '../domain/notification-kind.ts';
import { recipientHash, unsubscribeToken } from '../domain/recipient.ts';
import { trackingUrl } from '../domain/tracking-token.ts';

export interface DeliverDeps {
  log: AggregateStore<NotificationLogDoc>;
  preferences: PreferencesStore;
  mailer: Mailer;
  /** Identifies this process in claims (replica + random). */
  owner: string;
  now: () => Date;
  config: { secret: string; publicBaseUrl: string; mailFrom: string; claimLeaseMs: number };
}

type Order = Payload<'order.status_changed'>;
export type DeliverNotification = (
  kind: NotificationKind,
  order: Order,
  causationId: string,
) => Promise<void>;

/**
 * Sends the `kind` email of an order at most once per (order, kind): claim the log row, send,
 * record the outcome with its event in the same write. Throws a retryable error when the SMTP
 * server is unavailable or another consumer is mid-send, so the message comes back later.
 */
export function createDeliverNotification(deps: DeliverDeps): DeliverNotification {
  const { config } = deps;
  return async (kind, order, causationId) => {
    const id = notificationId(order.orderId, kind);
    const hash = recipientHash(order.customer.email, config.secret);
    const optedOut = !isEssential(kind) && !(await deps.preferences.wantsProgressEmails(hash));
    const decision = await claim(deps, id, { order, kind, hash, optedOut });
    if (decision.outcome === 'busy') {
      throw new Conflict('another consumer is sending this notification', { retryable: true });
    }
    if (decision.outcome !== 'send') return;

    const unsubscribeUrl = isEssential(kind)
      ? undefined
      : `${config.publicBaseUrl.replace(/\/+$/, '')}/unsubscribe/${unsubscribeToken(order.customer.email, config.secret)}`;
    const mail = composeEmail(kind, order, {
      trackingPageUrl: trackingUrl(config.publicBaseUrl, order.orderId, config.secret),
      ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
    });
    const result = await deps.mailer.send({
      to: order.customer.email,
      ...mail,
      messageId: emailMessageId(order.orderId, kind, config.mailFrom),
      ...(unsubscribeUrl ? { headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>` } } : {}),
    });
    await record(deps, id, result, { orderId: order.orderId, kind, causationId });
    if (result.outcome === 'deferred') throw new UpstreamUnavailable(result.reason, { api: 'smtp' });
  };
}

/** Thrown out of `mutate` to leave the row unwritten (apply writes whatever mutate returns). */
class NothingToWrite extends Error {
  readonly decision: ClaimDecision;
  constructor(decision: ClaimDecision) {
    super(decision.outcome);
    this.decision = decision;
  }
}

async function claim(
  deps: DeliverDeps,
  id: string,
  p: { order: Order; kind: NotificationKind; hash: string; optedOut: boolean },
): Promise<ClaimDecision> {
  const now = deps.now();
  let decision: ClaimDecision = { outcome: 'done' };
  try {
    await deps.log.apply(id, {
      create: () => ({
        orderId: p.order.orderId,
        kind: p.kind,
        status: 'pending',
        attempts: 0,
        recipientHash: p.hash,
        emailMessageId: emailMessageId(p.order.orderId, p.kind, deps.config.mailFrom),
        createdAt: now,
        updatedAt: now,
      }),
      mutate: (row) => {
        decision = claimNotification(row, {
          now,
          owner: deps.owner,
          leaseMs: deps.config.claimLeaseMs,
          optedOut: p.optedOut,
        });
        // Only a claim or a skip changes the row; anything else leaves it (and its version) alone.
        if (decision.outcome === 'done' || decision.outcome === 'busy') throw new NothingToWrite(decision);
        row.updatedAt = now;
      },
    });
  } catch (err) {
    if (err instanceof NothingToWrite) return err.decision;
    throw err;
  }
  return decision;
}

async function record(
  deps: DeliverDeps,
  id: string,
  result: SendResult,
  p: { orderId: string; kind: NotificationKind; causationId: string },
): Promise<void> {
  const now = deps.now();
  await deps.log.apply(id, {
    defaults: { correlationId: p.orderId, causationId: p.causationId },
    mutate: (row): OutgoingMessage[] => {
      row.updatedAt = now;
      if (!recordSendResult(row, result)) return [];
      if (result.outcome === 'sent') {
        row.sentAt = now;
        const payload = { orderId: p.orderId, kind: p.kind, providerMessageId: result.providerMessageId };
        return [{ type: 'notification.sent', payload }];
      }
      const payload = {
        orderId: p.orderId,
        kind: p.kind,
        reason: result.reason,
        permanent: result.outcome === 'rejected',
      };
      return [{ type: 'notification.failed', payload }];
    },
  });
}

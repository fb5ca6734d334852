import type { NotificationKind, Payload } from '@commerce-sync/contracts';
import { Conflict, toAppError, UpstreamUnavailable } from '@commerce-sync/errors';
import { withRetry } from '@commerce-sync/service-kit';
import { metricsRegistry } from '@commerce-sync/telemetry';
import { Counter, Histogram } from 'prom-client';
import type { OutgoingMessage, StandaloneOutbox } from '@commerce-sync/messaging';
import {
  type NotificationLog,
  type NotificationLogDoc,
  notificationId,
} from '../adapters/notification-log.ts';
import type { PreferencesStore } from '../adapters/preferences-store.ts';
import type { SentMailLookup } from '../adapters/sent-mail-lookup.ts';
import type { Mailer } from '../adapters/smtp-mailer.ts';
import { composeEmail, type EmailContext } from '../domain/compose-email.ts';
import { emailMessageId } from '../domain/email-message-id.ts';
import { afterAttempt, decideClaim, type SendResult } from '../domain/notification-claim.ts';
import { isEssential } from '../domain/notification-kind.ts';
import { recipientHash, unsubscribeToken } from '../domain/recipient.ts';
import { trackingUrl } from '../domain/tracking-token.ts';

export interface DeliverDeps {
  log: NotificationLog;
  outbox: StandaloneOutbox;
  preferences: PreferencesStore;
  mailer: Mailer;
  /** Identifies this process in claims (host:pid:random). */
  owner: string;
  now: () => Date;
  config: { secret: string; publicBaseUrl: string; mailFrom: string; claimLeaseMs: number };
  /** The shop's identity, the order's storefront name and the courier's estimate (the event has neither). */
  context(order: Order): Promise<EmailContext>;
  logger?: { warn(obj: object, msg?: string): void };
  /** A send plus its record slower than this is logged (default 5 s). */
  slowSendMs?: number;
  /**
   * Asks the mail provider whether an email was accepted. Without it, an email whose sender
   * died between the server's answer and the record is sent again (same Message-ID).
   */
  sentLookup?: SentMailLookup;
}

/**
 * Between the SMTP answer and the record of the send, a crash sends the email again after
 * the claim lease (the 10,000-order soak saw 3, with sends unrecorded 17 s later). How long
 * that window is, per phase.
 */
const sendSeconds = new Histogram({
  name: 'notifications_send_seconds',
  help: 'Time of an email send (smtp) and of writing its outcome (record); a crash between the two re-sends',
  labelNames: ['phase'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30],
  registers: [metricsRegistry],
});

const unknownOutcomes = new Counter({
  name: 'notifications_unknown_send_outcomes_total',
  help: 'Claims taken over from a holder that never recorded its send, by what the mail provider said (found: recorded, not re-sent; not_found: sent; unverified: no lookup configured, sent)',
  labelNames: ['resolution'] as const,
  registers: [metricsRegistry],
});

type Order = Payload<'order.status_changed'>;
export type DeliverNotification = (
  kind: NotificationKind,
  order: Order,
  causationId: string,
) => Promise<void>;

/**
 * Sends the `kind` email of an order once: ensure its log row, win a claim, look again, send,
 * record, announce. Throws a retryable error while the SMTP server is unavailable or another
 * consumer is mid-send, so the message comes back through the retry tiers.
 */
export function createDeliverNotification(deps: DeliverDeps): DeliverNotification {
  const { config, log } = deps;
  return async (kind, order, causationId) => {
    const id = notificationId(order.orderId, kind);
    const now = deps.now();
    const from = config.mailFrom;
    const base = { _id: id, orderId: order.orderId, kind, status: 'pending' as const, attempts: 0 };
    const { row, created } = await log.ensure({
      ...base,
      recipientHash: recipientHash(order.customer.email, config.secret),
      emailMessageId: emailMessageId(order.orderId, kind, from),
      createdAt: now,
      updatedAt: now,
    });
    // A row we just created has no claim yet: we try claim 1, and a racer that got there
    // first wins its unique insert. A row already sent or failed needs no claim at all.
    const latest =
      created || row.status !== 'pending' ? undefined : ((await log.latestClaim(id)) ?? undefined);
    const decision = decideClaim(row, latest, now);
    if (decision.outcome === 'done') return announce(deps, row, causationId);
    const won =
      decision.outcome === 'claim' && (await log.claim(id, decision.n, deps.owner, now, config.claimLeaseMs));
    if (!won) throw new Conflict('another consumer is sending this notification', { retryable: true });
    // Look again: a previous holder may have finished between our first read and our claim.
    // Winning claim 1 means there was none, and only claim holders change the row.
    const current = decision.n === 1 ? row : await log.get(id);
    if (current?.status !== 'pending') return;

    const n = decision.n;
    // The claim before ours expired unreleased: its holder died or hung, perhaps after the
    // server accepted the email. Ask the provider before sending it a second time.
    if (latest && !latest.released) {
      const providerMessageId = await acceptedEarlier(deps, current);
      if (providerMessageId) {
        const next = afterAttempt(current, n, { outcome: 'sent', providerMessageId });
        await recordOutcome(deps, id, { ...next, updatedAt: deps.now(), sentAt: deps.now() });
        return announce(deps, { ...current, ...next }, causationId);
      }
    }
    if (!isEssential(kind) && !(await deps.preferences.wantsProgressEmails(current.recipientHash))) {
      await log.save(id, { status: 'skipped', attempts: current.attempts, updatedAt: deps.now() });
      return;
    }
    const started = performance.now();
    const result = await send(deps, kind, order);
    const answered = performance.now();
    const next = afterAttempt(current, n, result);
    await recordOutcome(deps, id, {
      ...next,
      updatedAt: deps.now(),
      ...(next.status === 'sent' ? { sentAt: deps.now() } : {}),
    });
    noteSendTimes(deps, id, answered - started, performance.now() - answered);
    await announce(
      deps,
      { ...current, ...next },
      causationId,
      result.outcome === 'deferred' ? result.reason : undefined,
    );
    if (result.outcome === 'deferred') {
      await log.release(id, n);
      throw new UpstreamUnavailable(result.reason, { api: 'smtp' });
    }
  };
}

/**
 * The provider's id when it already accepted this row's email. A lookup that cannot answer
 * fails the attempt (retryable) with the claim kept: it expires, and the next holder asks again.
 */
async function acceptedEarlier(deps: DeliverDeps, row: NotificationLogDoc): Promise<string | undefined> {
  if (!deps.sentLookup) {
    unknownOutcomes.inc({ resolution: 'unverified' });
    return undefined;
  }
  let found: string | undefined;
  try {
    found = await deps.sentLookup.find(row.emailMessageId);
  } catch (err) {
    throw new UpstreamUnavailable(
      `cannot tell whether an earlier attempt sent this email: ${(err as Error).message}`,
      { api: 'mail-lookup' },
    );
  }
  unknownOutcomes.inc({ resolution: found ? 'found' : 'not_found' });
  return found;
}

function noteSendTimes(deps: DeliverDeps, id: string, smtpMs: number, recordMs: number): void {
  sendSeconds.observe({ phase: 'smtp' }, smtpMs / 1000);
  sendSeconds.observe({ phase: 'record' }, recordMs / 1000);
  if (smtpMs + recordMs > (deps.slowSendMs ?? 5_000))
    deps.logger?.warn(
      { notificationId: id, smtpMs: Math.round(smtpMs), recordMs: Math.round(recordMs) },
      'slow email send or record: a crash in this window sends the email again',
    );
}

/**
 * Writes what the send did. The mail has left: if this write went to the retry tiers after a
 * database blip (a restart clears the pool), the claim would expire and the redelivery would
 * send it a second time (seen in the soak: 6 confirmations twice after a 3 s restart). So it
 * is retried here while the error is retryable, within half the claim lease.
 */
async function recordOutcome(deps: DeliverDeps, id: string, fields: Partial<NotificationLogDoc>) {
  return withRetry(() => deps.log.save(id, fields), {
    retryOn: (err) => toAppError(err).retryable,
    deadlineMs: deps.config.claimLeaseMs / 2,
    initialDelayMs: 100,
    maxDelayMs: 2_000,
  });
}

async function send(deps: DeliverDeps, kind: NotificationKind, order: Order): Promise<SendResult> {
  const { config } = deps;
  const unsubscribeUrl = isEssential(kind)
    ? undefined
    : `${config.publicBaseUrl.replace(/\/+$/, '')}/unsubscribe/${unsubscribeToken(order.customer.email, config.secret)}`;
  const context = await deps.context(order);
  const mail = composeEmail(
    kind,
    order,
    {
      trackingPageUrl: trackingUrl(config.publicBaseUrl, order.orderId, config.secret),
      ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
    },
    context,
  );
  return deps.mailer.send({
    from: { name: context.identity.senderName, address: addressOf(config.mailFrom) },
    to: order.customer.email,
    ...mail,
    messageId: emailMessageId(order.orderId, kind, config.mailFrom),
    // RFC 8058 one-click: the mail client POSTs to the same URL, which is what records it.
    ...(unsubscribeUrl
      ? {
          headers: {
            'List-Unsubscribe': `<${unsubscribeUrl}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          },
        }
      : {}),
  });
}

/** The address of `Name <address>` (or the whole value): the shop's sender name replaces the name. */
function addressOf(mailFrom: string): string {
  return /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
}

/**
 * Emits the event of a row's outcome through the standalone outbox, keyed per (order, kind,
 * outcome): calling it again (a redelivery after a crash) emits nothing new. A delay is
 * announced once, however many retries it takes.
 */
async function announce(
  deps: DeliverDeps,
  row: NotificationLogDoc,
  causationId: string,
  delay?: string,
): Promise<void> {
  const { orderId, kind } = row;
  let key: string;
  let message: OutgoingMessage;
  if (row.status === 'sent') {
    key = 'sent';
    message = {
      type: 'notification.sent',
      payload: {
        orderId,
        kind,
        ...(row.providerMessageId ? { providerMessageId: row.providerMessageId } : {}),
      },
    };
  } else if (row.status === 'failed' || delay) {
    key = row.status === 'failed' ? 'failed' : 'delayed';
    const reason = row.lastError ?? delay ?? 'unknown';
    message = {
      type: 'notification.failed',
      payload: { orderId, kind, reason, permanent: row.status === 'failed' },
    };
  } else {
    return;
  }
  await deps.outbox.enqueue(`notifications:${row._id}:${key}`, [message], {
    correlationId: orderId,
    causationId,
  });
}

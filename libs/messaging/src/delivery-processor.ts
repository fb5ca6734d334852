import { toAppError } from '@commerce-sync/errors';
import type { Message } from 'amqplib';
import { HEADER, parseDelivery } from './envelope.ts';
import { decideFailure, type WaitState } from './failure-policy.ts';
import { sendToDlq, sendToRetry } from './failure-routing.ts';
import { createHandlerContext, type Handler } from './handler-context.ts';
import type { Inbox } from './inbox.ts';
import type { MessagingMetrics } from './metrics.ts';
import type { Names } from './names.ts';
import type { Logger } from './options.ts';
import type { ConfirmedPublisher } from './publisher.ts';
import type { StandaloneOutbox } from './standalone-outbox.ts';
import { withProcessSpan } from './tracing.ts';

export interface ProcessorDeps {
  consumer: string;
  names: Names;
  handlers: ReadonlyMap<string, Handler>;
  /** Types whose handler runs without the inbox read first (see HandleOptions.inboxRead). */
  skipInboxRead?: ReadonlySet<string>;
  inbox: Inbox;
  outbox: StandaloneOutbox;
  publisher: ConfirmedPublisher;
  retryTiersMs: readonly number[];
  /** How long an outage may hold a message before its waits count as attempts. */
  outageBudgetMs: number;
  metrics: MessagingMetrics;
  logger: Logger;
}

/**
 * Runs one delivery through validation, the inbox and its handler, and routes a failure to a
 * retry tier or the DLQ. Resolves when the delivery may be acked (the retry or DLQ copy is
 * confirmed); rejects when it must not be (that copy could not be published: the message
 * stays and is redelivered). A database or upstream outage goes to a retry tier that spends
 * no attempt (see failure-policy.ts).
 */
export function createDeliveryProcessor(deps: ProcessorDeps): (msg: Message) => Promise<void> {
  const { consumer, names, metrics } = deps;
  const queue = names.queue;
  return async (msg) => {
    const parsed = parseDelivery(msg);
    const type = parsed.ok ? parsed.envelope.type : String(msg.properties.type ?? msg.fields.routingKey);
    if (!parsed.ok) {
      // Bad input never enters a retry loop: it cannot get better by waiting.
      const info = {
        reason: parsed.code,
        code: parsed.code,
        message: parsed.reason,
        attempts: attemptOf(msg),
      };
      await sendToDlq(deps.publisher, names, msg, info);
      metrics.deadLettered.inc({ queue, type, reason: parsed.code });
      deps.logger.warn(
        { type, messageId: msg.properties.messageId, reason: parsed.reason },
        'invalid message parked',
      );
      return;
    }
    const { envelope } = parsed;
    const handler = deps.handlers.get(envelope.type);
    if (!handler) {
      const info = {
        reason: 'NO_HANDLER',
        code: 'NO_HANDLER',
        message: `${consumer} has no handler for ${type}`,
      };
      await sendToDlq(deps.publisher, names, msg, { ...info, attempts: envelope.attempt });
      metrics.deadLettered.inc({ queue, type, reason: 'NO_HANDLER' });
      return;
    }
    const key = `${consumer}:${envelope.messageId}`;
    const span = { queue, headers: msg.properties.headers, ...envelope };
    const stopTimer = metrics.handlerDuration.startTimer({ queue, type });
    const duplicate = () => {
      metrics.duplicatesSkipped.inc({ queue, type });
      deps.logger.info({ type, messageId: envelope.messageId }, 'duplicate skipped');
    };
    try {
      await withProcessSpan(span, async () => {
        // Without the read nobody looks the key up, so it is not written either.
        const usesInbox = !deps.skipInboxRead?.has(envelope.type);
        if (usesInbox && (await deps.inbox.seen(key))) return duplicate();
        const { ctx, keyRecord } = createHandlerContext(consumer, envelope, deps.outbox);
        await handler(envelope, ctx);
        const { recorded, duplicate: absorbed } = keyRecord();
        if (absorbed) return duplicate();
        if (!recorded && usesInbox) await deps.inbox.mark(key);
        metrics.consumed.inc({ queue, type, outcome: 'handled' });
      });
    } catch (err) {
      await routeFailure(deps, msg, type, envelope.attempt, err);
    } finally {
      stopTimer();
    }
  };
}

function attemptOf(msg: Message): number {
  return Number(msg.properties.headers?.[HEADER.attempt] ?? 1);
}

function waitStateOf(msg: Message, budgetMs: number, now = Date.now()): WaitState {
  const h = msg.properties.headers ?? {};
  const first = Date.parse(String(h[HEADER.firstFailureAt] ?? ''));
  return {
    waits: Number(h[HEADER.waits] ?? 0) || 0,
    sinceFirstFailureMs: Number.isNaN(first) ? 0 : now - first,
    budgetMs,
  };
}

async function routeFailure(deps: ProcessorDeps, msg: Message, type: string, attempt: number, err: unknown) {
  const { names, metrics } = deps;
  const queue = names.queue;
  const appError = toAppError(err);
  const wait = waitStateOf(msg, deps.outageBudgetMs);
  const decision = decideFailure(appError, attempt, deps.retryTiersMs, wait);
  const log = { type, messageId: msg.properties.messageId, attempt, code: appError.code };
  if (decision.action === 'retry') {
    await sendToRetry(
      deps.publisher,
      names,
      msg,
      decision.tierMs,
      decision.nextAttempt,
      appError,
      decision.waits,
    );
    metrics.retried.inc({ queue, type });
    metrics.consumed.inc({ queue, type, outcome: 'retried' });
    deps.logger.warn(
      { ...log, tierMs: decision.tierMs, waits: decision.waits, err: appError.message },
      'handler failed; retry scheduled',
    );
    return;
  }
  const original = err instanceof Error ? err : appError;
  await sendToDlq(deps.publisher, names, msg, {
    reason: decision.reason,
    code: appError.code,
    message: appError.message,
    stack: original.stack,
    attempts: attempt,
  });
  metrics.deadLettered.inc({ queue, type, reason: decision.reason });
  metrics.consumed.inc({ queue, type, outcome: 'dead-lettered' });
  deps.logger.error(
    { ...log, reason: decision.reason, err: appError.message },
    'handler failed; message parked',
  );
}

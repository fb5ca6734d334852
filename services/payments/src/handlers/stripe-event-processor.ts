import { insertUnlessPresent } from '@commerce-sync/service-kit';
import { metricsRegistry } from '@commerce-sync/telemetry';
import { Counter } from 'prom-client';
import type {
  PendingStripeEventModel,
  StripeEventDoc,
  StripeEventModel,
} from '../adapters/stripe-event-model.ts';
import { type ApplyEventDeps, type ApplyOutcome, createStripeEventApplier } from './apply-stripe-event.ts';

/** After this many failed attempts an event is `failed`, for a person (GET /admin/stripe-events). */
export const MAX_EVENT_ATTEMPTS = 10;

// failed and unmatched need a person (GET /admin/stripe-events); alerts watch their increase.
const outcomes = new Counter({
  name: 'payments_stripe_events_total',
  help: 'Stripe webhook events settled, by outcome (processed, ignored, unmatched, failed)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export interface ProcessorDeps extends ApplyEventDeps {
  events: StripeEventModel;
  pending: PendingStripeEventModel;
  /** Period of the recovery pass over unsettled events (crash, failure). */
  recoveryMs?: number;
  /** Age of a marker before the recovery pass takes it (younger ones are being processed). */
  graceMs?: number;
  /** An event about an order not recorded yet (its webhook overtook the command's answer) is looked at once more after this. */
  unmatchedRetryMs?: number;
}

/** How an event reached the processor: `marked` when a pending marker stands for it. */
interface Run {
  prior: number;
  lastLook: boolean;
  marked: boolean;
}

/**
 * Settles recorded Stripe events. The webhook inserts the event (its id is the dedup key and
 * the claim), has it settled here and only then answers 200: settling applies it and records
 * the outcome on the event, two writes per webhook in all. A crash before the answer leaves
 * the event `pending` and Stripe retries; the retry finds it pending and settles it. An event
 * that must wait (its payment is not recorded yet) or whose processing failed gets a pending
 * marker before the webhook is answered; the recovery pass reads those markers (a small
 * collection, by age) every `recoveryMs` and deletes each once its event is settled.
 */
export function createStripeEventProcessor(deps: ProcessorDeps) {
  const applyEvent = createStripeEventApplier(deps);
  const log = deps.logger.child({ module: 'stripe-events' });
  const inFlight = new Map<string, Promise<void>>();
  const waits = new Set<NodeJS.Timeout>();
  let timer: NodeJS.Timeout | undefined;
  let recovering: Promise<number> | undefined;
  let stopped = false;

  const mark = (event: StripeEventDoc) =>
    insertUnlessPresent(deps.pending.collection, { _id: event._id, receivedAt: event.receivedAt });

  async function settle(event: StripeEventDoc, run: Run, r: ApplyOutcome): Promise<void> {
    await deps.events.updateOne(
      { _id: event._id },
      { $set: { outcome: r.outcome, detail: r.detail ?? null, attempts: run.prior + 1 } },
    );
    outcomes.inc({ outcome: r.outcome });
    if (run.marked) await deps.pending.deleteOne({ _id: event._id });
    if (r.outcome === 'unmatched')
      log.warn({ eventId: event._id, type: event.type }, 'stripe event for an unknown intent');
  }

  /** Counts the failure on the marker (written now if none stands for the event). */
  async function failed(event: StripeEventDoc, prior: number, err: unknown): Promise<void> {
    const message = String((err as Error)?.message ?? err).slice(0, 300);
    log.error({ eventId: event._id, err }, 'stripe event processing failed');
    const marker = await deps.pending
      .findOneAndUpdate(
        { _id: event._id },
        {
          $set: { lastError: message },
          $inc: { attempts: 1 },
          $setOnInsert: { receivedAt: event.receivedAt },
        },
        { returnDocument: 'after', upsert: true },
      )
      .lean();
    const attempts = marker?.attempts ?? prior + 1;
    // Below the limit the marker stays: the recovery pass tries again.
    if (attempts < MAX_EVENT_ATTEMPTS) return;
    await deps.events.updateOne(
      { _id: event._id },
      { $set: { outcome: 'failed', detail: message, attempts } },
    );
    outcomes.inc({ outcome: 'failed' });
    await deps.pending.deleteOne({ _id: event._id });
  }

  /**
   * Resolves once the event is settled, or marked for a later look; rejects only when
   * neither could be written, so the webhook answers 5xx and Stripe retries.
   */
  async function run(event: StripeEventDoc, r: Run): Promise<void> {
    let outcome: ApplyOutcome;
    try {
      outcome = await applyEvent(event);
    } catch (err) {
      await failed(event, r.prior, err);
      return;
    }
    if (outcome.missing && !r.lastLook && deps.unmatchedRetryMs !== 0) {
      if (!r.marked) await mark(event);
      const wait = setTimeout(() => {
        waits.delete(wait);
        inBackground(processEvent(event, { prior: r.prior, lastLook: true, marked: true }), event);
      }, deps.unmatchedRetryMs ?? 1_000);
      waits.add(wait);
      return;
    }
    await settle(event, r, outcome);
  }

  function inBackground(running: Promise<void>, event: StripeEventDoc): void {
    running.catch((err: unknown) =>
      log.error({ eventId: event._id, err }, 'could not settle a stripe event; recovery retries it'),
    );
  }

  /** Processes one recorded event unless this process is already at it. */
  function processEvent(
    event: StripeEventDoc,
    r: Run = { prior: 0, lastLook: false, marked: false },
  ): Promise<void> {
    if (stopped) return Promise.resolve();
    const busy = inFlight.get(event._id);
    if (busy) return busy;
    const running = run(event, r).finally(() => inFlight.delete(event._id));
    inFlight.set(event._id, running);
    return running;
  }

  /** Events whose marker is older than the grace period: a crash or a failure left them. */
  async function recoverOnce(now: Date, limit = 100): Promise<number> {
    const olderThan = new Date(now.getTime() - (deps.graceMs ?? 30_000));
    const markers = await deps.pending.find({ receivedAt: { $lt: olderThan } }).lean();
    const due = markers
      .filter((m) => !inFlight.has(m._id))
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
      .slice(0, limit);
    let recovered = 0;
    for (const marker of due) {
      if (stopped) break;
      const event = await deps.events.findById(marker._id).lean<StripeEventDoc>().exec();
      // Settled already (a stray marker from a duplicate webhook racing the first): drop it.
      if (event?.outcome === 'pending') {
        await processEvent(event, { prior: marker.attempts ?? 0, lastLook: true, marked: true }).catch(
          (err: unknown) => log.error({ eventId: event._id, err }, 'recovering a stripe event failed'),
        );
        recovered += 1;
      } else await deps.pending.deleteOne({ _id: marker._id });
    }
    return recovered;
  }

  function recover(now = new Date()): Promise<number> {
    recovering ??= recoverOnce(now).finally(() => {
      recovering = undefined;
    });
    return recovering;
  }

  /**
   * Events left `pending` by the polling processor of earlier versions carry no marker: give
   * them one, once per start (a scan, but not on the hot path).
   */
  async function adoptUnmarked(): Promise<void> {
    const old = await deps.events
      .find({ outcome: 'pending' }, { _id: 1, receivedAt: 1 })
      .limit(1000)
      .lean<StripeEventDoc[]>()
      .exec();
    for (const e of old)
      await insertUnlessPresent(deps.pending.collection, { _id: e._id, receivedAt: e.receivedAt });
  }

  const tick = () =>
    void recover().catch((err: unknown) => log.error({ err }, 'stripe event recovery pass failed'));

  return {
    /** Settles an event just recorded by the webhook (no marker stands for it). */
    settleNew: (event: StripeEventDoc) => processEvent(event),
    /** Settles an event a marker stands for (an operator's retry, a repeat of a pending one). */
    settleMarked: (event: StripeEventDoc) => processEvent(event, { prior: 0, lastLook: false, marked: true }),
    /** An event of a type we do not act on, answered by the webhook without being stored. */
    countIgnored: () => outcomes.inc({ outcome: 'ignored' }),
    /** One recovery pass now (tests, operators); the number of events processed. */
    recover,
    start() {
      stopped = false;
      timer = setInterval(tick, deps.recoveryMs ?? 60_000);
      timer.unref();
      void adoptUnmarked()
        .then(tick)
        .catch((err: unknown) => log.error({ err }, 'adopting pending stripe events failed'));
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      for (const wait of waits) clearTimeout(wait);
      waits.clear();
      await Promise.allSettled([...inFlight.values(), recovering]);
    },
  };
}

import type { ConfirmChannel, GetMessage } from 'amqplib';
import { connectAny } from './connection.ts';
import { republishOptions } from './envelope.ts';
import { type DlqEntry, type DlqFilter, matches, replayHeaders, toDlqEntry } from './dlq-entry.ts';
import { type Names, namesFor } from './names.ts';

/** List, inspect, replay and discard parked messages of one consumer's DLQ. */
export interface DlqAdmin {
  readonly queue: string;
  list(opts?: { limit?: number }): Promise<{ total: number; entries: DlqEntry[] }>;
  show(messageId: string): Promise<DlqEntry | null>;
  replay(filter: DlqFilter): Promise<{ replayed: number }>;
  discard(filter: DlqFilter): Promise<{ discarded: number }>;
}

export interface DlqAdminOptions {
  amqpUrl: string;
  /** The consumer (service) whose DLQ this is. */
  service: string;
  prefix?: string;
}

type Verdict = 'keep' | 'replay' | 'discard';

/**
 * Works with basic.get on a private channel: every message read and not taken is returned to
 * the queue when the channel closes, so listing never loses one. Each call uses a short-lived
 * connection: operations are rare and must work while the service itself is down.
 */
export function createDlqAdmin(opts: DlqAdminOptions): DlqAdmin {
  const names = namesFor(opts.service, opts.prefix);
  const scan = (decide: (m: GetMessage) => Verdict, max = Infinity) =>
    scanDlq(opts.amqpUrl, names, decide, max);
  return {
    queue: names.dlq,
    async list({ limit = 100 } = {}) {
      const entries: DlqEntry[] = [];
      const { total } = await scan((m) => {
        entries.push(toDlqEntry(m, false));
        return 'keep';
      }, limit);
      return { total, entries };
    },
    async show(messageId) {
      let found: DlqEntry | null = null;
      await scan((m) => {
        if (!found && m.properties.messageId === messageId) found = toDlqEntry(m, true);
        return 'keep';
      });
      return found;
    },
    async replay(filter) {
      const { taken } = await scan((m) => (matches(toDlqEntry(m, false), filter) ? 'replay' : 'keep'));
      return { replayed: taken };
    },
    async discard(filter) {
      const { taken } = await scan((m) => (matches(toDlqEntry(m, false), filter) ? 'discard' : 'keep'));
      return { discarded: taken };
    },
  };
}

async function scanDlq(url: string, names: Names, decide: (m: GetMessage) => Verdict, max: number) {
  const model = await connectAny(url);
  try {
    const ch = await model.createConfirmChannel();
    const { messageCount: total } = await ch.checkQueue(names.dlq);
    let taken = 0;
    // Only the messages present at the start: replayed ones that fail again come back behind.
    for (let i = 0; i < Math.min(total, max); i++) {
      const msg = await ch.get(names.dlq, { noAck: false });
      if (!msg) break;
      const verdict = decide(msg);
      if (verdict === 'replay') await replayTo(ch, names.queue, msg);
      // Ack only after the replayed copy is confirmed: a crash in between duplicates, never loses.
      if (verdict !== 'keep') {
        ch.ack(msg);
        taken++;
      }
    }
    await ch.close();
    return { total, taken };
  } finally {
    await model.close().catch(() => {});
  }
}

function replayTo(ch: ConfirmChannel, queue: string, msg: GetMessage): Promise<void> {
  const options = republishOptions(msg, replayHeaders(msg.properties.headers ?? {}));
  return new Promise((resolve, reject) => {
    ch.sendToQueue(queue, msg.content, options, (err) =>
      err ? reject(new Error(`replay of ${options.messageId} not confirmed`)) : resolve(),
    );
  });
}

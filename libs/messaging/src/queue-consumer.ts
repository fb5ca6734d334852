import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from './options.ts';

export interface QueueConsumerOptions {
  queue: string;
  prefetch: number;
  concurrency: number;
  logger: Logger;
  process: (msg: ConsumeMessage) => Promise<void>;
  /** The channel died while the connection lives: the owner reconnects to resume. */
  onChannelLost: () => void;
}

interface Pending {
  msg: ConsumeMessage;
  channel: Channel;
}

/**
 * Consumes one queue with manual acks: at most `prefetch` deliveries held, at most
 * `concurrency` handlers running. Acks go to the channel a delivery came on; after a
 * reconnect the old deliveries are the broker's again (redelivered, absorbed by the inbox).
 */
export class QueueConsumer {
  readonly #opts: QueueConsumerOptions;
  #channel: Channel | null = null;
  #tag: string | null = null;
  #active = 0;
  #waiting: Pending[] = [];
  #idle = Promise.withResolvers<void>();
  #stopping = false;

  constructor(opts: QueueConsumerOptions) {
    this.#opts = opts;
    this.#idle.resolve();
  }

  get consuming(): boolean {
    return this.#tag !== null && this.#channel !== null;
  }

  get inFlight(): number {
    return this.#active + this.#waiting.length;
  }

  async attach(model: ChannelModel): Promise<void> {
    if (this.#stopping) return;
    const channel = await model.createChannel();
    channel.on('error', (err: Error) =>
      this.#opts.logger.warn({ err: err.message }, 'consumer channel error'),
    );
    channel.on('close', () => {
      if (this.#channel !== channel) return;
      this.#channel = null;
      this.#tag = null;
      this.#waiting = this.#waiting.filter((p) => p.channel !== channel);
      if (!this.#stopping) this.#opts.onChannelLost();
    });
    await channel.prefetch(this.#opts.prefetch);
    this.#channel = channel;
    const { consumerTag } = await channel.consume(
      this.#opts.queue,
      (msg) => msg && this.#enqueue(msg, channel),
    );
    this.#tag = consumerTag;
  }

  #enqueue(msg: ConsumeMessage, channel: Channel): void {
    if (this.#active === 0 && this.#waiting.length === 0) this.#idle = Promise.withResolvers<void>();
    this.#waiting.push({ msg, channel });
    this.#pump();
  }

  #pump(): void {
    while (this.#active < this.#opts.concurrency && this.#waiting.length > 0) {
      const next = this.#waiting.shift()!;
      this.#active++;
      void this.#run(next).finally(() => {
        this.#active--;
        this.#pump();
        if (this.#active === 0 && this.#waiting.length === 0) this.#idle.resolve();
      });
    }
  }

  async #run({ msg, channel }: Pending): Promise<void> {
    let ok = true;
    try {
      await this.#opts.process(msg);
    } catch (err) {
      ok = false;
      // A handler cut short by the stop returns its delivery without a word.
      if (!this.#stopping)
        this.#opts.logger.warn(
          { err: (err as Error).message },
          'delivery not settled; returned to the queue',
        );
    }
    if (channel !== this.#channel) return; // that channel is gone: the broker redelivers
    try {
      if (ok) channel.ack(msg);
      else channel.nack(msg, false, true);
    } catch {
      // Channel closed between the check and the ack: redelivered, absorbed by the inbox.
    }
  }

  /** Stops taking deliveries, waits for running handlers up to the deadline, closes the channel. */
  async stop(deadlineMs: number): Promise<void> {
    this.#stopping = true;
    const channel = this.#channel;
    if (channel && this.#tag) await channel.cancel(this.#tag).catch(() => {});
    this.#tag = null;
    await Promise.race([this.#idle.promise, new Promise((r) => setTimeout(r, deadlineMs).unref())]);
    this.#channel = null;
    // Deliveries not finished by now are returned to the queue by the close.
    if (channel) await channel.close().catch(() => {});
  }
}

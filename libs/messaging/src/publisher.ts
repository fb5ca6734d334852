import { once } from 'node:events';
import type { ConfirmChannel, Message, Options } from 'amqplib';
import type { BrokerConnection } from './connection.ts';
import { BrokerUnavailable, MessageUnroutable } from './errors.ts';

/**
 * Publishes with publisher confirms on one channel: a publish resolves only once the
 * broker has the message (persisted, for a persistent message on a quorum queue).
 */
export class ConfirmedPublisher {
  readonly #broker: BrokerConnection;
  #channel: Promise<ConfirmChannel> | null = null;
  #drained: Promise<unknown> | null = null;
  /** Message ids returned as unroutable; the broker sends basic.return before the ack. */
  readonly #returned = new Set<string>();

  constructor(broker: BrokerConnection) {
    this.#broker = broker;
  }

  publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish): Promise<void> {
    return this.#publish(exchange, routingKey, content, options);
  }

  async #publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish) {
    const ch = await this.#open();
    // Backpressure: once the socket buffer is full, wait for `drain` instead of queueing
    // unbounded memory inside amqplib.
    while (this.#drained) await this.#drained;
    const id = options.messageId;
    await new Promise<void>((resolve, reject) => {
      const written = ch.publish(exchange, routingKey, content, options, (err) => {
        if (err) return reject(err instanceof Error ? err : new BrokerUnavailable(`publish nacked: ${err}`));
        if (id && this.#returned.delete(id)) return reject(new MessageUnroutable(exchange, routingKey));
        resolve();
      });
      if (!written && !this.#drained) {
        this.#drained = Promise.race([once(ch, 'drain'), once(ch, 'close')]).finally(() => {
          this.#drained = null;
        });
      }
    });
  }

  #open(): Promise<ConfirmChannel> {
    if (this.#channel) return this.#channel;
    const model = this.#broker.model;
    if (!model) return Promise.reject(new BrokerUnavailable());
    const opening = model.createConfirmChannel().then((ch) => {
      ch.on('error', () => {}); // the close that follows is what we act on
      ch.on('close', () => {
        if (this.#channel === opening) this.#channel = null;
      });
      ch.on('return', (msg: Message) => {
        if (msg.properties.messageId) this.#returned.add(msg.properties.messageId);
      });
      return ch;
    });
    this.#channel = opening;
    opening.catch(() => {
      if (this.#channel === opening) this.#channel = null;
    });
    return opening;
  }

  /** Drops the channel of a lost connection so the next publish opens a fresh one. */
  reset(): void {
    this.#channel = null;
    this.#drained = null;
  }
}

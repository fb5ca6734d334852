import { type ChannelModel, connect } from 'amqplib';
import type { Logger } from './options.ts';

export interface BrokerConnectionOptions {
  url: string;
  logger: Logger;
  /** Runs on every (re)connection: declare topology, open channels, resume consumers. */
  onConnect: (model: ChannelModel) => Promise<void>;
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** Exponential backoff with "equal jitter": replicas that lost the broker together spread out. */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random = Math.random): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

/** One AMQP connection that reconnects forever (until `close`) and re-runs its setup. */
export class BrokerConnection {
  readonly #opts: BrokerConnectionOptions;
  #model: ChannelModel | null = null;
  #closing = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #firstConnect = Promise.withResolvers<void>();

  constructor(opts: BrokerConnectionOptions) {
    this.#opts = opts;
  }

  get connected(): boolean {
    return this.#model !== null;
  }

  get model(): ChannelModel | null {
    return this.#model;
  }

  /** Resolves once connected and set up the first time; retries in the background meanwhile. */
  start(): Promise<void> {
    void this.#connect();
    return this.#firstConnect.promise;
  }

  async #connect(): Promise<void> {
    if (this.#closing) return;
    let model: ChannelModel | undefined;
    try {
      model = await connect(this.#opts.url, {
        clientProperties: { connection_name: 'commerce-sync' },
        // Without it Nagle holds a publish's body frame until the broker's delayed ACK (~40 ms).
        noDelay: true,
      });
      model.on('error', (err: Error) =>
        this.#opts.logger.warn({ err: err.message }, 'amqp connection error'),
      );
      model.on('close', () => this.#lost(model!));
      model.on('blocked', (reason: string) => this.#opts.logger.warn({ reason }, 'amqp connection blocked'));
      this.#model = model;
      await this.#opts.onConnect(model);
      this.#attempt = 0;
      this.#opts.logger.info({}, 'amqp connected');
      this.#firstConnect.resolve();
    } catch (err) {
      this.#opts.logger.warn({ err: (err as Error).message }, 'amqp connect failed');
      if (model) await model.close().catch(() => {});
      this.#lost(model);
    }
  }

  #lost(model: ChannelModel | undefined): void {
    if (model && this.#model !== model) return; // a stale connection's late close
    this.#model = null;
    if (this.#closing || this.#timer) return;
    const delay = backoffDelay(
      ++this.#attempt,
      this.#opts.minDelayMs ?? 200,
      this.#opts.maxDelayMs ?? 15_000,
    );
    this.#opts.logger.warn({ attempt: this.#attempt, delayMs: delay }, 'amqp reconnect scheduled');
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#connect();
    }, delay);
  }

  /** Forces a reconnect, e.g. after a channel the connection cannot do without has died. */
  reset(): void {
    const model = this.#model;
    if (model) model.close().catch(() => this.#lost(model));
  }

  async close(): Promise<void> {
    this.#closing = true;
    clearTimeout(this.#timer);
    const model = this.#model;
    this.#model = null;
    this.#firstConnect.reject(new Error('closed before connecting'));
    this.#firstConnect.promise.catch(() => {});
    if (model) await model.close().catch(() => {});
  }
}

import { type ChannelModel, connect } from 'amqplib';
import { withRetry } from '@commerce-sync/service-kit/retry';
import { z } from 'zod';
import type { Logger } from './options.ts';

export interface BrokerConnectionOptions {
  /** One amqp(s):// URL, or a cluster's nodes as a comma-separated list of them. */
  url: string;
  logger: Logger;
  /** Runs on every (re)connection: declare topology, open channels, resume consumers. */
  onConnect: (model: ChannelModel) => Promise<void>;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Picks the node tried first; replicas starting at random spread over a cluster. */
  random?: () => number;
}

/**
 * The broker addresses in an AMQP_URL: one URL, or several separated by commas (the nodes
 * of a cluster; a client tries them in turn). Throws naming the entry that is not an
 * amqp:// or amqps:// URL, so a config check can use it.
 */
export function brokerUrls(value: string): string[] {
  const urls = value
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (urls.length === 0) throw new Error('AMQP_URL names no broker: expected amqp://host:port[,amqp://…]');
  for (const url of urls) {
    const protocol = URL.canParse(url) ? new URL(url).protocol : '';
    if (protocol !== 'amqp:' && protocol !== 'amqps:')
      throw new Error(`AMQP_URL entry "${nodeOf(url)}" is not an amqp:// URL`);
  }
  return urls;
}

/** AMQP_URL in a service's config: one amqp(s):// URL or a comma-separated list of them. */
export const AmqpUrlSchema = z.string().superRefine((value, ctx) => {
  try {
    brokerUrls(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

/** host:port of a broker URL, without its credentials: what logs and health may show. */
export function nodeOf(url: string): string {
  if (!URL.canParse(url)) return url.replace(/\/\/[^@/]*@/, '//');
  const { protocol, hostname, port } = new URL(url);
  return `${hostname}:${port || (protocol === 'amqps:' ? '5671' : '5672')}`;
}

const SOCKET_OPTIONS = {
  clientProperties: { connection_name: 'commerce-sync' },
  // Without it Nagle holds a publish's body frame until the broker's delayed ACK (~40 ms).
  noDelay: true,
  // A node that accepts TCP but never answers (frozen, partitioned) must not hold us: next.
  timeout: 10_000,
};

/** A short-lived connection to the first of `url`'s nodes that answers, each tried once. */
export async function connectAny(url: string): Promise<ChannelModel> {
  let lastError: unknown;
  for (const node of brokerUrls(url)) {
    try {
      return await connect(node, SOCKET_OPTIONS);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

/**
 * One AMQP connection that reconnects forever (until `close`) and re-runs its setup. Given
 * several nodes, every attempt goes to the next one, so a client whose node died reconnects
 * to a live one; the backoff grows only once a whole round of nodes has failed.
 */
export class BrokerConnection {
  readonly #opts: BrokerConnectionOptions;
  readonly #urls: string[];
  #next: number;
  #node: string | null = null;
  #model: ChannelModel | null = null;
  #closing = false;
  #reconnecting = false;
  readonly #stop = new AbortController();
  #firstConnect = Promise.withResolvers<void>();

  constructor(opts: BrokerConnectionOptions) {
    this.#opts = opts;
    this.#urls = brokerUrls(opts.url);
    this.#next = Math.floor((opts.random ?? Math.random)() * this.#urls.length);
  }

  get connected(): boolean {
    return this.#model !== null;
  }

  get model(): ChannelModel | null {
    return this.#model;
  }

  /** host:port of the node connected to, or null while disconnected. */
  get node(): string | null {
    return this.#model ? this.#node : null;
  }

  /** Resolves once connected and set up the first time; retries in the background meanwhile. */
  start(): Promise<void> {
    void this.#reconnect(0);
    return this.#firstConnect.promise;
  }

  /**
   * Tries node after node until one connects and is set up. The waits grow once a whole
   * round of nodes has failed; a dropped connection counts as the first failure, so replicas
   * that lost the broker together do not all come back at the same instant.
   */
  async #reconnect(failedBefore: number): Promise<void> {
    this.#reconnecting = true;
    await withRetry(() => this.#connectOnce(), {
      retryOn: () => !this.#closing,
      initialDelayMs: this.#opts.minDelayMs ?? 200,
      maxDelayMs: this.#opts.maxDelayMs ?? 15_000,
      triesPerStep: this.#urls.length,
      failedBefore,
      signal: this.#stop.signal,
      onRetry: ({ attempt, delayMs }) =>
        this.#opts.logger.warn({ attempt, delayMs }, 'amqp reconnect scheduled'),
    }).catch(() => {}); // only a close ends the retries without a connection
  }

  async #connectOnce(): Promise<void> {
    if (this.#closing) throw new Error('closed');
    let model: ChannelModel | undefined;
    const url = this.#urls[this.#next] as string;
    const node = nodeOf(url);
    this.#next = (this.#next + 1) % this.#urls.length;
    try {
      model = await connect(url, SOCKET_OPTIONS);
      model.on('error', (err: Error) =>
        this.#opts.logger.warn({ err: err.message }, 'amqp connection error'),
      );
      model.on('close', () => this.#lost(model!));
      model.on('blocked', (reason: string) => this.#opts.logger.warn({ reason }, 'amqp connection blocked'));
      this.#model = model;
      this.#node = node;
      await this.#opts.onConnect(model);
      if (this.#model !== model) throw new Error('connection closed during its setup');
    } catch (err) {
      this.#opts.logger.warn({ node, err: (err as Error).message }, 'amqp connect failed');
      if (this.#model === model) this.#model = null;
      if (model) await model.close().catch(() => {});
      throw err;
    }
    // Set before anything can wait, so a close from here on starts a new reconnect.
    this.#reconnecting = false;
    this.#opts.logger.info({ node }, 'amqp connected');
    this.#firstConnect.resolve();
  }

  #lost(model: ChannelModel): void {
    if (this.#model !== model) return; // a stale connection's late close
    this.#model = null;
    if (this.#closing || this.#reconnecting) return;
    void this.#reconnect(1);
  }

  /** Forces a reconnect, e.g. after a channel the connection cannot do without has died. */
  reset(): void {
    const model = this.#model;
    if (model) model.close().catch(() => this.#lost(model));
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#stop.abort();
    const model = this.#model;
    this.#model = null;
    this.#firstConnect.reject(new Error('closed before connecting'));
    this.#firstConnect.promise.catch(() => {});
    if (model) await model.close().catch(() => {});
  }
}

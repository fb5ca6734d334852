/** Addresses of the local infrastructure, overridable by the same variables the services read. */
export function infraUrls() {
  return {
    amqp: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    amqpManagement: process.env.RABBITMQ_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672',
    mongo: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
    smtp: process.env.SMTP_URL ?? 'smtp://127.0.0.1:1025',
    mailpitApi: process.env.MAILPIT_API_URL ?? 'http://127.0.0.1:8025',
  };
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Named in the error when the deadline passes. */
  what?: string;
}

/**
 * Polls `probe` until it returns a value other than undefined/false/null, or throws after
 * the deadline. Tests synchronise on conditions with this, never on sleeps.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  opts: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 50, what = 'condition' } = opts;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value as T;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

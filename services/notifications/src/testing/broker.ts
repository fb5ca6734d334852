import { infraUrls } from '@commerce-sync/test/support/infra';
import { waitFor } from '@commerce-sync/test/support/infra';

/**
 * Waits until every queue of the prefix (work queue, retry tiers) is empty with nothing
 * unacknowledged, several polls in a row: then no delivery is still on its way.
 */
export async function waitForQueuesIdle(prefix: string, opts: { timeoutMs?: number } = {}): Promise<void> {
  const url = new URL(infraUrls().amqpManagement);
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  let quiet = 0;
  await waitFor(
    async () => {
      const res = await fetch(
        `${url.protocol}//${url.host}/api/queues/%2F?columns=name,messages,messages_unacknowledged`,
        {
          headers: { authorization: auth },
        },
      );
      const queues = (
        (await res.json()) as { name: string; messages?: number; messages_unacknowledged?: number }[]
      ).filter((q) => q.name.startsWith(prefix) && !q.name.endsWith('.dlq'));
      const busy = queues.some((q) => (q.messages ?? 0) + (q.messages_unacknowledged ?? 0) > 0);
      quiet = busy ? 0 : quiet + 1;
      // The management API samples every few seconds: several quiet looks in a row.
      return quiet >= 4;
    },
    { timeoutMs: opts.timeoutMs ?? 60_000, intervalMs: 1_000, what: `queues of ${prefix} to drain` },
  );
}

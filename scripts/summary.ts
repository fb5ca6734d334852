import { trackingUrl } from '@commerce-sync/notifications';
import { devToken } from '@commerce-sync/service-kit/dev-token';
import { local, servicePort } from '../test/support/stack.ts';

interface QueueInfo {
  name: string;
  messages?: number;
}

async function json<T>(url: string, headers: Record<string, string> = {}): Promise<T | undefined> {
  try {
    const u = new URL(url);
    const auth = u.username
      ? {
          authorization: `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`,
        }
      : {};
    u.username = '';
    u.password = '';
    const res = await fetch(u, { headers: { ...auth, ...headers }, signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** One line every few seconds: orders by status, broker throughput, dead letters. */
export function startSummary(env: NodeJS.ProcessEnv, everyMs = 3000): NodeJS.Timeout {
  const mgmt = env.RABBITMQ_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672';
  const orders = local(servicePort(env, 'orders'));
  const token = devToken('npm-start', '24h');
  return setInterval(async () => {
    const admin = { authorization: `Bearer ${await token}` };
    const [overview, queues, stats] = await Promise.all([
      json<{ message_stats?: { publish_details?: { rate: number } } }>(`${mgmt}/api/overview`),
      json<QueueInfo[]>(`${mgmt}/api/queues?columns=name,messages`),
      json<{ byStatus: Record<string, number>; latest: { id: string } | null }>(
        `${orders}/orders/stats`,
        admin,
      ),
    ]);
    const rate = overview?.message_stats?.publish_details?.rate ?? 0;
    const dlq = (queues ?? [])
      .filter((q) => q.name.endsWith('.dlq'))
      .reduce((n, q) => n + (q.messages ?? 0), 0);
    const byStatus = stats
      ? Object.entries(stats.byStatus)
          .map(([s, n]) => `${s} ${n}`)
          .join(', ')
      : 'orders: n/a';
    const latest =
      stats?.latest && env.TRACKING_TOKEN_SECRET && env.PUBLIC_BASE_URL
        ? ` | latest order: ${trackingUrl(env.PUBLIC_BASE_URL, stats.latest.id, env.TRACKING_TOKEN_SECRET)}`
        : '';
    console.log(
      `[${new Date().toISOString().slice(11, 19)}] ${byStatus} | ${rate.toFixed(1)} msg/s | DLQ ${dlq}${latest}`,
    );
  }, everyMs);
}

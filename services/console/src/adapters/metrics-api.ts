import { z } from 'zod';

/** One series of a range query: its labels and [unix seconds, value] points. */
export interface Series {
  labels: Record<string, string>;
  points: [number, number][];
}

const Answer = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.enum(['vector', 'matrix', 'scalar', 'string']),
    result: z.array(
      z.object({
        metric: z.record(z.string(), z.string()),
        value: z.tuple([z.number(), z.string()]).optional(),
        values: z.array(z.tuple([z.number(), z.string()])).optional(),
      }),
    ),
  }),
});

/** The engine did not answer, or answered something that is not a Prometheus API answer. */
export class MetricsUnavailable extends Error {
  readonly code = 'METRICS_UNAVAILABLE';
}

const num = (v: string) => (v === 'NaN' || v === '+Inf' || v === '-Inf' ? Number.NaN : Number(v));

/**
 * PromQL over the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`), which
 * VictoriaMetrics and Prometheus both serve: the console keeps no metrics of its own.
 */
export function metricsApi(baseUrl: string | undefined, timeoutMs = 3_000) {
  async function get(path: string, params: Record<string, string>) {
    if (!baseUrl) throw new MetricsUnavailable('METRICS_URL is not set');
    const url = `${baseUrl.replace(/\/$/, '')}${path}?${new URLSearchParams(params)}`;
    let res: Response;
    try {
      res = await fetch(url, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/json' },
      });
    } catch (err) {
      throw new MetricsUnavailable(`the metrics engine did not answer (${(err as Error).message})`);
    }
    const parsed = Answer.safeParse(await res.json().catch(() => null));
    if (!res.ok || !parsed.success) throw new MetricsUnavailable(`the metrics engine answered ${res.status}`);
    return parsed.data.data.result;
  }
  return {
    /** The value of each series now. */
    async instant(query: string): Promise<{ labels: Record<string, string>; value: number }[]> {
      const result = await get('/api/v1/query', { query });
      return result.map((r) => ({ labels: r.metric, value: r.value ? num(r.value[1]) : Number.NaN }));
    },
    /** The last `minutes`, one point every `stepS` seconds. */
    async range(query: string, minutes = 60, stepS = 60): Promise<Series[]> {
      const end = Math.floor(Date.now() / 1000);
      const result = await get('/api/v1/query_range', {
        query,
        start: String(end - minutes * 60),
        end: String(end),
        step: `${stepS}s`,
        // VictoriaMetrics moves start and end to step multiples above 50 points (for its cache),
        // which drops the newest minute; Prometheus ignores the parameter.
        nocache: '1',
      });
      return result.map((r) => ({
        labels: r.metric,
        points: (r.values ?? []).map(([t, v]) => [t, num(v)] as [number, number]),
      }));
    },
  };
}
export type MetricsApi = ReturnType<typeof metricsApi>;

import { ORDER_STATUSES } from '@commerce-sync/contracts';
import type { Router } from 'express';
import type { AttentionApi } from '../adapters/attention-api.ts';
import type { DlqApi } from '../adapters/dlq-api.ts';
import type { MetricsApi, Series } from '../adapters/metrics-api.ts';
import type { ordersApi } from '../adapters/orders-api.ts';
import { barChart, lineChart, short } from './charts.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { liveRegion } from './live.ts';
import { allowLiveScript } from './security-headers.ts';

const WINDOW_MIN = 60;
const STEP_S = 60;
const BREAKER = ['closed', 'half-open', 'open', 'isolated'];

/** The PromQL behind each figure (documented in docs/ARCHITECTURE.md §5). */
export const QUERIES = {
  receivedPerMin: 'sum(rate(orders_status_entered_total{status="received"}[2m])) * 60',
  shippedPerMin: 'sum(rate(orders_status_entered_total{status="shipped"}[2m])) * 60',
  labelP50: 'histogram_quantile(0.5, sum by (le) (rate(orders_placed_to_label_seconds_bucket[5m])))',
  labelP99: 'histogram_quantile(0.99, sum by (le) (rate(orders_placed_to_label_seconds_bucket[5m])))',
  deadLetteredPerMin: 'sum by (queue) (rate(messaging_dead_lettered_total[5m])) * 60',
  apiCallsPerS: 'sum by (api) (rate(outbound_calls_total[5m]))',
  apiErrorShare:
    'sum by (api) (rate(outbound_calls_total{outcome!="ok"}[5m])) / sum by (api) (rate(outbound_calls_total[5m]))',
  apiP99: 'histogram_quantile(0.99, sum by (api, le) (rate(outbound_call_duration_seconds_bucket[5m])))',
  api429s: 'sum by (api) (increase(outbound_calls_total{outcome="RATE_LIMITED"}[1h]))',
  apiBreaker: 'max by (api) (circuit_breaker_state)',
} as const;

interface Deps {
  orders: Pick<ReturnType<typeof ordersApi>, 'stats'>;
  attention: AttentionApi;
  dlq: DlqApi;
  metrics: MetricsApi;
}

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (err: unknown) => ({ ok: false as const, error: err instanceof Error ? err.message : String(err) }),
  );

/** GET /overview: the state of the whole system on one page, refreshed live. */
export function overviewPage(r: Router, deps: Deps): void {
  r.get('/', (_req, res) => res.redirect(303, '/overview'));
  r.get('/overview', async (req, res) => {
    const who = req.session?.sub ?? '';
    const [stats, attention, dlq, charts, apis] = await Promise.all([
      settle(deps.orders.stats(who)),
      settle(deps.attention.sections(who)),
      settle(dlqDepths(deps.dlq, who)),
      settle(saga(deps.metrics)),
      settle(externalApis(deps.metrics)),
    ]);
    const metricsDown = !charts.ok ? charts.error : !apis.ok ? apis.error : '';
    allowLiveScript(res);
    res.type('html').send(
      layout({
        title: 'Overview',
        nonce: res.locals.nonce,
        session: req.session,
        live: true,
        body: html`<h1>Overview</h1>
<form method="get" action="/orders" role="search"><label for="q">Find an order</label><input id="q" name="q" placeholder="#1307, source id or order id" size="30"> <button type="submit">Search</button></form>
${liveRegion(
  html`${metricsDown ? html`<p class="notice" role="status" id="metrics-down">The metrics engine did not answer (${metricsDown}): the charts are missing; the counts come from the services.</p>` : ''}
<div class="panels">
<section aria-labelledby="p-status" class="panel"><h2 id="p-status">Orders by status now</h2>${
    stats.ok && stats.value.ok && stats.value.body
      ? statusPanel(stats.value.body)
      : html`<p class="error">The orders service did not answer.</p>`
  }</section>
<section aria-labelledby="p-flow" class="panel"><h2 id="p-flow">Orders in the last hour</h2>${
    charts.ok
      ? html`${lineChart('Per minute', [
          { name: 'received', series: charts.value.received },
          { name: 'shipped', series: charts.value.shipped },
        ])}${lineChart(
          'Placed → label',
          [
            { name: 'p50', series: charts.value.p50 },
            { name: 'p99', series: charts.value.p99 },
          ],
          { unit: ' s' },
        )}`
      : html`<p class="muted">No metrics.</p>`
  }</section>
<section aria-labelledby="p-attention" class="panel"><h2 id="p-attention">Needs attention</h2>${
    attention.ok
      ? attentionPanel(attention.value)
      : html`<p class="error">Not available (${attention.error}).</p>`
  }</section>
<section aria-labelledby="p-dlq" class="panel"><h2 id="p-dlq">Dead letters</h2>${
    dlq.ok
      ? dlqPanel(dlq.value, charts.ok ? charts.value.deadLettered : [])
      : html`<p class="error">${dlq.error}</p>`
  }</section>
</div>
<section aria-labelledby="p-apis"><h2 id="p-apis">External APIs (last 5 min)</h2>${
    apis.ok ? apisPanel(apis.value) : html`<p class="muted">No metrics.</p>`
  }</section>`,
  res.locals.liveEveryMs,
)}`,
      }),
    );
  });
}

async function dlqDepths(dlq: DlqApi, who: string) {
  return Promise.all(
    dlq.services.map(async (service) => {
      const a = await settle(dlq.list(service, who, 1));
      return {
        service,
        total: a.ok && a.value.ok ? (a.value.body?.total ?? 0) : undefined,
      };
    }),
  );
}

async function saga(m: MetricsApi) {
  const range = (q: string) => m.range(q, WINDOW_MIN, STEP_S);
  const [received, shipped, p50, p99, deadLettered] = await Promise.all([
    range(QUERIES.receivedPerMin),
    range(QUERIES.shippedPerMin),
    range(QUERIES.labelP50),
    range(QUERIES.labelP99),
    range(QUERIES.deadLetteredPerMin),
  ]);
  return { received: received[0], shipped: shipped[0], p50: p50[0], p99: p99[0], deadLettered };
}

async function externalApis(m: MetricsApi) {
  const [calls, errors, p99, limited, breaker, trend] = await Promise.all([
    m.instant(QUERIES.apiCallsPerS),
    m.instant(QUERIES.apiErrorShare),
    m.instant(QUERIES.apiP99),
    m.instant(QUERIES.api429s),
    m.instant(QUERIES.apiBreaker),
    m.range(QUERIES.apiCallsPerS, WINDOW_MIN, STEP_S),
  ]);
  const by = (rows: { labels: Record<string, string>; value: number }[]) =>
    new Map(rows.map((r) => [r.labels.api ?? '', r.value]));
  const names = [...new Set([...calls, ...breaker].map((r) => r.labels.api ?? ''))].filter(Boolean).sort();
  const [c, e, p, l, b] = [by(calls), by(errors), by(p99), by(limited), by(breaker)];
  return names.map((api) => ({
    api,
    callsPerS: c.get(api),
    // No series of failed calls means none failed (when there were calls at all).
    errorShare: e.get(api) ?? (c.get(api) !== undefined ? 0 : undefined),
    p99: p.get(api),
    limited: l.get(api),
    breaker: b.get(api),
    trend: trend.find((s) => s.labels.api === api),
  }));
}

function statusPanel(s: { total: number; byStatus: Record<string, number> }): SafeHtml {
  const bars = ORDER_STATUSES.filter((st) => (s.byStatus[st] ?? 0) > 0).map((st) => ({
    label: st.replaceAll('_', ' '),
    value: s.byStatus[st] ?? 0,
  }));
  return html`<p><strong id="orders-total">${s.total}</strong> orders in all.</p>${
    bars.length ? barChart('Orders by status', bars) : html`<p class="muted">No orders yet.</p>`
  }<p><a href="/orders">All orders</a></p>`;
}

function attentionPanel(sections: { title: string; items: unknown[]; unavailable?: string }[]): SafeHtml {
  const total = sections.reduce((n, s) => n + s.items.length, 0);
  const busy = sections.filter((s) => s.items.length > 0);
  return html`<p><a href="/attention" id="attention-count">${total === 0 ? 'Nothing needs attention.' : `${total} item(s) need a person`}</a></p>${
    busy.length ? html`<ul>${busy.map((s) => html`<li>${s.title}: ${s.items.length}</li>`)}</ul>` : ''
  }`;
}

function dlqPanel(depths: { service: string; total: number | undefined }[], trend: Series[]): SafeHtml {
  return html`<table><thead><tr><th scope="col">Queue</th><th scope="col">Parked</th></tr></thead><tbody>${depths.map(
    (d) =>
      html`<tr><td><a href="/dlq/${d.service}">${d.service}</a></td><td data-queue="${d.service}">${d.total === undefined ? 'unavailable' : d.total}</td></tr>`,
  )}</tbody></table>${lineChart(
    'Parked per minute',
    trend.length
      ? trend.map((s) => ({ name: s.labels.queue ?? '?', series: s }))
      : [{ name: 'all', series: undefined }],
  )}`;
}

function apisPanel(rows: Awaited<ReturnType<typeof externalApis>>): SafeHtml {
  if (rows.length === 0) return html`<p class="muted">No calls to an external API yet.</p>`;
  return html`<table id="apis"><thead><tr><th scope="col">API</th><th scope="col">Calls/s</th><th scope="col">Errors</th><th scope="col">p99</th><th scope="col">429s (1 h)</th><th scope="col">Circuit</th><th scope="col">Calls/s, last hour</th></tr></thead><tbody>${rows.map(
    (a) =>
      html`<tr data-api="${a.api}"><th scope="row">${a.api}</th><td>${short(a.callsPerS)}</td><td>${a.errorShare === undefined || !Number.isFinite(a.errorShare) ? '–' : `${(a.errorShare * 100).toFixed(1)} %`}</td><td>${short(a.p99, ' s')}</td><td>${short(a.limited ?? 0)}</td><td class="${(a.breaker ?? 0) >= 2 ? 'bad' : ''}">${BREAKER[a.breaker ?? 0] ?? '–'}</td><td>${lineChart(`${a.api} calls/s`, [{ name: a.api, series: a.trend }])}</td></tr>`,
  )}</tbody></table>`;
}

import type { Series } from '../adapters/metrics-api.ts';
import { html, type SafeHtml } from './html.ts';

const W = 320;
const H = 72;
const PAD = { left: 4, right: 4, top: 14, bottom: 14 };

/** A short, readable number: 1234 → "1.2k", 0.0421 → "0.042". */
export function short(n: number | undefined, unit = ''): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  const text =
    abs >= 1e6
      ? `${(n / 1e6).toFixed(1)}M`
      : abs >= 1e3
        ? `${(n / 1e3).toFixed(1)}k`
        : abs >= 100
          ? n.toFixed(0)
          : abs >= 1
            ? n.toFixed(1).replace(/\.0$/, '')
            : abs === 0
              ? '0'
              : n.toPrecision(2);
  return `${text}${unit}`;
}

/** The last finite value of a series. */
export const latest = (s: Series | undefined) =>
  s?.points.findLast(([, v]) => Number.isFinite(v))?.[1] ?? undefined;

/**
 * A line chart of one or more series over the same window, drawn as inline SVG on the
 * server (no script, no style attribute: the CSP allows neither). Its text alternative
 * names the latest and the highest value of each line.
 */
export function lineChart(
  title: string,
  series: { name: string; series: Series | undefined }[],
  opts: { unit?: string; minutes?: number } = {},
): SafeHtml {
  const unit = opts.unit ?? '';
  const points = series.flatMap((s) => s.series?.points ?? []).filter(([, v]) => Number.isFinite(v));
  const alt = series
    .map((s) => {
      const values = (s.series?.points ?? []).map(([, v]) => v).filter(Number.isFinite);
      return values.length
        ? `${s.name}: now ${short(latest(s.series), unit)}, highest ${short(Math.max(...values), unit)}`
        : `${s.name}: no data`;
    })
    .join('; ');
  if (points.length === 0)
    return html`<figure class="chart"><figcaption>${title}</figcaption><p class="muted">No data in the last ${opts.minutes ?? 60} min.</p></figure>`;
  // The x axis is the whole window, so a stack that started a minute ago draws at the right.
  const t1 = Math.max(...points.map(([t]) => t), Math.floor(Date.now() / 1000));
  const t0 = t1 - (opts.minutes ?? 60) * 60;
  const max = Math.max(...points.map(([, v]) => v), 0) || 1;
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const lines = series.map((s, i) => {
    const finite = (s.series?.points ?? []).filter(([, v]) => Number.isFinite(v));
    const path = finite.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    // A line needs two points: a short series (a stack just started) shows its points as dots,
    // and the newest point of every line is marked.
    const dots = finite.length <= 3 ? finite : finite.slice(-1);
    return html`<polyline class="line l${i}" points="${path}" fill="none"/>${dots.map(
      ([t, v]) => html`<circle class="dot l${i}" cx="${x(t).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5"/>`,
    )}`;
  });
  const legend =
    series.length > 1
      ? html`<ul class="legend">${series.map((s, i) => html`<li><span class="key l${i}"></span>${s.name} ${short(latest(s.series), unit)}</li>`)}</ul>`
      : html`<p class="now">${short(latest(series[0]?.series), unit)} now</p>`;
  return html`<figure class="chart"><figcaption>${title}</figcaption>
<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${title}: ${alt}"><title>${title}: ${alt}</title>
<line class="axis" x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}"/>
<text class="tick" x="${PAD.left}" y="10">${short(max, unit)}</text>
<text class="tick" x="${PAD.left}" y="${H - 2}">${opts.minutes ?? 60} min ago</text>
<text class="tick" x="${W - PAD.right}" y="${H - 2}" text-anchor="end">now</text>
${lines}</svg>${legend}</figure>`;
}

/** Horizontal bars for counts (orders by status). */
export function barChart(title: string, bars: { label: string; value: number }[]): SafeHtml {
  const max = Math.max(...bars.map((b) => b.value), 1);
  const row = 20;
  const labelW = 130;
  const barW = W + 60 - labelW - 40;
  const items = bars.map((b, i) => {
    const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * barW);
    return html`<text class="tick" x="0" y="${i * row + 14}">${b.label}</text><rect class="bar" x="${labelW}" y="${i * row + 4}" width="${w.toFixed(1)}" height="12"/><text class="tick" x="${labelW + w + 4}" y="${i * row + 14}">${b.value}</text>`;
  });
  const alt = bars.map((b) => `${b.label} ${b.value}`).join(', ');
  return html`<figure class="chart"><figcaption>${title}</figcaption>
<svg viewBox="0 0 ${W + 60} ${bars.length * row + 4}" width="${W + 60}" height="${bars.length * row + 4}" role="img" aria-label="${title}: ${alt}"><title>${title}: ${alt}</title>${items}</svg></figure>`;
}

import type { OrderView } from '../adapters/orders-api.ts';
import { html, type SafeHtml } from './html.ts';
import { maskEmail } from './mask.ts';

/** Statuses from which retry / cancel make sense (the orders service refuses others with 409 anyway). */
const FINAL = new Set(['delivered', 'cancelled']);

/** One order: what it waits for, money, stock, shipment, timeline with causes; actions for operators. */
export function orderPage(o: OrderView, operator: boolean, traceUrl = ''): SafeHtml {
  const id = encodeURIComponent(o.id);
  return html`<h1>Order ${o.source_name ?? o.source_id}</h1>
<dl id="summary">
<dt>Status</dt><dd id="status">${o.status}${o.reason ? html` — ${o.reason}` : ''}</dd>
<dt>Order id</dt><dd><code>${o.id}</code></dd>
<dt>Waiting for</dt><dd id="waiting">${o.waiting_for.length ? o.waiting_for.map((w) => html`${w.command} since ${w.sent_at} `) : 'nothing'}</dd>
<dt>Deadline</dt><dd>${o.deadline_at ?? '—'}</dd>
<dt>Total</dt><dd>${o.amounts.total.amount} ${o.currency}</dd>
<dt>Customer</dt><dd id="customer">${operator ? o.customer.email : maskEmail(o.customer.email)}</dd>
${operator ? html`<dt>Ship to</dt><dd>${address(o.shipping_address)}</dd>` : ''}
<dt>Payment</dt><dd id="payment">${o.payment.state}${o.payment.intent_id ? html` · <code>${o.payment.intent_id}</code>` : ''}</dd>
<dt>Stock</dt><dd>${o.stock}</dd>
<dt>Shipment</dt><dd id="shipment">${shipment(o)}</dd>
<dt>Storefront write-backs</dt><dd>${o.write_backs.length ? o.write_backs.map((w) => html`${w.id}: ${w.done ? 'done' : w.error ? `refused (${w.error})` : 'pending'} `) : 'none'}</dd>
<dt>Placed</dt><dd>${o.placed_at}</dd>
</dl>
${operator && !FINAL.has(o.status) ? actions(id) : ''}
<h2>Items</h2>
<table><thead><tr><th scope="col">SKU</th><th scope="col">Item</th><th scope="col">Qty</th><th scope="col">Unit price</th></tr></thead>
<tbody>${o.line_items.map((l) => html`<tr><td>${l.sku}</td><td>${l.title}</td><td>${l.quantity}</td><td>${l.unit_price.amount}</td></tr>`)}</tbody></table>
<h2>Timeline</h2>
<table id="timeline"><thead><tr><th scope="col">At</th><th scope="col">Move</th><th scope="col">Event</th><th scope="col">Cause</th><th scope="col">Trace</th></tr></thead>
<tbody>${[...o.timeline]
    .reverse()
    .map(
      (t) =>
        html`<tr><td>${t.at}</td><td>${t.from} → ${t.to}</td><td>${t.event}${t.note ? html`<br><span class="muted">${t.note}</span>` : ''}</td><td><code>${t.cause}</code></td><td>${t.trace_id ? traceCell(t.trace_id, traceUrl) : '—'}</td></tr>`,
    )}</tbody></table>`;
}

/**
 * A trace id, linked to the trace UI when `template` is set (`TRACE_UI_URL`, e.g. Jaeger's
 * `http://127.0.0.1:16686/trace/{traceId}`). Only a W3C trace id (32 hex digits) is linked.
 */
export function traceCell(traceId: string, template: string): SafeHtml {
  const code = html`<code>${traceId}</code>`;
  if (!template || !/^[0-9a-f]{32}$/.test(traceId)) return code;
  return html`<a href="${template.replaceAll('{traceId}', traceId)}" title="open the trace">${code}</a>`;
}

function actions(id: string): SafeHtml {
  // A GET to a confirmation page, then a POST with the CSRF token: works without JavaScript.
  return html`<div id="actions"><h2>Actions</h2>
<form class="inline" method="get" action="/orders/${id}/confirm"><input type="hidden" name="action" value="retry"><button type="submit">Retry…</button></form>
<form class="inline" method="get" action="/orders/${id}/confirm"><input type="hidden" name="action" value="cancel"><button type="submit" class="danger">Cancel order…</button></form></div>`;
}

function shipment(o: OrderView): SafeHtml | string {
  const s = o.shipment;
  if (!s) return 'none yet';
  const code = s.tracking_url?.startsWith('https://')
    ? html`<a href="${s.tracking_url}">${s.tracking_code}</a>`
    : s.tracking_code;
  return html`${s.carrier}${s.service ? ` ${s.service}` : ''} · ${code}`;
}

function address(a: Record<string, unknown>): string {
  return ['name', 'street1', 'street2', 'city', 'province', 'zip', 'country']
    .map((k) => a[k])
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .join(', ');
}

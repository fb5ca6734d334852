import { ORDER_STATUSES } from '@commerce-sync/contracts';
import type { Router } from 'express';
import { hasRole } from '../auth/sessions.ts';
import type { OrdersApi, OrderView } from '../adapters/orders-api.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { maskEmail } from './mask.ts';
import { orderPage } from './order-page.ts';
import { problemPage } from './problem-page.ts';

const STATUSES: readonly string[] = ORDER_STATUSES;
const field = (v: unknown, max = 200) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** GET /orders (search) and GET /orders/:id (one order), read by viewers and operators. */
export function orderPages(r: Router, orders: OrdersApi, opts: { traceUrl?: string } = {}): void {
  r.get('/orders', async (req, res) => {
    const who = req.session?.sub ?? '';
    const form = readSearch(req.query);
    const { q, status, shop, from, to } = form;
    const window = {
      ...(from ? { receivedFrom: `${from}T00:00:00Z` } : {}),
      ...(to ? { receivedTo: dayAfter(to) } : {}),
    };
    const filters = { ...(status ? { status } : {}), ...(shop ? { shop } : {}), ...window };
    if (q.includes(':')) {
      // A full order id: straight to its page when it exists.
      const one = await orders.get(q, who);
      if (one.ok) return res.redirect(303, `/orders/${encodeURIComponent(q)}`);
    }
    const by = q.startsWith('#') ? { name: q } : q && !q.includes(':') ? { sourceId: q } : {};
    const page = q.includes(':')
      ? { ok: true, status: 200, body: { items: [], next_cursor: null } }
      : await orders.list(
          { ...filters, ...by, ...(form.cursor ? { cursor: form.cursor } : {}), limit: 50 },
          who,
        );
    let note = q.includes(':') ? 'No order has this id.' : '';
    if (page.status === 400)
      note = `Dates: a search spans at most ${MAX_WINDOW_DAYS} days, the first before the last.`;
    else if (!page.ok || !page.body)
      return problemPage(res, page.status, 'The orders service did not answer.');
    const items = page.body?.items ?? [];
    const next = page.body?.next_cursor;
    const more = next
      ? `/orders?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}), ...(shop ? { shop } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), cursor: next })}`
      : '';
    res.type('html').send(
      layout({
        title: 'Orders',
        nonce: res.locals.nonce,
        session: req.session,
        body: html`<h1>Orders</h1>${searchForm(form)}
${note ? html`<p class="notice" role="status">${note}</p>` : ''}
${resultsTable(items)}${more ? html`<p><a href="${more}">Older orders</a></p>` : ''}`,
      }),
    );
  });

  r.get('/orders/:id', async (req, res) => {
    const id = String(req.params.id);
    const answer = await orders.get(id, req.session?.sub ?? '');
    if (!answer.ok || !answer.body)
      return problemPage(
        res,
        answer.status,
        answer.status === 404 ? 'No such order.' : 'The orders service did not answer.',
      );
    const o = answer.body;
    res.type('html').send(
      layout({
        title: `Order ${o.source_name ?? o.source_id}`,
        nonce: res.locals.nonce,
        session: req.session,
        body: html`${doneNotice(req.query.done)}${orderPage(o, hasRole(req.session, 'operator'), opts.traceUrl)}`,
      }),
    );
  });
}

/** The orders service's widest date window (services/orders/src/http/order-search.ts). */
const MAX_WINDOW_DAYS = 31;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (v: unknown) =>
  DAY.test(field(v, 10)) && !Number.isNaN(Date.parse(field(v, 10))) ? field(v, 10) : '';
const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString();

interface Search {
  q: string;
  status: string;
  shop: string;
  /** Received on or after this day (UTC, yyyy-mm-dd), through `to` inclusive. */
  from: string;
  to: string;
  cursor: string;
}

function readSearch(query: Record<string, unknown>): Search {
  const status = field(query.status);
  return {
    q: field(query.q),
    status: STATUSES.includes(status) ? status : '',
    shop: field(query.shop, 255),
    from: day(query.from),
    to: day(query.to),
    cursor: field(query.cursor, 500),
  };
}

function searchForm({ q, status, shop, from, to }: Search): SafeHtml {
  return html`<form method="get" action="/orders" role="search">
<label for="q">Order</label><input id="q" name="q" value="${q}" placeholder="#1307, source id or order id" size="30">
<label for="status">Status</label><select id="status" name="status"><option value="">any</option>${STATUSES.map(
    (s) => html`<option value="${s}"${s === status ? html` selected` : ''}>${s}</option>`,
  )}</select>
<label for="shop">Shop</label><input id="shop" name="shop" value="${shop}" size="28">
<label for="from">Received from</label><input id="from" name="from" type="date" value="${from}">
<label for="to">to</label><input id="to" name="to" type="date" value="${to}">
<button type="submit">Search</button></form>`;
}

function resultsTable(items: OrderView[]): SafeHtml {
  if (items.length === 0) return html`<p>No orders match.</p>`;
  return html`<table><caption class="muted">${items.length} order(s), newest first</caption>
<thead><tr><th scope="col">Order</th><th scope="col">Status</th><th scope="col">Customer</th><th scope="col">Total</th><th scope="col">Placed</th><th scope="col">Shop</th></tr></thead>
<tbody>${items.map(
    (
      o,
    ) => html`<tr><td><a href="/orders/${encodeURIComponent(o.id)}">${o.source_name ?? o.source_id}</a></td><td>${o.status}</td>
<td>${maskEmail(o.customer?.email)}</td><td>${o.amounts.total.amount} ${o.currency}</td><td>${o.placed_at}</td><td>${o.shop}</td></tr>`,
  )}</tbody></table>`;
}

const DONE: Record<string, string> = {
  'order.retry': 'Retry requested.',
  'order.cancel': 'Cancellation requested.',
};
const doneNotice = (done: unknown) =>
  typeof done === 'string' && Object.hasOwn(DONE, done)
    ? html`<p class="notice" role="status">${DONE[done]}</p>`
    : '';

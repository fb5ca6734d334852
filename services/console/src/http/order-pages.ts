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
export function orderPages(r: Router, orders: OrdersApi): void {
  r.get('/', (_req, res) => res.redirect(303, '/orders'));

  r.get('/orders', async (req, res) => {
    const who = req.session?.sub ?? '';
    const q = field(req.query.q);
    const status = STATUSES.includes(field(req.query.status)) ? field(req.query.status) : '';
    const shop = field(req.query.shop, 255);
    const cursor = field(req.query.cursor, 500);
    const filters = { ...(status ? { status } : {}), ...(shop ? { shop } : {}) };
    let items: OrderView[] = [];
    let next: string | null = null;
    let note: SafeHtml | string = '';
    if (q.startsWith('#')) {
      const found = await orders.findByName(q, filters, who);
      items = found.items;
      if (!found.complete && items.length === 0)
        note = 'Not among the latest 1,000 orders: search by its source id.';
    } else if (q.includes(':')) {
      // A full order id: straight to its page when it exists.
      const one = await orders.get(q, who);
      if (one.ok) return res.redirect(303, `/orders/${encodeURIComponent(q)}`);
      note = 'No order has this id.';
    } else {
      const page = await orders.list(
        { ...filters, ...(q ? { sourceId: q } : {}), ...(cursor ? { cursor } : {}), limit: 50 },
        who,
      );
      if (!page.ok || !page.body) return problemPage(res, page.status, 'The orders service did not answer.');
      items = page.body.items;
      next = page.body.next_cursor;
    }
    const more = next
      ? `/orders?${new URLSearchParams({ ...(q ? { q } : {}), ...filters, cursor: next })}`
      : '';
    res.type('html').send(
      layout({
        title: 'Orders',
        nonce: res.locals.nonce,
        session: req.session,
        body: html`<h1>Orders</h1>${searchForm(q, status, shop)}
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
        body: html`${doneNotice(req.query.done)}${orderPage(o, hasRole(req.session, 'operator'))}`,
      }),
    );
  });
}

function searchForm(q: string, status: string, shop: string): SafeHtml {
  return html`<form method="get" action="/orders" role="search">
<label for="q">Order</label><input id="q" name="q" value="${q}" placeholder="#1307, source id or order id" size="30">
<label for="status">Status</label><select id="status" name="status"><option value="">any</option>${STATUSES.map(
    (s) => html`<option value="${s}"${s === status ? html` selected` : ''}>${s}</option>`,
  )}</select>
<label for="shop">Shop</label><input id="shop" name="shop" value="${shop}" size="28">
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

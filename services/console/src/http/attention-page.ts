import type { Router } from 'express';
import type { AttentionApi, AttentionItem, AttentionSection } from '../adapters/attention-api.ts';
import { hasRole } from '../auth/sessions.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { liveRegion } from './live.ts';
import { allowLiveScript } from './security-headers.ts';

const DONE: Record<string, string> = {
  'attention.retry': 'Retry requested.',
};

/** GET /attention: everything that is stuck or gave up, each with its retry for operators. */
export function attentionPage(r: Router, attention: AttentionApi): void {
  r.get('/attention', async (req, res) => {
    const sections = await attention.sections(req.session?.sub ?? '');
    const operator = hasRole(req.session, 'operator');
    const total = sections.reduce((n, s) => n + s.items.length, 0);
    const done =
      typeof req.query.done === 'string' && Object.hasOwn(DONE, req.query.done) ? DONE[req.query.done] : '';
    allowLiveScript(res);
    res.type('html').send(
      layout({
        title: 'Needs attention',
        nonce: res.locals.nonce,
        session: req.session,
        live: true,
        body: html`<h1>Needs attention</h1>${done ? html`<p class="notice" role="status">${done}</p>` : ''}
${liveRegion(
  html`<p id="attention-total">${total === 0 ? 'Nothing needs attention.' : `${total} item(s) need a person.`}</p>
${sections.map((s) => section(s, operator))}`,
  res.locals.liveEveryMs,
)}`,
      }),
    );
  });
}

function section(s: AttentionSection, operator: boolean): SafeHtml {
  const head = html`<h2 id="${s.key}">${s.title} <span class="muted">(${s.service}${s.unavailable ? `: ${s.unavailable}` : `, ${s.items.length}`})</span></h2>`;
  if (s.unavailable || s.items.length === 0)
    return html`${head}${s.unavailable ? '' : html`<p class="muted">None.</p>`}`;
  return html`${head}<table data-section="${s.key}"><thead><tr><th scope="col">What</th><th scope="col">Order</th><th scope="col">Detail</th><th scope="col">Since</th>${operator ? html`<th scope="col">Action</th>` : ''}</tr></thead>
<tbody>${s.items.map((i) => row(i, operator))}</tbody></table>`;
}

function row(i: AttentionItem, operator: boolean): SafeHtml {
  const order = i.orderId ? html`<a href="/orders/${encodeURIComponent(i.orderId)}">${i.orderId}</a>` : '';
  return html`<tr><td>${i.label}</td><td>${order}</td><td>${i.detail}</td><td>${i.since}</td>${operator ? html`<td>${retryLink(i)}</td>` : ''}</tr>`;
}

function retryLink(i: AttentionItem): SafeHtml | string {
  if (!i.retry) return '';
  const to =
    i.retry === 'order'
      ? `/orders/${encodeURIComponent(i.id)}/confirm?action=retry`
      : `/attention/${i.retry}/${encodeURIComponent(i.id)}/confirm?action=retry`;
  return html`<a class="action" href="${to}">Retry…</a>`;
}

import { formatMoney } from '../domain/format-money.ts';
import { escapeHtml, safeHref } from '../domain/html.ts';
import type { Catalogue } from '../domain/locales/index.ts';
import { PROGRESS_STEPS, progressOf } from '../domain/progress-steps.ts';
import type { ShopIdentity } from '../domain/shop-identity.ts';
import { timelineRows } from '../domain/timeline-rows.ts';
import type { TrackingView } from '../domain/tracking-view.ts';

/** What one page render needs besides the view: the words and the shop. */
export interface PageContext {
  c: Catalogue;
  shop: ShopIdentity;
}

const e = escapeHtml;

/** The step bar: marks and words tell each step's state, colour only repeats them. */
export function stepsHtml(view: TrackingView, { c }: PageContext): string {
  const { current, halted } = progressOf(view);
  const items = PROGRESS_STEPS.map((step, i) => {
    const delivered = view.status === 'delivered';
    let state: 'done' | 'current' | 'todo' | 'halted' =
      i < current || (delivered && i === current) ? 'done' : 'todo';
    if (i === current && !delivered) state = halted ? 'halted' : 'current';
    const mark = { done: '✓', current: '●', todo: '○', halted: '!' }[state];
    const words = state === 'halted' ? c.stepState[halted ?? 'problem'] : c.stepState[state];
    const aria = i === current ? ' aria-current="step"' : '';
    return `<li class="${state}"${aria}><span class="mark" aria-hidden="true">${mark}</span>${e(c.steps[step])}<span class="sr"> (${e(words)})</span></li>`;
  });
  return `<ol id="steps" class="steps" aria-label="${e(c.page.progress)}">${items.join('')}</ol>`;
}

/** Why the order stopped and what happens now (money, whom to contact). */
export function explainHtml(view: TrackingView, { c }: PageContext): string {
  let sentences: string[] = [];
  if (view.status === 'cancelled') {
    const k = view.cancellation;
    const total =
      view.currency && view.totalMinor !== undefined
        ? formatMoney(view.totalMinor, view.currency, c.lang)
        : undefined;
    sentences = c.cancelled({
      money: k?.money ?? 'none',
      ...(k?.reason ? { reason: k.reason } : {}),
      ...(total ? { total } : {}),
    });
  } else if (view.status === 'problem') sentences = c.problem(view.problem);
  if (!sentences.length) return '<div id="explain" class="explain" hidden></div>';
  return `<div id="explain" class="explain">${sentences.map((s) => `<p>${e(s)}</p>`).join('')}</div>`;
}

export function etaHtml(view: TrackingView, { c, shop }: PageContext): string {
  const open = view.status !== 'delivered' && view.status !== 'cancelled';
  if (!open || !view.estimatedDeliveryAt) return '<p id="eta" hidden></p>';
  const at = view.estimatedDeliveryAt;
  return `<p id="eta">${e(c.labels.estimatedDelivery)}: <strong><time datetime="${e(at)}">${e(c.formatDay(at, shop.timeZone))}</time></strong></p>`;
}

export function shipmentHtml(view: TrackingView, { c }: PageContext): string {
  const s = view.shipment;
  if (!s)
    return '<section id="shipment" aria-labelledby="shipment-h" hidden><h2 id="shipment-h"></h2></section>';
  const href = safeHref(s.trackingUrl);
  const link = href
    ? `<p><a href="${e(href)}" rel="noopener noreferrer">${e(c.labels.courierLink)}<span class="sr"> (${e(s.carrier)})</span></a></p>`
    : '';
  return `<section id="shipment" aria-labelledby="shipment-h"><h2 id="shipment-h">${e(c.page.shipment)}</h2><dl><dt>${e(c.labels.carrier)}</dt><dd>${e(s.carrier)}${s.service ? ` · ${e(s.service)}` : ''}</dd><dt>${e(c.labels.trackingNumber)}</dt><dd>${e(s.trackingCode)}</dd></dl>${link}</section>`;
}

/** Newest first, one row per step or scan; a courier code shows only through the locale's words. */
export function timelineHtml(view: TrackingView, { c, shop }: PageContext): string {
  const rows = timelineRows(view);
  if (!rows.length) return `<ol id="timeline" class="timeline"><li>${e(c.page.noEvents)}</li></ol>`;
  const items = rows.map((t) => {
    const words = t.detail ? c.courier[t.detail] : undefined;
    const more = [words, t.location]
      .filter((s): s is string => Boolean(s))
      .map(e)
      .join(' · ');
    return `<li><time datetime="${e(t.at)}">${e(c.formatDate(t.at, shop.timeZone))}</time><strong>${e(c.display[t.status])}</strong>${more ? ` <span>${more}</span>` : ''}</li>`;
  });
  return `<ol id="timeline" class="timeline">${items.join('')}</ol>`;
}

export function itemsHtml(view: TrackingView, { c }: PageContext): string {
  const money = (minor: number) => (view.currency ? formatMoney(minor, view.currency, c.lang) : '');
  const rows = view.lines
    .map(
      (l) =>
        `<tr><td>${e(l.title)}</td><td class="num">${e(l.quantity)}</td><td class="num">${e(money(l.unitPriceMinor * l.quantity))}</td></tr>`,
    )
    .join('');
  const total =
    view.totalMinor !== undefined
      ? `<tfoot><tr><th scope="row" colspan="2">${e(c.labels.total)}</th><td class="num"><strong>${e(money(view.totalMinor))}</strong></td></tr></tfoot>`
      : '';
  return `<section aria-labelledby="items-h"><h2 id="items-h">${e(c.labels.items)}</h2><table><thead><tr><th scope="col">${e(c.labels.items)}</th><th scope="col" class="num">${e(c.labels.quantity)}</th><th scope="col" class="num">${e(c.labels.price)}</th></tr></thead><tbody>${rows}</tbody>${total}</table></section>`;
}

export function helpHtml({ c, shop }: PageContext): string {
  const site = safeHref(shop.supportUrl);
  const ways = [
    shop.supportEmail
      ? `<dt>${e(c.labels.supportEmail)}</dt><dd><a href="mailto:${e(shop.supportEmail)}">${e(shop.supportEmail)}</a></dd>`
      : '',
    site ? `<dt>${e(c.labels.supportSite)}</dt><dd><a href="${e(site)}">${e(site)}</a></dd>` : '',
  ].join('');
  const body = ways ? `<dl>${ways}</dl>` : `<p>${e(c.labels.noSupport)}</p>`;
  return `<section aria-labelledby="help-h"><h2 id="help-h">${e(c.labels.help)}</h2>${body}</section>`;
}

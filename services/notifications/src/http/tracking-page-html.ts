import { formatMoney } from '../domain/format-money.ts';
import { escapeHtml, safeHref } from '../domain/html.ts';
import { type Catalogue, catalogueFor } from '../domain/locales/index.ts';
import type { TrackingView } from '../domain/tracking-view.ts';
import { page } from './page-layout.ts';

/** The parts of the page that change as events arrive; the live script swaps them in place. */
export interface LiveParts {
  version: number;
  title: string;
  status: string;
  statusLabel: string;
  html: { eta: string; shipment: string; timeline: string };
}

export function liveParts(view: TrackingView, version: number): LiveParts {
  const c = catalogueFor(view.locale);
  return {
    version,
    title: `${c.page.title(view.sourceId ?? '')} · ${c.display[view.status]}`,
    status: view.status,
    statusLabel: c.display[view.status],
    html: { eta: etaHtml(view, c), shipment: shipmentHtml(view, c), timeline: timelineHtml(view, c) },
  };
}

function etaHtml(view: TrackingView, c: Catalogue): string {
  const show = view.estimatedDeliveryAt && view.status !== 'delivered' && view.status !== 'cancelled';
  if (!show || !view.estimatedDeliveryAt) return '<p id="eta" class="muted" hidden></p>';
  return `<p id="eta" class="muted">${escapeHtml(c.page.estimatedDelivery)}: <time datetime="${escapeHtml(view.estimatedDeliveryAt)}">${escapeHtml(c.formatDate(view.estimatedDeliveryAt))}</time></p>`;
}

function shipmentHtml(view: TrackingView, c: Catalogue): string {
  const s = view.shipment;
  if (!s)
    return '<section id="shipment" aria-labelledby="shipment-h" hidden><h2 id="shipment-h"></h2></section>';
  const href = safeHref(s.trackingUrl);
  const code = href
    ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(s.trackingCode)}</a>`
    : escapeHtml(s.trackingCode);
  return `<section id="shipment" aria-labelledby="shipment-h"><h2 id="shipment-h">${escapeHtml(c.page.shipment)}</h2><dl><dt>${escapeHtml(c.labels.carrier)}</dt><dd>${escapeHtml(s.carrier)}${s.service ? ` · ${escapeHtml(s.service)}` : ''}</dd><dt>${escapeHtml(c.labels.trackingNumber)}</dt><dd>${code}</dd></dl></section>`;
}

function timelineHtml(view: TrackingView, c: Catalogue): string {
  if (!view.timeline.length)
    return `<ol id="timeline" class="timeline"><li>${escapeHtml(c.page.noEvents)}</li></ol>`;
  // Newest first: what the customer came to see is the latest step.
  const items = [...view.timeline].reverse().map((t) => {
    const where = [t.location, t.detail]
      .filter(Boolean)
      .map((s) => escapeHtml(s ?? ''))
      .join(' · ');
    return `<li><time datetime="${escapeHtml(t.at)}">${escapeHtml(c.formatDate(t.at))}</time>${escapeHtml(c.display[t.status])}${where ? ` <span class="muted">${where}</span>` : ''}</li>`;
  });
  return `<ol id="timeline" class="timeline" reversed>${items.join('')}</ol>`;
}

function itemsHtml(view: TrackingView, c: Catalogue): string {
  const lines = view.lines.map((l) => `<li>${escapeHtml(l.quantity)} × ${escapeHtml(l.title)}</li>`).join('');
  const total =
    view.currency && view.totalMinor !== undefined
      ? `<p class="muted">${escapeHtml(c.labels.total)}: ${escapeHtml(formatMoney(view.totalMinor, view.currency, c.lang))}</p>`
      : '';
  return `<section aria-labelledby="items-h"><h2 id="items-h">${escapeHtml(c.page.items)}</h2><ul>${lines}</ul>${total}</section>`;
}

/** The whole tracking page, complete without JavaScript; the script only keeps it current. */
export function trackingPageHtml(
  view: TrackingView,
  version: number,
  nonce: string,
  eventsPath: string,
): string {
  const c = catalogueFor(view.locale);
  const live = liveParts(view, version);
  const body = `<h1>${escapeHtml(c.page.title(view.sourceId ?? ''))}</h1>
<section aria-labelledby="status-h"><h2 id="status-h">${escapeHtml(c.page.status)}</h2>
<p id="status" class="status" role="status" aria-live="polite" data-status="${escapeHtml(view.status)}">${escapeHtml(live.statusLabel)}</p>
${live.html.eta}
</section>
${live.html.shipment}
${itemsHtml(view, c)}
<section aria-labelledby="timeline-h"><h2 id="timeline-h">${escapeHtml(c.page.timeline)}</h2>
${live.html.timeline}
</section>
<p class="muted">${escapeHtml(c.page.liveNote)}</p>`;
  return page({ lang: c.lang, title: live.title, body, nonce, script: liveScript(eventsPath) });
}

export function notFoundHtml(nonce: string): string {
  const c = catalogueFor(undefined);
  const body = `<h1>${escapeHtml(c.page.notFoundTitle)}</h1><section><p>${escapeHtml(c.page.notFoundBody)}</p></section>`;
  return page({ lang: c.lang, title: c.page.notFoundTitle, body, nonce });
}

/** Swaps the live parts on each server-sent event; the fragments are already escaped by the server. */
function liveScript(eventsPath: string): string {
  return `(function(){if(!window.EventSource)return;var es=new EventSource(${JSON.stringify(eventsPath)});
es.addEventListener('view',function(ev){var d=JSON.parse(ev.data);var s=document.getElementById('status');
if(s.textContent!==d.statusLabel){s.textContent=d.statusLabel;}s.setAttribute('data-status',d.status);document.title=d.title;
['eta','shipment','timeline'].forEach(function(id){var el=document.getElementById(id);if(el&&d.html[id])el.outerHTML=d.html[id];});
document.body.setAttribute('data-version',String(d.version));});})();`;
}

import { escapeHtml, safeHref } from '../domain/html.ts';
import { catalogueFor } from '../domain/locales/index.ts';
import type { ShopIdentity } from '../domain/shop-identity.ts';
import type { TrackingView } from '../domain/tracking-view.ts';
import { page } from './page-layout.ts';
import {
  etaHtml,
  explainHtml,
  helpHtml,
  itemsHtml,
  type PageContext,
  shipmentHtml,
  stepsHtml,
  timelineHtml,
} from './tracking-page-parts.ts';

const LIVE_IDS = ['steps', 'explain', 'eta', 'shipment', 'timeline'] as const;

/** The parts of the page that change as events arrive; the live script swaps them in place. */
export interface LiveParts {
  version: number;
  title: string;
  status: string;
  statusLabel: string;
  html: Record<(typeof LIVE_IDS)[number], string>;
}

export function liveParts(view: TrackingView, version: number, shop: ShopIdentity): LiveParts {
  const ctx: PageContext = { c: catalogueFor(view.locale), shop };
  const { c } = ctx;
  return {
    version,
    title: `${c.page.title(view.name)} · ${c.display[view.status]} · ${shop.name}`,
    status: view.status,
    statusLabel: c.display[view.status],
    html: {
      steps: stepsHtml(view, ctx),
      explain: explainHtml(view, ctx),
      eta: etaHtml(view, ctx),
      shipment: shipmentHtml(view, ctx),
      timeline: timelineHtml(view, ctx),
    },
  };
}

/** The shop's logo (its alt text is the shop's name) or its name. */
function brandHtml(shop: ShopIdentity): string {
  const logo = safeHref(shop.logoUrl);
  return logo ? `<img src="${escapeHtml(logo)}" alt="${escapeHtml(shop.name)}">` : escapeHtml(shop.name);
}

/** The whole tracking page, complete without JavaScript; the script only keeps it current. */
export function trackingPageHtml(
  view: TrackingView,
  version: number,
  nonce: string,
  eventsPath: string,
  shop: ShopIdentity,
): string {
  const ctx: PageContext = { c: catalogueFor(view.locale), shop };
  const { c } = ctx;
  const live = liveParts(view, version, shop);
  const body = `<h1>${escapeHtml(c.page.title(view.name))}</h1>
<section aria-labelledby="status-h"><h2 id="status-h">${escapeHtml(c.page.status)}</h2>
${live.html.steps}
<p id="status" class="status" role="status" aria-live="polite" data-status="${escapeHtml(view.status)}">${escapeHtml(live.statusLabel)}</p>
${live.html.explain}
${live.html.eta}
</section>
${live.html.shipment}
<section aria-labelledby="timeline-h"><h2 id="timeline-h">${escapeHtml(c.page.timeline)}</h2>
${live.html.timeline}
</section>
${itemsHtml(view, ctx)}
${helpHtml(ctx)}`;
  return page({
    lang: c.lang,
    title: live.title,
    body,
    nonce,
    script: liveScript(eventsPath),
    header: brandHtml(shop),
    footer: `<p>${escapeHtml(shop.name)} · ${escapeHtml(c.page.liveNote)}</p>`,
    accent: shop.accentColour,
  });
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
${JSON.stringify(LIVE_IDS)}.forEach(function(id){var el=document.getElementById(id);if(el&&d.html[id])el.outerHTML=d.html[id];});
document.body.setAttribute('data-version',String(d.version));});})();`;
}

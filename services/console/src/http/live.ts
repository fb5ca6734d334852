import type { Express } from 'express';
import { html, type SafeHtml } from './html.ts';

/** The path of the live-update script; pages with `live: true` load it with their nonce. */
export const LIVE_SCRIPT_PATH = '/assets/live.js';

/**
 * The part of a page that refreshes itself. Without JavaScript it is simply the page as
 * served (reload to see more); with it, the script below swaps it for a fresh copy.
 */
export function liveRegion(body: SafeHtml, everyMs: number): SafeHtml {
  return html`<div id="live" data-every="${everyMs}">${body}</div>
<p class="muted" id="live-status" role="status"></p>`;
}

/**
 * Polling rather than SSE: the figures come from the services' admin APIs and the metrics
 * engine, which have no push of their own, so a stream would poll them on the server per
 * connection anyway; a fetch of the page itself reuses the page's route, its sign-in and
 * its role checks. It pauses while the tab is hidden, and stops when the session ends (the
 * page then answers with the sign-in redirect, which `redirect: 'error'` refuses).
 */
const SCRIPT = `(() => {
  const live = document.getElementById('live');
  const status = document.getElementById('live-status');
  if (!live || !status) return;
  const every = Math.max(500, Number(live.dataset.every) || 10000);
  let last = live.innerHTML;
  let timer;
  async function refresh() {
    if (document.hidden) return;
    try {
      const res = await fetch(location.href, { cache: 'no-store', redirect: 'error', credentials: 'same-origin' });
      if (!res.ok) throw new Error(String(res.status));
      const next = new DOMParser().parseFromString(await res.text(), 'text/html').getElementById('live');
      if (!next) throw new Error('no live region');
      if (next.innerHTML !== last) {
        live.replaceChildren(...Array.from(next.childNodes, (n) => document.importNode(n, true)));
        last = live.innerHTML;
        status.textContent = 'Updated at ' + new Date().toLocaleTimeString();
      }
    } catch {
      clearInterval(timer);
      status.textContent = 'Live updates stopped: reload the page.';
    }
  }
  timer = setInterval(refresh, every);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
})();
`;

/** Serves the script (public: it holds no data; the pages it fetches check the session). */
export function liveScript(app: Express): void {
  app.get(LIVE_SCRIPT_PATH, (_req, res) => {
    res.type('text/javascript').set('cache-control', 'no-cache').send(SCRIPT);
  });
}

import { randomBytes } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import type { ShopIdentity } from '../domain/shop-identity.ts';
import { orderIdFromTrackingToken } from '../domain/tracking-token.ts';
import { pageCsp } from './page-layout.ts';
import { liveParts, notFoundHtml, trackingPageHtml } from './tracking-page-html.ts';
import type { VersionedView, ViewWatcher } from './view-watcher.ts';

export interface TrackingRoutesDeps {
  secret: string;
  loadView(orderId: string): Promise<VersionedView | undefined>;
  /** The shop's name, support and colours (defaults for a shop nobody configured). */
  identity(shop: string | undefined): ShopIdentity;
  watcher: ViewWatcher;
  /** Open live streams per replica; more get 503 and the page still works without them. */
  maxStreams?: number;
  heartbeatMs?: number;
}

export interface TrackingRoutes {
  mount(router: Router): void;
  /** Ends every open live stream (shutdown: browsers reconnect to another replica). */
  closeStreams(): void;
}

function sendPage(
  res: Response,
  status: number,
  render: (nonce: string) => string,
  shop?: ShopIdentity,
): void {
  const nonce = randomBytes(16).toString('base64');
  const logo = shop?.logoUrl ? new URL(shop.logoUrl).origin : undefined;
  res
    .status(status)
    .set({
      'Content-Security-Policy': pageCsp(nonce, logo),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    })
    .type('html')
    .send(render(nonce));
}

/** `GET /track/:token` (server-rendered page) and `GET /track/:token/events` (server-sent events). */
export function createTrackingRoutes(deps: TrackingRoutesDeps): TrackingRoutes {
  const streams = new Set<Response>();
  const maxStreams = deps.maxStreams ?? 2_000;

  // A wrong token and an unknown order look the same: nothing tells a guesser which was wrong.
  async function find(req: Request): Promise<VersionedView | undefined> {
    const orderId = orderIdFromTrackingToken(String(req.params.token ?? ''), deps.secret);
    return orderId ? deps.loadView(orderId) : undefined;
  }

  async function showPage(req: Request, res: Response): Promise<void> {
    const found = await find(req);
    if (!found) return sendPage(res, 404, notFoundHtml);
    const eventsPath = `/track/${encodeURIComponent(String(req.params.token))}/events`;
    const shop = deps.identity(found.view.shop);
    sendPage(res, 200, (nonce) => trackingPageHtml(found.view, found.version, nonce, eventsPath, shop), shop);
  }

  async function stream(req: Request, res: Response): Promise<void> {
    const found = await find(req);
    if (!found) return sendPage(res, 404, notFoundHtml);
    if (streams.size >= maxStreams) {
      res.status(503).set('Retry-After', '30').type('text/plain').send('too many live viewers');
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    const push = (v: VersionedView) => {
      const parts = liveParts(v.view, v.version, deps.identity(v.view.shop));
      res.write(`id: ${v.version}\nevent: view\ndata: ${JSON.stringify(parts)}\n\n`);
    };
    res.write('retry: 3000\n\n');
    push(found);
    streams.add(res);
    const unsubscribe = deps.watcher.subscribe(found.view.orderId, found.version, push);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), deps.heartbeatMs ?? 15_000);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  return {
    mount(router) {
      router.get('/track/:token', showPage);
      router.get('/track/:token/events', stream);
    },
    closeStreams() {
      for (const res of streams) res.end();
    },
  };
}

import type { Express } from 'express';

/** One route an express app answers: lower-case method and the express path (`/orders/:id`). */
export interface RouteEntry {
  method: string;
  path: string;
}

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

const join = (prefix: string, path: string) =>
  `${prefix}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

/**
 * Every route an express 5 app mounts, mounted routers included, read from the router's own
 * layers (`app.router.stack`; router 2.x keeps a layer's path as `rawPath`) so a route added
 * anywhere shows up without being listed by hand.
 */
export function routeTable(app: Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = [layer.route.path].flat().map(String);
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all'))
          for (const p of paths) out.push({ method, path: join(prefix, p) });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, join(prefix, typeof layer.rawPath === 'string' ? layer.rawPath : '/'));
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '/');
  return out;
}

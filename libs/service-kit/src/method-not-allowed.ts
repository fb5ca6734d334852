import { MethodNotAllowed } from '@commerce-sync/errors';
import type { Express, RequestHandler } from 'express';

interface LayerLike {
  /** router 2.x: what the layer matched of the path (its mount point for a router), or false. */
  match(path: string): false | { path: string };
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

/**
 * The methods `router` answers at `path`: its routes', and those of the routers mounted on
 * it (a mounted router sees the path less its mount point, as express hands it over).
 * `layer.match` is side-effect free in router 2.x (it returns what it matched).
 */
function allowedMethods(stack: LayerLike[], path: string, out = new Set<string>()): Set<string> {
  for (const layer of stack) {
    const matched = layer.match(path);
    if (!matched) continue;
    if (layer.route) {
      for (const m of Object.keys(layer.route.methods)) if (m !== '_all') out.add(m.toUpperCase());
    } else if (layer.handle?.stack) {
      allowedMethods(layer.handle.stack, path.slice(matched.path.length) || '/', out);
    }
  }
  return out;
}

/**
 * After every route: a path the app knows under other methods answers 405 with
 * `Allow` (RFC 9110 §15.5.6), not 404, so a client learns its method is wrong, not its URL.
 */
export function methodNotAllowed(app: Express): RequestHandler {
  return (req, res, next) => {
    const allowed = allowedMethods(
      (app as unknown as { router: { stack: LayerLike[] } }).router.stack,
      req.path,
    );
    if (allowed.size === 0) return next();
    if (allowed.has('GET')) allowed.add('HEAD');
    res.set('Allow', [...allowed].sort().join(', '));
    next(new MethodNotAllowed(`${req.method} is not allowed on ${req.path}`));
  };
}

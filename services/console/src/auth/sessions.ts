import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { CookieJar } from './cookies.ts';
import type { Role, Session, SessionStore } from './session-store.ts';

declare module 'express-serve-static-core' {
  interface Request {
    session?: Session;
    sessionId?: string;
  }
}

export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
  /** A write per request would double the store's load for nothing: refresh at most this often. */
  touchEveryMs?: number;
}

/** Loads the session named by the cookie; an unknown, idle or too old one is dropped. */
export function loadSession(store: SessionStore, cookies: CookieJar, policy: SessionPolicy): RequestHandler {
  const touchEvery = policy.touchEveryMs ?? 60_000;
  return async (req, res, next) => {
    const id = cookies.read(req, 'session');
    if (!id) return next();
    const s = await store.find(id);
    const now = Date.now();
    const expired =
      s &&
      (now - new Date(s.lastSeenAt).getTime() > policy.idleMs ||
        now - new Date(s.createdAt).getTime() > policy.maxMs);
    if (!s || expired) {
      if (expired) await store.destroy(id);
      cookies.clear(res, 'session');
      return next();
    }
    if (now - new Date(s.lastSeenAt).getTime() > touchEvery) await store.touch(id, new Date(now));
    req.session = s;
    req.sessionId = id;
    next();
  };
}

/** Without a session: a page read goes to sign-in (and comes back), anything else gets 401. */
export const requireSignIn: RequestHandler = (req, res, next) => {
  if (req.session) return next();
  if (req.method === 'GET') {
    const returnTo =
      req.originalUrl.startsWith('/') && !req.originalUrl.startsWith('//') ? req.originalUrl : '/';
    return res.redirect(303, `/auth/login?return_to=${encodeURIComponent(returnTo)}`);
  }
  res.status(401).type('text/plain').send('sign in first');
};

export const hasRole = (s: Session | undefined, role: Role) => Boolean(s?.roles.includes(role));

/**
 * CSRF on every POST: the synchronizer token of the session in the form (`_csrf`), and an
 * Origin, when the browser sends one, that is the console's own. SameSite=Lax alone does not
 * cover same-site subdomains or older browsers.
 */
export function requireCsrf(publicOrigin: string): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    const origin = req.headers.origin;
    const sent = typeof req.body?._csrf === 'string' ? req.body._csrf : '';
    const expected = req.session?.csrf ?? '';
    const tokenOk =
      expected.length > 0 &&
      sent.length === expected.length &&
      timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
    if (tokenOk && (!origin || origin === publicOrigin)) return next();
    res.status(403).type('text/plain').send('CSRF check failed: reload the page and try again');
  };
}

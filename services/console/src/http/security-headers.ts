import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

/**
 * A fresh CSP nonce per response (the only style block carries it; there is no script),
 * no caching of pages (the back button after sign-out shows nothing) and no framing.
 * `form-action` names the provider too: Chrome checks it on the redirect after sign-out.
 */
export function securityHeaders(providerOrigin: string, https: boolean): RequestHandler {
  return (_req, res, next) => {
    const nonce = randomBytes(16).toString('base64');
    res.locals.nonce = nonce;
    res.locals.providerOrigin = providerOrigin;
    res.set({
      'content-security-policy': policy(nonce, providerOrigin, false),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // same-origin, not no-referrer: with no-referrer Chrome sends `Origin: null` on our own form posts.
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
    });
    if (https) res.set('strict-transport-security', 'max-age=31536000');
    next();
  };
}

function policy(nonce: string, providerOrigin: string, script: boolean): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    // Only the live-update script, loaded from our origin with this response's nonce.
    script ? `script-src 'nonce-${nonce}'` : "script-src 'none'",
    ...(script ? ["connect-src 'self'"] : []),
    "img-src 'self'",
    `form-action 'self' ${providerOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** A page with live updates: its CSP admits the one nonced script and its same-origin fetches. */
export function allowLiveScript(res: Response): void {
  res.set('content-security-policy', policy(res.locals.nonce, res.locals.providerOrigin, true));
}

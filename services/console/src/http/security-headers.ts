import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * A fresh CSP nonce per response (the only style block carries it; there is no script),
 * no caching of pages (the back button after sign-out shows nothing) and no framing.
 * `form-action` names the provider too: Chrome checks it on the redirect after sign-out.
 */
export function securityHeaders(providerOrigin: string, https: boolean): RequestHandler {
  return (_req, res, next) => {
    const nonce = randomBytes(16).toString('base64');
    res.locals.nonce = nonce;
    res.set({
      'content-security-policy': [
        "default-src 'none'",
        `style-src 'nonce-${nonce}'`,
        "script-src 'none'",
        "img-src 'self'",
        `form-action 'self' ${providerOrigin}`,
        "frame-ancestors 'none'",
        "base-uri 'none'",
      ].join('; '),
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

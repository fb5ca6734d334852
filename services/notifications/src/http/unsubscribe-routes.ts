import { randomBytes } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import type { PreferencesStore } from '../adapters/preferences-store.ts';
import { escapeHtml } from '../domain/html.ts';
import { catalogueFor } from '../domain/locales/index.ts';
import { recipientHashFromUnsubscribeToken } from '../domain/recipient.ts';
import { page, pageCsp } from './page-layout.ts';
import { notFoundHtml } from './tracking-page-html.ts';

function send(res: Response, status: number, html: (nonce: string) => string): void {
  const nonce = randomBytes(16).toString('base64');
  res
    .status(status)
    .set({ 'Content-Security-Policy': pageCsp(nonce), 'Cache-Control': 'no-store' })
    .type('html')
    .send(html(nonce));
}

/**
 * `GET /unsubscribe/:token` asks, `POST` (an empty form) records it: link scanners in mail
 * systems fetch every GET, so a GET must never unsubscribe anyone.
 */
export function mountUnsubscribeRoutes(
  router: Router,
  deps: { secret: string; preferences: PreferencesStore; now: () => Date },
): void {
  const c = catalogueFor(undefined);
  const hashOf = (req: Request) =>
    recipientHashFromUnsubscribeToken(String(req.params.token ?? ''), deps.secret);

  router.get('/unsubscribe/:token', (req, res) => {
    if (!hashOf(req)) return send(res, 404, notFoundHtml);
    const action = `/unsubscribe/${encodeURIComponent(String(req.params.token))}`;
    const body = `<h1>${escapeHtml(c.unsubscribePage.title)}</h1><section><p>${escapeHtml(c.unsubscribePage.confirmBody)}</p><p class="muted">${escapeHtml(c.labels.unsubscribeNote)}</p><form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(c.unsubscribePage.confirmButton)}</button></form></section>`;
    send(res, 200, (nonce) => page({ lang: c.lang, title: c.unsubscribePage.title, body, nonce }));
  });

  router.post('/unsubscribe/:token', async (req, res) => {
    const hash = hashOf(req);
    if (!hash) return send(res, 404, notFoundHtml);
    await deps.preferences.stopProgressEmails(hash, deps.now());
    const body = `<h1>${escapeHtml(c.unsubscribePage.title)}</h1><section><p role="status">${escapeHtml(c.unsubscribePage.doneBody)}</p></section>`;
    send(res, 200, (nonce) => page({ lang: c.lang, title: c.unsubscribePage.title, body, nonce }));
  });
}

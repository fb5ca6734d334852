import { randomBytes } from 'node:crypto';
import type { Logger } from '@commerce-sync/telemetry';
import type { Router } from 'express';
import type { AuditLog } from '../adapters/audit-log.ts';
import { html } from '../http/html.ts';
import { layout } from '../http/layout.ts';
import type { CookieJar } from './cookies.ts';
import type { OidcSignIn } from './oidc-sign-in.ts';
import { type RoleMapping, rolesFrom } from './roles.ts';
import { newId, type SessionStore } from './session-store.ts';
import { requireCsrf, requireSignIn } from './sessions.ts';

export interface AuthDeps {
  oidc: OidcSignIn;
  store: SessionStore;
  cookies: CookieJar;
  audit: AuditLog;
  roles: RoleMapping;
  publicUrl: string;
  sessionMaxMs: number;
  logger: Logger;
}

const LOGIN_TTL_MS = 10 * 60_000;
const safeReturn = (v: unknown) => (typeof v === 'string' && /^\/(?![/\\])/.test(v) ? v : '/orders');

/** /auth/login → provider → /auth/callback → session; /auth/logout ends both sessions. */
export function authRoutes(r: Router, d: AuthDeps): void {
  r.get('/auth/login', async (req, res) => {
    const { url, transaction } = await d.oidc.begin(safeReturn(req.query.return_to));
    const id = newId();
    await d.store.saveLogin(id, transaction);
    d.cookies.set(res, 'login', id, LOGIN_TTL_MS);
    res.redirect(303, url.href);
  });

  r.get('/auth/callback', async (req, res) => {
    const loginId = d.cookies.read(req, 'login');
    d.cookies.clear(res, 'login');
    const t = loginId ? await d.store.takeLogin(loginId) : null;
    if (!t || Date.now() - new Date(t.createdAt).getTime() > LOGIN_TTL_MS)
      return refuse(res, res.locals.nonce);
    let signedIn: Awaited<ReturnType<OidcSignIn['finish']>>;
    try {
      signedIn = await d.oidc.finish(new URL(req.originalUrl, d.publicUrl), t);
    } catch (err) {
      // The check that failed (state, nonce, issuer, signature) is logged by its code only.
      d.logger.warn({ code: (err as { code?: string }).code ?? 'UNKNOWN' }, 'sign-in callback refused');
      return refuse(res, res.locals.nonce);
    }
    const roles = rolesFrom(signedIn.claims, d.roles);
    const sub = signedIn.claims.sub;
    if (roles.length === 0) {
      await d.audit.record({
        actor: sub,
        action: 'sign-in',
        target: 'console',
        outcome: 'refused (no console role)',
      });
      res
        .status(403)
        .type('html')
        .send(page(res.locals.nonce, 'No access', 'Your account has no console role.'));
      return;
    }
    const id = newId();
    const now = new Date();
    const name = typeof signedIn.claims.name === 'string' ? signedIn.claims.name : sub;
    const csrf = randomBytes(32).toString('base64url');
    await d.store.create(id, {
      sub,
      name,
      roles,
      csrf,
      idToken: signedIn.idToken,
      createdAt: now,
      lastSeenAt: now,
    });
    d.cookies.set(res, 'session', id, d.sessionMaxMs);
    await d.audit.record({ actor: sub, action: 'sign-in', target: 'console', outcome: 'ok' });
    res.redirect(303, t.returnTo);
  });

  r.post('/auth/logout', requireSignIn, requireCsrf(new URL(d.publicUrl).origin), async (req, res) => {
    const s = req.session;
    if (req.sessionId) await d.store.destroy(req.sessionId);
    d.cookies.clear(res, 'session');
    if (s) await d.audit.record({ actor: s.sub, action: 'sign-out', target: 'console', outcome: 'ok' });
    res.redirect(303, s ? d.oidc.endSessionUrl(s.idToken).href : '/signed-out');
  });

  r.get('/signed-out', (_req, res) => {
    res
      .type('html')
      .send(
        page(
          res.locals.nonce,
          'Signed out',
          html`You are signed out. <a href="/auth/login">Sign in again</a>.`,
        ),
      );
  });
}

function refuse(res: Parameters<Parameters<Router['get']>[1]>[1], nonce: string) {
  res
    .status(400)
    .type('html')
    .send(
      page(
        nonce,
        'Sign-in failed',
        html`The sign-in could not be verified. <a href="/auth/login">Start again</a>.`,
      ),
    );
}

const page = (nonce: string, title: string, text: unknown) =>
  layout({ title, nonce, body: html`<h1>${title}</h1><p>${text as string}</p>` });

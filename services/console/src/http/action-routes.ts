import type { RequestHandler, Response, Router } from 'express';
import type { AdminAnswer } from '../adapters/admin-api.ts';
import type { AttentionApi } from '../adapters/attention-api.ts';
import type { AuditLog } from '../adapters/audit-log.ts';
import type { DlqApi } from '../adapters/dlq-api.ts';
import type { OrdersApi } from '../adapters/orders-api.ts';
import { hasRole } from '../auth/sessions.ts';
import { html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import { problemPage } from './problem-page.ts';

interface Deps {
  orders: OrdersApi;
  attention: AttentionApi;
  dlq: DlqApi;
  audit: AuditLog;
  /** CSRF check, run before the role so that only authentic requests are audited as refused. */
  csrf: RequestHandler;
}

/** An action the console can take: where it is confirmed, what it calls, how it is audited. */
interface Action {
  name: string;
  label: string;
  target(p: Record<string, string>): string;
  back(p: Record<string, string>): string;
  run(p: Record<string, string>, who: string): Promise<AdminAnswer>;
}

/** Operator actions: a confirmation page (GET), then the POST that calls the service; each audited. */
export function actionRoutes(r: Router, d: Deps): void {
  const order = (name: 'retry' | 'cancel', label: string): Action => ({
    name: `order.${name}`,
    label,
    target: (p) => `order ${p.id}`,
    back: (p) => `/orders/${encodeURIComponent(p.id ?? '')}`,
    run: (p, who) => d.orders.act(p.id ?? '', name, who),
  });
  const dead = (name: 'replay' | 'discard', label: string): Action => ({
    name: `dlq.${name}`,
    label,
    target: (p) => `${p.service}.dlq message ${p.messageId}`,
    back: (p) => `/dlq/${p.service}`,
    run: (p, who) => d.dlq.act(p.service ?? '', p.messageId ?? '', name, who),
  });
  const gaveUp = (
    kind: 'delivery' | 'stripe-event' | 'tracker',
    what: string,
  ): [string, Record<string, Action>] => [
    `/attention/${kind}/:id`,
    {
      retry: {
        name: 'attention.retry',
        label: 'Retry',
        target: (p) => `${what} ${p.id}`,
        back: () => '/attention',
        run: (p, who) => d.attention.retry(kind, p.id ?? '', who),
      },
    },
  ];
  const routes: [string, Record<string, Action>][] = [
    gaveUp('delivery', 'shopify delivery'),
    gaveUp('stripe-event', 'stripe event'),
    gaveUp('tracker', 'tracker of order'),
    [
      '/orders/:id',
      {
        retry: order('retry', 'Retry the pending step of'),
        cancel: order('cancel', 'Cancel (with compensation)'),
      },
    ],
    [
      '/dlq/:service/:messageId',
      { replay: dead('replay', 'Replay'), discard: dead('discard', 'Discard for good') },
    ],
  ];
  for (const [base, actions] of routes) {
    r.get(`${base}/confirm`, (req, res) => {
      const verb = String(req.query.action);
      const action = Object.hasOwn(actions, verb) ? actions[verb] : undefined;
      if (!action) return problemPage(res, 404, 'No such action.');
      if (!hasRole(req.session, 'operator')) return problemPage(res, 403, 'Only operators can do this.');
      const p = req.params as Record<string, string>;
      res.type('html').send(
        layout({
          title: 'Confirm',
          nonce: res.locals.nonce,
          session: req.session,
          body: html`<h1>Confirm</h1><p>${action.label}: <strong>${action.target(p)}</strong>?</p>
<form method="post" action="${req.baseUrl}${req.path.replace(/\/confirm$/, `/${verb}`)}">${req.session ? csrfField(req.session) : ''}
<button type="submit" id="confirm" class="danger">Yes, ${verb}</button> <a href="${action.back(p)}">No, go back</a></form>`,
        }),
      );
    });
    for (const [verb, action] of Object.entries(actions)) {
      r.post(`${base}/${verb}`, d.csrf, async (req, res) => {
        const p = req.params as Record<string, string>;
        const actor = req.session?.sub ?? 'unknown';
        const entry = { actor, action: action.name, target: action.target(p) };
        if (!hasRole(req.session, 'operator')) {
          await d.audit.record({ ...entry, outcome: 'refused (403 not an operator)' });
          return problemPage(res, 403, 'Only operators can do this.');
        }
        const answer = await action.run(p, actor).catch(() => ({ status: 502, ok: false, body: null }));
        await d.audit.record({ ...entry, outcome: outcomeOf(answer) });
        if (!answer.ok) return failed(res, answer);
        res.redirect(303, `${action.back(p)}?done=${encodeURIComponent(action.name)}`);
      });
    }
  }
}

/** Status and the problem's title only: a detail may quote data the audit log must not hold. */
function outcomeOf(a: AdminAnswer): string {
  if (a.ok) {
    // A DLQ action answers how many messages it took: 0 means the message was already gone.
    const b = a.body as { replayed?: unknown; discarded?: unknown } | null;
    const taken = b?.replayed ?? b?.discarded;
    return typeof taken === 'number' ? `ok (${taken})` : 'ok';
  }
  const title = (a.body as { title?: unknown } | null)?.title;
  return `failed (${a.status}${typeof title === 'string' ? ` ${title.slice(0, 60)}` : ''})`;
}

function failed(res: Response, a: AdminAnswer): void {
  const title = (a.body as { title?: unknown } | null)?.title;
  problemPage(
    res,
    a.status === 409 ? 409 : a.status,
    `The service refused: ${typeof title === 'string' ? title : a.status}.`,
  );
}

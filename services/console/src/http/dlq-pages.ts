import { scrubText } from '@commerce-sync/telemetry';
import type { Router } from 'express';
import type { DlqApi, DlqEntry } from '../adapters/dlq-api.ts';
import type { ServiceName } from '../config.ts';
import { hasRole } from '../auth/sessions.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { redactBody, redactHeaders } from './mask.ts';
import { problemPage } from './problem-page.ts';

const DONE: Record<string, string> = { 'dlq.replay': 'Replayed.', 'dlq.discard': 'Discarded.' };

/** Dead letters of every service queue: GET /dlq, /dlq/:service, /dlq/:service/:messageId. */
export function dlqPages(r: Router, dlq: DlqApi): void {
  const queueSection = async (service: ServiceName, who: string, operator: boolean): Promise<SafeHtml> => {
    const answer = await dlq.list(service, who, 100).catch(() => null);
    if (!answer?.ok || !answer.body)
      return html`<h2>${service}.dlq</h2><p class="error">The ${service} service did not answer.</p>`;
    const { total, entries } = answer.body;
    return html`<h2 id="q-${service}"><a href="/dlq/${service}">${service}.dlq</a> <span class="muted">(${total})</span></h2>
${entries.length === 0 ? html`<p>Empty.</p>` : entriesTable(service, entries, operator)}`;
  };

  r.get('/dlq', async (req, res) => {
    const who = req.session?.sub ?? '';
    const sections = await Promise.all(
      dlq.services.map((s) => queueSection(s, who, hasRole(req.session, 'operator'))),
    );
    res.type('html').send(
      layout({
        title: 'Dead letters',
        nonce: res.locals.nonce,
        session: req.session,
        body: html`<h1>Dead letters</h1>${sections}`,
      }),
    );
  });

  r.get('/dlq/:service', async (req, res) => {
    const service = String(req.params.service);
    if (!dlq.isService(service)) return problemPage(res, 404, 'No such queue.');
    const section = await queueSection(service, req.session?.sub ?? '', hasRole(req.session, 'operator'));
    const doneKey = String(req.query.done);
    const done = Object.hasOwn(DONE, doneKey)
      ? html`<p class="notice" role="status">${DONE[doneKey]}</p>`
      : '';
    res.type('html').send(
      layout({
        title: `${service}.dlq`,
        nonce: res.locals.nonce,
        session: req.session,
        body: html`<h1>Dead letters</h1>${done}${section}`,
      }),
    );
  });

  r.get('/dlq/:service/:messageId', async (req, res) => {
    const service = String(req.params.service);
    if (!dlq.isService(service)) return problemPage(res, 404, 'No such queue.');
    const answer = await dlq.show(service, String(req.params.messageId), req.session?.sub ?? '');
    if (!answer.ok || !answer.body)
      return problemPage(
        res,
        answer.status,
        answer.status === 404 ? 'No such message in the queue.' : 'The service did not answer.',
      );
    const e = answer.body;
    res.type('html').send(
      layout({
        title: `Dead letter ${e.messageId}`,
        nonce: res.locals.nonce,
        session: req.session,
        body: html`<h1>Dead letter in ${service}.dlq</h1>
<dl><dt>Message id</dt><dd><code>${e.messageId}</code></dd><dt>Type</dt><dd>${e.type}</dd><dt>Order / correlation</dt><dd><code>${e.correlationId}</code></dd>
<dt>Reason</dt><dd>${e.reason}</dd><dt>Error</dt><dd>${e.errorCode ?? '—'} ${e.errorMessage ? scrubText(e.errorMessage) : ''}</dd>
<dt>Attempts</dt><dd>${e.attempts ?? '—'}</dd><dt>First failure</dt><dd>${e.firstFailureAt ?? '—'}</dd><dt>Dead-lettered</dt><dd>${e.deadLetteredAt ?? '—'}</dd></dl>
${hasRole(req.session, 'operator') ? actionButtons(service, e.messageId) : ''}
<h2>Body <span class="muted">(personal data redacted)</span></h2><pre id="body">${redactBody(e.body)}</pre>
<h2>Headers</h2><pre>${redactHeaders(e.headers)}</pre>`,
      }),
    );
  });
}

function entriesTable(service: string, entries: DlqEntry[], operator: boolean): SafeHtml {
  return html`<table><thead><tr><th scope="col">Message</th><th scope="col">Type</th><th scope="col">Reason</th><th scope="col">Error code</th><th scope="col">Attempts</th><th scope="col">First failure</th>${operator ? html`<th scope="col">Actions</th>` : ''}</tr></thead>
<tbody>${entries.map(
    (
      e,
    ) => html`<tr><td><a href="/dlq/${service}/${encodeURIComponent(e.messageId)}"><code>${e.messageId}</code></a></td><td>${e.type}</td><td>${e.reason}</td>
<td>${e.errorCode ?? '—'}</td><td>${e.attempts ?? '—'}</td><td>${e.firstFailureAt ?? '—'}</td>${operator ? html`<td>${actionButtons(service, e.messageId)}</td>` : ''}</tr>`,
  )}</tbody></table>`;
}

function actionButtons(service: string, messageId: string): SafeHtml {
  const base = `/dlq/${service}/${encodeURIComponent(messageId)}/confirm`;
  return html`<form class="inline" method="get" action="${base}"><input type="hidden" name="action" value="replay"><button type="submit" aria-label="Replay ${messageId}">Replay…</button></form>
<form class="inline" method="get" action="${base}"><input type="hidden" name="action" value="discard"><button type="submit" class="danger" aria-label="Discard ${messageId}">Discard…</button></form>`;
}

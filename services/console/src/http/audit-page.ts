import type { Router } from 'express';
import type { AuditLog } from '../adapters/audit-log.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';

/** GET /audit: the latest 200 actions, newest first. */
export function auditPage(r: Router, audit: AuditLog): void {
  r.get('/audit', async (req, res) => {
    const entries = await audit.latest(200);
    res.type('html').send(
      layout({
        title: 'Audit log',
        nonce: res.locals.nonce,
        session: req.session,
        body: html`<h1>Audit log</h1>
<table id="audit"><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Outcome</th></tr></thead>
<tbody>${entries.map(
          (e) =>
            html`<tr><td>${new Date(e.at).toISOString()}</td><td>${e.actor}</td><td>${e.action}</td><td>${e.target}</td><td>${e.outcome}</td></tr>`,
        )}</tbody></table>`,
      }),
    );
  });
}

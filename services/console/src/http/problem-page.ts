import type { Response } from 'express';
import { html } from './html.ts';
import { layout } from './layout.ts';

/** An error page; a service's 5xx or silence becomes 502 here, its 4xx is passed on. */
export function problemPage(res: Response, status: number, message: string): void {
  const code = status >= 400 && status < 500 ? status : 502;
  res
    .status(code)
    .type('html')
    .send(
      layout({
        title: 'Problem',
        nonce: res.locals.nonce,
        session: res.req.session,
        body: html`<h1>Problem</h1><p class="error" role="alert">${message}</p>`,
      }),
    );
}

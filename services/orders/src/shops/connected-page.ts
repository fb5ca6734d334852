import type { Installed } from './install-shop.ts';

const html = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The page the merchant lands on after approving: what is connected and subscribed. */
export function connectedPage(installed: Installed): string {
  const rows = installed.webhooks
    .map((w) => `<li><code>${html(w.topic)}</code> ${w.created ? 'subscribed' : 'already subscribed'}</li>`)
    .join('');
  const scopes = installed.scopes
    .split(',')
    .filter(Boolean)
    .map((s) => `<li><code>${html(s)}</code></li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Connected to commerce-sync</title></head>
<body>
<h1>${html(installed.shop)} is connected</h1>
<h2>Webhooks</h2><ul id="webhooks">${rows}</ul>
<h2>Access granted</h2><ul id="scopes">${scopes}</ul>
</body></html>`;
}

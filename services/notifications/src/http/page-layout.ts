import { escapeHtml } from '../domain/html.ts';

/** Small, self-contained styles (no external assets); colours keep WCAG AA contrast on white. */
const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#f4f4f5;color:#18181b;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.5rem;margin:0 0 1rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
section{background:#fff;border:1px solid #d4d4d8;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
a{color:#0645ad}
a:focus-visible,button:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.status{display:inline-block;font-size:1.25rem;font-weight:700;padding:.25rem .75rem;border-radius:999px;background:#e0e7ff;color:#1e3a8a;margin:0}
.status[data-status=delivered]{background:#dcfce7;color:#14532d}
.status[data-status=problem],.status[data-status=cancelled]{background:#fee2e2;color:#7f1d1d}
.muted{color:#52525b;font-size:.9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{font-weight:600}
dd{margin:0}
ul,ol{margin:0;padding-left:1.25rem}
.timeline li{margin:0 0 .5rem}
.timeline time{font-weight:600;display:block}
button{font:inherit;background:#1d4ed8;color:#fff;border:0;border-radius:.375rem;padding:.5rem 1rem;cursor:pointer}
`;

/** A complete HTML page; `nonce` authorises the inline style and script under a strict CSP. */
export function page(p: {
  lang: string;
  title: string;
  body: string;
  nonce: string;
  script?: string;
}): string {
  const script = p.script ? `<script nonce="${p.nonce}">${p.script}</script>` : '';
  return `<!doctype html>
<html lang="${escapeHtml(p.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(p.title)}</title>
<style nonce="${p.nonce}">${CSS}</style>
</head>
<body>
<main>
${p.body}
</main>
${script}
</body>
</html>
`;
}

/** No external resources, no inline code without the nonce, no framing, same-origin fetch only. */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

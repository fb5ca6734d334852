import { escapeHtml } from '../domain/html.ts';
import { DEFAULT_ACCENT } from '../domain/shop-identity.ts';

/**
 * Small, self-contained styles (no external assets). Colours keep WCAG AA contrast on white
 * (the shop's accent is checked at start-up); state is never told by colour alone: every
 * step carries a mark and words. No fixed widths: 320 px and up need no horizontal scroll.
 */
const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#f4f4f5;color:#18181b;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}
.shop{background:#fff;border-bottom:4px solid var(--accent);padding:.75rem 1rem}
.shop p{max-width:40rem;margin:0 auto;font-weight:700;font-size:1.15rem}
.shop img{max-height:3rem;max-width:12rem;display:block}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem}
footer{max-width:40rem;margin:0 auto;padding:0 1rem 2rem;color:#52525b;font-size:.9rem}
h1{font-size:1.5rem;margin:0 0 1rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
section{background:#fff;border:1px solid #d4d4d8;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
a{color:var(--accent)}
a:focus-visible,button:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.steps{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0 0 1rem}
.steps li{flex:1 1 5.5rem;border-top:4px solid #d4d4d8;padding-top:.25rem;font-size:.9rem;color:#52525b}
.steps .mark{display:inline-block;width:1.25rem;font-weight:700}
.steps .done{border-color:var(--accent);color:#18181b}
.steps .current{border-color:var(--accent);color:#18181b;font-weight:700;text-decoration:underline;text-underline-offset:.2em}
.steps .halted{border-color:#b91c1c;color:#7f1d1d;font-weight:700}
.status{display:inline-block;font-size:1.25rem;font-weight:700;padding:.25rem .75rem;border-radius:999px;background:#e0e7ff;color:#1e3a8a;margin:0 0 .5rem}
.status[data-status=delivered]{background:#dcfce7;color:#14532d}
.status[data-status=problem],.status[data-status=cancelled]{background:#fee2e2;color:#7f1d1d}
.explain p{margin:.25rem 0}
.muted{color:#52525b;font-size:.9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{font-weight:600}
dd{margin:0;min-width:0}
ul,ol{margin:0;padding-left:1.25rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.25rem .5rem .25rem 0;border-bottom:1px solid #e4e4e7;vertical-align:top}
.num{text-align:right;white-space:nowrap;padding-right:0}
.timeline{list-style:none;padding:0}
.timeline li{margin:0 0 .75rem;padding-left:.75rem;border-left:3px solid #d4d4d8}
.timeline li:first-child{border-color:var(--accent)}
.timeline time{color:#52525b;font-size:.9rem;display:block}
button{font:inherit;background:#1d4ed8;color:#fff;border:0;border-radius:.375rem;padding:.5rem 1rem;cursor:pointer}
`;

/** A complete HTML page; `nonce` authorises the inline style and script under a strict CSP. */
export function page(p: {
  lang: string;
  title: string;
  body: string;
  nonce: string;
  script?: string;
  /** The banner's content (already escaped): the shop's name or logo. */
  header?: string;
  /** The contentinfo's content (already escaped). */
  footer?: string;
  /** `#rrggbb`, validated at start-up. */
  accent?: string;
}): string {
  const script = p.script ? `<script nonce="${p.nonce}">${p.script}</script>` : '';
  const accent = /^#[0-9a-fA-F]{6}$/.test(p.accent ?? '') ? p.accent : DEFAULT_ACCENT;
  return `<!doctype html>
<html lang="${escapeHtml(p.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(p.title)}</title>
<style nonce="${p.nonce}">:root{--accent:${accent}}${CSS}</style>
</head>
<body>
${p.header ? `<header class="shop"><p>${p.header}</p></header>` : ''}
<main>
${p.body}
</main>
${p.footer ? `<footer>${p.footer}</footer>` : ''}
${script}
</body>
</html>
`;
}

/**
 * No external resources (but the shop's logo, from its own origin), no inline code without
 * the nonce, no framing, same-origin fetch only.
 */
export function pageCsp(nonce: string, imageOrigin?: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    imageOrigin ? `img-src ${imageOrigin}` : "img-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

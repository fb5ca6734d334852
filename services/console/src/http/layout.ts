import type { Session } from '../auth/session-store.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { LIVE_SCRIPT_PATH } from './live.ts';

const STYLE = `
:root{color-scheme:light;font:15px/1.5 system-ui,sans-serif;color:#16181d}
body{margin:0}header{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.2rem;background:#1e293b;color:#fff;flex-wrap:wrap}
header a{color:#fff}header nav{display:flex;gap:1rem;flex-wrap:wrap}header .who{margin-left:auto;display:flex;gap:.8rem;align-items:center}
main{padding:1rem 1.2rem;max-width:72rem}a{color:#1d4ed8}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #d4d4d8;vertical-align:top}
th{background:#f4f4f5}code,pre{font:13px/1.4 ui-monospace,monospace}pre{background:#f4f4f5;padding:.6rem;overflow:auto;white-space:pre-wrap}
form.inline{display:inline}label{margin-right:.3rem}input,select,button{font:inherit;padding:.25rem .5rem}
button{cursor:pointer;background:#1d4ed8;color:#fff;border:0;border-radius:3px;padding:.35rem .8rem}
button.danger{background:#b91c1c}header button{background:#334155}.muted{color:#52525b}
.notice{padding:.5rem .8rem;background:#fef3c7;border-left:4px solid #d97706}.error{padding:.5rem .8rem;background:#fee2e2;border-left:4px solid #b91c1c}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.panels{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:0 1.5rem}.panel h2{margin-bottom:.3rem}
figure.chart{margin:.3rem 0 .8rem}figcaption{font-weight:600;font-size:.9rem}svg .line{stroke-width:2}svg .l0{stroke:#1d4ed8}svg .l1{stroke:#c2410c}svg .l2{stroke:#15803d}svg .l3{stroke:#7e22ce}
svg .dot.l0{fill:#1d4ed8}svg .dot.l1{fill:#c2410c}svg .dot.l2{fill:#15803d}svg .dot.l3{fill:#7e22ce}svg .axis{stroke:#a1a1aa}svg .tick{font-size:10px;fill:#3f3f46}svg .bar{fill:#1d4ed8}.legend{display:flex;gap:1rem;list-style:none;padding:0;margin:.2rem 0;font-size:.85rem}
.key{display:inline-block;width:.8rem;height:.2rem;margin-right:.3rem;vertical-align:middle;border-top:3px solid}.key.l0{border-color:#1d4ed8}.key.l1{border-color:#c2410c}.key.l2{border-color:#15803d}.key.l3{border-color:#7e22ce}
.now{margin:.1rem 0;font-size:.85rem}td.bad{color:#b91c1c;font-weight:600}#apis td{vertical-align:middle}
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;color:#000;padding:.3rem}
`;

export interface PageOptions {
  title: string;
  nonce: string;
  session?: Session;
  body: SafeHtml;
  /** Loads the live-update script (the page must also call allowLiveScript for its CSP). */
  live?: boolean;
}

/** The page frame: navigation, who is signed in, sign-out (a POST with the CSRF token). */
export function layout(p: PageOptions): string {
  const who = p.session
    ? html`<div class="who"><span>${p.session.name || p.session.sub} · ${p.session.roles.includes('operator') ? 'operator' : 'viewer'}</span>
<form class="inline" method="post" action="/auth/logout">${csrfField(p.session)}<button type="submit">Sign out</button></form></div>`
    : '';
  const nav = p.session
    ? html`<nav aria-label="Main"><a href="/overview">Overview</a><a href="/attention">Needs attention</a><a href="/orders">Orders</a><a href="/dlq">Dead letters</a><a href="/audit">Audit log</a></nav>`
    : '';
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} · commerce-sync console</title><style nonce="${p.nonce}">${raw(STYLE)}</style>${p.live ? html`<script src="${LIVE_SCRIPT_PATH}" nonce="${p.nonce}" defer></script>` : ''}</head>
<body><a class="skip" href="#main">Skip to content</a><header><strong>commerce-sync console</strong>${nav}${who}</header>
<main id="main">${p.body}</main></body></html>`.value;
}

export const csrfField = (s: Session) => html`<input type="hidden" name="_csrf" value="${s.csrf}">`;

import type { NotificationKind } from '@commerce-sync/contracts';
import { escapeHtml, safeHref } from './html.ts';
import type { Catalogue, EmailFacts } from './locales/index.ts';

export interface EmailInput {
  kind: NotificationKind;
  catalogue: Catalogue;
  facts: EmailFacts;
  lines: { title: string; quantity: number }[];
  courierUrl?: string;
  trackingPageUrl: string;
  /** Present on emails a customer may opt out of. */
  unsubscribeUrl?: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The words of one email, shared by its text and HTML parts. */
interface Parts {
  heading: string;
  body: string[];
  facts: Fact[];
  lines: EmailInput['lines'];
}

interface Fact {
  label: string;
  value: string;
  href?: string;
}

function factsOf(input: EmailInput): Fact[] {
  const { facts: f, catalogue: c } = input;
  const out: Fact[] = [{ label: c.labels.order, value: f.orderRef }];
  if (input.kind === 'order_confirmed') out.push({ label: c.labels.total, value: f.total });
  if (f.carrier) out.push({ label: c.labels.carrier, value: f.carrier });
  const courier = safeHref(input.courierUrl);
  if (f.trackingCode)
    out.push({
      label: c.labels.trackingNumber,
      value: f.trackingCode,
      ...(courier ? { href: courier } : {}),
    });
  return out;
}

/** One email in plain text and HTML from the same words; every dynamic value is escaped. */
export function renderEmail(input: EmailInput): RenderedEmail {
  const { catalogue: c, kind, facts } = input;
  const text = c.kinds[kind];
  const parts: Parts = {
    heading: text.heading,
    body: text.body(facts),
    facts: factsOf(input),
    lines: kind === 'order_confirmed' ? input.lines : [],
  };
  return {
    subject: text.subject(facts),
    text: renderText(input, parts),
    html: renderHtml(input, parts),
  };
}

function renderText(input: EmailInput, { heading, body, facts, lines }: Parts) {
  const c = input.catalogue;
  const parts = [c.greeting(input.facts.name), '', heading, '', ...body, ''];
  for (const f of facts) parts.push(`${f.label}: ${f.value}${f.href ? ` (${f.href})` : ''}`);
  if (lines.length) parts.push('', `${c.labels.items}:`, ...lines.map((l) => `- ${l.quantity} × ${l.title}`));
  parts.push('', `${c.labels.trackCta}: ${input.trackingPageUrl}`, '', c.labels.signoff);
  if (input.unsubscribeUrl)
    parts.push('', `${c.labels.unsubscribe}: ${input.unsubscribeUrl}`, c.labels.unsubscribeNote);
  return `${parts.join('\n')}\n`;
}

function renderHtml(input: EmailInput, { heading, body, facts, lines }: Parts) {
  const c = input.catalogue;
  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const factRows = facts
    .map((f) => {
      const value = f.href
        ? `<a href="${escapeHtml(f.href)}" style="color:#0b57d0">${escapeHtml(f.value)}</a>`
        : escapeHtml(f.value);
      return `<tr><th scope="row" style="text-align:left;padding:4px 12px 4px 0;font-weight:600">${escapeHtml(f.label)}</th><td style="padding:4px 0">${value}</td></tr>`;
    })
    .join('');
  const items = lines.length
    ? `<h2 style="font-size:16px;margin:16px 0 8px">${escapeHtml(c.labels.items)}</h2><ul>${lines.map((l) => `<li>${escapeHtml(l.quantity)} × ${escapeHtml(l.title)}</li>`).join('')}</ul>`
    : '';
  const unsubscribe = input.unsubscribeUrl
    ? `<p style="font-size:12px;color:#555;margin:24px 0 0"><a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#555">${escapeHtml(c.labels.unsubscribe)}</a>. ${escapeHtml(c.labels.unsubscribeNote)}</p>`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(c.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(c.kinds[input.kind].subject(input.facts))}</title></head>
<body style="margin:0;padding:24px;background:#f5f5f5;color:#1a1a1a;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif">
<main style="max-width:560px;margin:0 auto;background:#fff;padding:24px;border-radius:8px">
${p(c.greeting(input.facts.name))}
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(heading)}</h1>
${body.map(p).join('\n')}
<table role="presentation" style="border-collapse:collapse;margin:8px 0 16px">${factRows}</table>
${items}
<p style="margin:16px 0"><a href="${escapeHtml(input.trackingPageUrl)}" style="display:inline-block;background:#0b57d0;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(c.labels.trackCta)}</a></p>
${p(c.labels.signoff)}
${unsubscribe}
</main></body></html>
`;
}

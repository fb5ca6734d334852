import type { NotificationKind } from '@commerce-sync/contracts';
import { escapeHtml, safeHref } from './html.ts';
import type { Catalogue, EmailFacts } from './locales/index.ts';
import type { ShopIdentity } from './shop-identity.ts';

export interface EmailLine {
  title: string;
  quantity: number;
  /** The line's amount (quantity × unit price), formatted. */
  amount: string;
}

export interface EmailInput {
  kind: NotificationKind;
  catalogue: Catalogue;
  facts: EmailFacts;
  identity: ShopIdentity;
  lines: EmailLine[];
  /** "Step 3 of 5: Shipped", on progress emails. */
  step?: string;
  /** The courier's estimate, formatted as a day. */
  eta?: string;
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

interface Fact {
  label: string;
  value: string;
  href?: string;
}

/** The words of one email, shared by its text and HTML parts. */
interface Parts {
  heading: string;
  body: string[];
  facts: Fact[];
  help: Fact[];
}

function factsOf(input: EmailInput): Fact[] {
  const { facts: f, catalogue: c } = input;
  const out: Fact[] = f.orderRef ? [{ label: c.labels.order, value: f.orderRef }] : [];
  if (input.step) out.push({ label: c.page.status, value: input.step });
  if (input.eta) out.push({ label: c.labels.estimatedDelivery, value: input.eta });
  if (f.carrier) out.push({ label: c.labels.carrier, value: f.carrier });
  if (f.trackingCode) out.push({ label: c.labels.trackingNumber, value: f.trackingCode });
  const courier = safeHref(input.courierUrl);
  if (courier) out.push({ label: c.labels.courierLink, value: courier, href: courier });
  return out;
}

function helpOf({ identity: s, catalogue: c }: EmailInput): Fact[] {
  const out: Fact[] = [];
  if (s.supportEmail)
    out.push({ label: c.labels.supportEmail, value: s.supportEmail, href: `mailto:${s.supportEmail}` });
  const site = safeHref(s.supportUrl);
  if (site) out.push({ label: c.labels.supportSite, value: site, href: site });
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
    help: helpOf(input),
  };
  return { subject: text.subject(facts), text: renderText(input, parts), html: renderHtml(input, parts) };
}

function renderText(input: EmailInput, { heading, body, facts, help }: Parts) {
  const c = input.catalogue;
  const out = [input.identity.name, '', c.greeting(input.facts.name), '', heading, '', ...body, ''];
  for (const f of facts) out.push(`${f.label}: ${f.value}`);
  out.push('', `${c.labels.items}:`, ...input.lines.map((l) => `- ${l.quantity} × ${l.title} — ${l.amount}`));
  out.push(`${c.labels.total}: ${input.facts.total}`);
  out.push('', `${c.labels.trackCta}: ${input.trackingPageUrl}`, '', c.labels.help);
  out.push(...(help.length ? help.map((f) => `${f.label}: ${f.value}`) : [c.labels.noSupport]));
  out.push('', c.labels.signoff(input.identity.name));
  if (input.unsubscribeUrl)
    out.push('', `${c.labels.unsubscribe}: ${input.unsubscribeUrl}`, c.labels.unsubscribeNote);
  return `${out.join('\n')}\n`;
}

const CELL = 'padding:6px 8px;border-bottom:1px solid #e4e4e7;text-align:left';

function linesHtml(input: EmailInput): string {
  const c = input.catalogue;
  const rows = input.lines
    .map(
      (l) =>
        `<tr><td style="${CELL}">${escapeHtml(l.title)}</td><td style="${CELL}">${escapeHtml(l.quantity)}</td><td style="${CELL};text-align:right">${escapeHtml(l.amount)}</td></tr>`,
    )
    .join('');
  return `<h2 style="font-size:16px;margin:16px 0 8px">${escapeHtml(c.labels.items)}</h2>
<table style="border-collapse:collapse;width:100%"><thead><tr><th scope="col" style="${CELL}">${escapeHtml(c.labels.items)}</th><th scope="col" style="${CELL}">${escapeHtml(c.labels.quantity)}</th><th scope="col" style="${CELL};text-align:right">${escapeHtml(c.labels.price)}</th></tr></thead>
<tbody>${rows}</tbody><tfoot><tr><th scope="row" colspan="2" style="${CELL}">${escapeHtml(c.labels.total)}</th><td style="${CELL};text-align:right;font-weight:700">${escapeHtml(input.facts.total)}</td></tr></tfoot></table>`;
}

function factTable(facts: Fact[], accent: string): string {
  const rows = facts
    .map((f) => {
      const value = f.href
        ? `<a href="${escapeHtml(f.href)}" style="color:${accent}">${escapeHtml(f.value)}</a>`
        : escapeHtml(f.value);
      return `<tr><th scope="row" style="text-align:left;padding:4px 12px 4px 0;font-weight:600;vertical-align:top">${escapeHtml(f.label)}</th><td style="padding:4px 0;word-break:break-all">${value}</td></tr>`;
    })
    .join('');
  return `<table role="presentation" style="border-collapse:collapse;margin:8px 0 16px">${rows}</table>`;
}

function renderHtml(input: EmailInput, { heading, body, facts, help }: Parts) {
  const c = input.catalogue;
  const s = input.identity;
  const accent = s.accentColour;
  const p = (t: string) => `<p style="margin:0 0 12px">${escapeHtml(t)}</p>`;
  const logo = safeHref(s.logoUrl);
  const brand = logo
    ? `<img src="${escapeHtml(logo)}" alt="${escapeHtml(s.name)}" style="max-height:48px;max-width:200px">`
    : `<strong style="font-size:18px">${escapeHtml(s.name)}</strong>`;
  const unsubscribe = input.unsubscribeUrl
    ? `<p style="font-size:12px;color:#52525b;margin:24px 0 0"><a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#52525b">${escapeHtml(c.labels.unsubscribe)}</a>. ${escapeHtml(c.labels.unsubscribeNote)}</p>`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(c.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(c.kinds[input.kind].subject(input.facts))}</title></head>
<body style="margin:0;padding:16px;background:#f4f4f5;color:#18181b;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif">
<main style="max-width:560px;margin:0 auto;background:#fff;padding:24px;border-radius:8px;border-top:4px solid ${accent}">
<p style="margin:0 0 16px">${brand}</p>
${p(c.greeting(input.facts.name))}
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(heading)}</h1>
${body.map(p).join('\n')}
${factTable(facts, accent)}
<p style="margin:16px 0"><a href="${escapeHtml(input.trackingPageUrl)}" style="display:inline-block;background:${accent};color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(c.labels.trackCta)}</a></p>
${linesHtml(input)}
<h2 style="font-size:16px;margin:24px 0 8px">${escapeHtml(c.labels.help)}</h2>
${help.length ? factTable(help, accent) : p(c.labels.noSupport)}
${p(c.labels.signoff(s.name))}
${unsubscribe}
</main></body></html>
`;
}

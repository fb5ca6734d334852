import { z } from 'zod';

/** How a shop presents itself to its customers on the tracking page and in emails. */
export interface ShopIdentity {
  name: string;
  /** The display name of the From header. */
  senderName: string;
  supportEmail?: string;
  supportUrl?: string;
  /** An https image shown above the page and the emails (the page's CSP allows its origin). */
  logoUrl?: string;
  /** Buttons, links and the current step: at least 4.5:1 against white (WCAG AA text). */
  accentColour: string;
  /** IANA zone for dates when the customer's is unknown (all of them, today). */
  timeZone: string;
}

export const DEFAULT_ACCENT = '#1d4ed8';

/** WCAG 2.x relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of a `#rrggbb` colour against white. */
export function contrastOnWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

const validZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const IdentityInput = z.object({
  name: z.string().min(1).max(100),
  senderName: z.string().min(1).max(100).optional(),
  supportEmail: z.email().optional(),
  supportUrl: z.url({ protocol: /^https?$/ }).optional(),
  logoUrl: z.url({ protocol: /^https$/ }).optional(),
  accentColour: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a #rrggbb colour')
    .refine((c) => contrastOnWhite(c) >= 4.5, 'too light: needs 4.5:1 contrast on white')
    .optional(),
  timeZone: z.string().refine(validZone, 'an IANA time zone').optional(),
});

/** `SHOP_IDENTITIES`: JSON `{ "<shop domain>": { name, senderName?, supportEmail?, … } }`. */
export const ShopIdentitiesSchema = z.record(z.string().min(1), IdentityInput);
export type ShopIdentitiesInput = z.infer<typeof ShopIdentitiesSchema>;

/** "blue-mugs.myshopify.com" → "Blue Mugs": a readable name for a shop nobody configured. */
function nameFromDomain(domain: string): string {
  const label = domain.split('.')[0] ?? domain;
  return label
    .split(/[-_]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' ');
}

/** The identity of a shop: its configured values over defaults derived from its domain. */
export function identityFor(shops: ShopIdentitiesInput, domain: string | undefined): ShopIdentity {
  const given = domain ? shops[domain] : undefined;
  const name = given?.name ?? (domain ? nameFromDomain(domain) : '') ?? '';
  const shopName = name || 'Our shop';
  return {
    name: shopName,
    senderName: given?.senderName ?? shopName,
    accentColour: given?.accentColour ?? DEFAULT_ACCENT,
    timeZone: given?.timeZone ?? 'UTC',
    ...(given?.supportEmail ? { supportEmail: given.supportEmail } : {}),
    ...(given?.supportUrl ? { supportUrl: given.supportUrl } : {}),
    ...(given?.logoUrl ? { logoUrl: given.logoUrl } : {}),
  };
}

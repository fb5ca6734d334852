/**
 * Minor-unit exponents that differ from 2 (ISO 4217). Stripe treats some of these
 * specially too: https://docs.stripe.com/currencies#zero-decimal
 */
const EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Converts storefront string money ("19.99") into integer minor units without going
 * through a float. Rejects negative amounts and more decimals than the currency has
 * (unless they are zeros): a price we cannot represent exactly is an input error.
 */
export function toMinorUnits(amount: string, currency: string): number {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new RangeError(`not a decimal amount: "${amount}"`);
  const exp = currencyExponent(currency);
  const whole = match[1] ?? '0';
  const frac = (match[2] ?? '').replace(/0+$/, '');
  if (frac.length > exp)
    throw new RangeError(`"${amount}" has more decimals than ${currency} allows (${exp})`);
  const minor = BigInt(whole) * 10n ** BigInt(exp) + BigInt(frac.padEnd(exp, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`"${amount}" is too large`);
  return Number(minor);
}

/** Formats minor units back into a decimal string ("1999", "USD" → "19.99"). */
export function fromMinorUnits(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  if (exp === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(exp + 1, '0');
  return `${minor < 0 ? '-' : ''}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

import { fromMinorUnits } from '@commerce-sync/contracts';

/** "1999", "EUR", "fr" → "19,99 €"; the decimal string keeps the exact amount (no float). */
export function formatMoney(minor: number, currency: string, lang: string): string {
  const decimal = fromMinorUnits(minor, currency) as `${number}`;
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(decimal);
  } catch {
    return `${decimal} ${currency}`;
  }
}

import type { Catalogue } from './catalogue.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type { CancellationFacts, Catalogue, EmailFacts } from './catalogue.ts';

export const CATALOGUES: Record<string, Catalogue> = { en, fr };

/** The catalogue for a BCP 47 tag from the storefront (`fr-CA` → French); English by default. */
export function catalogueFor(locale: string | undefined): Catalogue {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return CATALOGUES[primary] ?? en;
}

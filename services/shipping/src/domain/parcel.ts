/** A box the warehouse packs into: inner size in inches, own weight and what it can carry. */
export interface Box {
  name: string;
  length: number;
  width: number;
  height: number;
  tareGrams: number;
  maxGrams: number;
}

/** EasyPost's parcel: inches and ounces. */
export interface Parcel {
  length: number;
  width: number;
  height: number;
  weight: number;
}

/** Boxes used when PACKAGING is not configured: small, medium, large. */
export const DEFAULT_BOXES: readonly Box[] = [
  { name: 'small', length: 9, width: 6, height: 3, tareGrams: 90, maxGrams: 1_000 },
  { name: 'medium', length: 12, width: 10, height: 6, tareGrams: 200, maxGrams: 5_000 },
  { name: 'large', length: 18, width: 14, height: 10, tareGrams: 450, maxGrams: 20_000 },
];

/** Lines whose product weight is unknown (0 g) still weigh something in a box. */
const MIN_ITEM_GRAMS = 50;
const GRAMS_PER_OUNCE = 28.349523125;

export interface PackLine {
  quantity: number;
  grams: number;
}

/**
 * The packaging rule: the lightest box (boxes are tried in the given order) whose capacity
 * holds the goods, else the last (largest) box. Weight = goods + box, in ounces rounded up
 * to a tenth, as couriers bill by weight and never below the real one.
 */
export function packParcel(
  lines: readonly PackLine[],
  boxes: readonly Box[] = DEFAULT_BOXES,
): Parcel & { box: string } {
  if (boxes.length === 0) throw new RangeError('at least one box is required');
  const goods = lines.reduce((sum, l) => sum + l.quantity * Math.max(l.grams, MIN_ITEM_GRAMS), 0);
  const box = boxes.find((b) => goods <= b.maxGrams) ?? (boxes[boxes.length - 1] as Box);
  const ounces = Math.ceil(((goods + box.tareGrams) / GRAMS_PER_OUNCE) * 10) / 10;
  return { box: box.name, length: box.length, width: box.width, height: box.height, weight: ounces };
}

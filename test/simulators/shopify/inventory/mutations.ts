import type { Level, MutableName, StockState } from './stock-state.ts';
import {
  checkLedgerDocument,
  checkReason,
  checkReference,
  isMutableName,
  staleError,
  type UserError,
  userError,
} from './validate.ts';

interface Terminal {
  locationId: string;
  name: string;
  ledgerDocumentUri?: string | null;
  changeFromQuantity?: number | null;
}
export interface MoveInput {
  reason: string;
  referenceDocumentUri: string;
  changes: { inventoryItemId: string; quantity: number; from: Terminal; to: Terminal }[];
}
export interface AdjustInput {
  reason: string;
  name: string;
  referenceDocumentUri?: string | null;
  changes: {
    inventoryItemId: string;
    locationId: string;
    delta: number;
    ledgerDocumentUri?: string | null;
    changeFromQuantity?: number | null;
  }[];
}

/** What a mutation produced: the adjustment group (plain data) or the user errors. */
export interface Outcome {
  group: AdjustmentGroup | null;
  userErrors: UserError[];
}
export interface AdjustmentGroup {
  id: string;
  createdAt: string;
  reason: string;
  referenceDocumentUri: string | null;
  changes: {
    inventoryItemId: string;
    locationId: string;
    name: string;
    delta: number;
    quantityAfterChange: number;
    ledgerDocumentUri: string | null;
  }[];
}

export interface MutationOptions {
  /** Refuse a move that would take its source state below zero (default true). */
  refuseNegative: () => boolean;
}

const unknownItem = (field: string[]) =>
  userError(
    [...field, 'inventoryItemId'],
    'INVALID_INVENTORY_ITEM',
    'The specified inventory item could not be found.',
  );

type Step = { level: Level; name: MutableName; delta: number; ledgerDocumentUri: string | null };

function checkTerminal(
  state: StockState,
  t: Terminal,
  itemId: string,
  field: string[],
): UserError | undefined {
  if (!state.location(t.locationId))
    return userError(
      [...field, 'locationId'],
      'INVALID_LOCATION',
      'The specified location could not be found.',
    );
  if (!isMutableName(t.name))
    return userError([...field, 'name'], 'INVALID_QUANTITY_NAME', 'The specified quantity name is invalid.');
  if (!state.level(itemId, t.locationId)) {
    return userError(
      field,
      'ITEM_NOT_STOCKED_AT_LOCATION',
      'The inventory item is not stocked at the location.',
    );
  }
  return checkLedgerDocument(t.name, t.ledgerDocumentUri, [...field, 'ledgerDocumentUri']);
}

function moveSteps(state: StockState, input: MoveInput, opts: MutationOptions): Step[] | UserError {
  const steps: Step[] = [];
  for (const [i, c] of input.changes.entries()) {
    const field = ['input', 'changes', String(i)];
    if (!state.item(c.inventoryItemId)) return unknownItem(field);
    if (c.quantity < 0)
      return userError(
        [...field, 'quantity'],
        'INVALID_QUANTITY_NEGATIVE',
        "The quantity can't be negative.",
      );
    const bad =
      checkTerminal(state, c.from, c.inventoryItemId, [...field, 'from']) ??
      checkTerminal(state, c.to, c.inventoryItemId, [...field, 'to']);
    if (bad) return bad;
    if (c.from.locationId !== c.to.locationId)
      return userError(
        field,
        'DIFFERENT_LOCATIONS',
        "The quantities can't be moved between different locations.",
      );
    if (c.from.name === c.to.name)
      return userError(field, 'SAME_QUANTITY_NAME', 'The quantity names for each change must be different.');
    const level = state.level(c.inventoryItemId, c.from.locationId) as Level;
    const from = c.from.name as MutableName;
    // Compare-and-swap: the caller states what it last read (null skips the check).
    if (c.from.changeFromQuantity != null && c.from.changeFromQuantity !== level.quantities[from])
      return staleError([...field, 'from', 'changeFromQuantity']);
    const to = c.to.name as MutableName;
    if (c.to.changeFromQuantity != null && c.to.changeFromQuantity !== level.quantities[to])
      return staleError([...field, 'to', 'changeFromQuantity']);
    const pending = steps
      .filter((s) => s.level === level && s.name === from)
      .reduce((n, s) => n + s.delta, 0);
    if (opts.refuseNegative() && level.quantities[from] + pending - c.quantity < 0) {
      return userError(
        [...field, 'quantity'],
        'INVALID_QUANTITY_NEGATIVE',
        "The quantity can't be negative.",
      );
    }
    steps.push({
      level,
      name: from,
      delta: -c.quantity,
      ledgerDocumentUri: c.from.ledgerDocumentUri ?? null,
    });
    steps.push({ level, name: to, delta: c.quantity, ledgerDocumentUri: c.to.ledgerDocumentUri ?? null });
  }
  return steps;
}

function adjustSteps(state: StockState, input: AdjustInput): Step[] | UserError {
  if (!isMutableName(input.name))
    return userError(['input', 'name'], 'INVALID_QUANTITY_NAME', 'The specified quantity name is invalid.');
  const steps: Step[] = [];
  for (const [i, c] of input.changes.entries()) {
    const field = ['input', 'changes', String(i)];
    if (!state.item(c.inventoryItemId)) return unknownItem(field);
    const bad = checkTerminal(
      state,
      { locationId: c.locationId, name: input.name, ledgerDocumentUri: c.ledgerDocumentUri },
      c.inventoryItemId,
      field,
    );
    if (bad) return bad;
    const level = state.level(c.inventoryItemId, c.locationId) as Level;
    if (c.changeFromQuantity != null && c.changeFromQuantity !== level.quantities[input.name])
      return staleError([...field, 'changeFromQuantity']);
    steps.push({ level, name: input.name, delta: c.delta, ledgerDocumentUri: c.ledgerDocumentUri ?? null });
  }
  return steps;
}

function apply(
  state: StockState,
  mutation: 'inventoryMoveQuantities' | 'inventoryAdjustQuantities',
  meta: { reason: string; referenceDocumentUri: string | null },
  steps: Step[],
): Outcome {
  const groupId = state.nextGroupId();
  const changes = steps.map((s) => {
    const quantityAfterChange = state.change(s.level, s.name, s.delta, {
      ...meta,
      groupId,
      mutation,
      ledgerDocumentUri: s.ledgerDocumentUri,
    });
    return {
      inventoryItemId: s.level.inventoryItemId,
      locationId: s.level.locationId,
      name: s.name,
      delta: s.delta,
      quantityAfterChange,
      ledgerDocumentUri: s.ledgerDocumentUri,
    };
  });
  return { group: { id: groupId, createdAt: new Date().toISOString(), ...meta, changes }, userErrors: [] };
}

/** inventoryMoveQuantities: validates every change, then applies all of them or none. */
export function moveQuantities(state: StockState, input: MoveInput, opts: MutationOptions): Outcome {
  const bad = checkReason(input.reason) ?? checkReference(input.referenceDocumentUri, true);
  if (bad) return { group: null, userErrors: [bad] };
  const steps = moveSteps(state, input, opts);
  if (!Array.isArray(steps)) return { group: null, userErrors: [steps] };
  return apply(
    state,
    'inventoryMoveQuantities',
    { reason: input.reason, referenceDocumentUri: input.referenceDocumentUri },
    steps,
  );
}

/** inventoryAdjustQuantities: deltas on one quantity name, with optional compare-and-swap. */
export function adjustQuantities(state: StockState, input: AdjustInput): Outcome {
  const bad = checkReason(input.reason) ?? checkReference(input.referenceDocumentUri, false);
  if (bad) return { group: null, userErrors: [bad] };
  const steps = adjustSteps(state, input);
  if (!Array.isArray(steps)) return { group: null, userErrors: [steps] };
  return apply(
    state,
    'inventoryAdjustQuantities',
    { reason: input.reason, referenceDocumentUri: input.referenceDocumentUri ?? null },
    steps,
  );
}

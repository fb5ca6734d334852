import { MUTABLE_NAMES, type MutableName } from './stock-state.ts';

export interface UserError {
  field: string[];
  message: string;
  code: string;
}

/** Reasons Shopify accepts for inventory changes (InventoryAdjustQuantitiesInput.reason). */
export const REASONS = new Set([
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_created',
  'movement_updated',
  'movement_received',
  'movement_canceled',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
]);

const URI = /^[a-z][a-z0-9+.-]*:\S+$/i;

export const userError = (field: string[], code: string, message: string): UserError => ({
  field,
  code,
  message,
});

export function isMutableName(name: string): name is MutableName {
  return (MUTABLE_NAMES as readonly string[]).includes(name);
}

/**
 * Shopify's ledger-document rules: `available` takes no ledger document; every other state
 * needs one, a non-Shopify URI (gid://shopify/… is refused as internal).
 */
export function checkLedgerDocument(
  name: string,
  uri: string | null | undefined,
  field: string[],
): UserError | undefined {
  if (name === 'available') {
    return uri
      ? userError(
          field,
          'INVALID_AVAILABLE_DOCUMENT',
          'A ledger document URI is not allowed when adjusting available.',
        )
      : undefined;
  }
  if (!uri) {
    return userError(
      field,
      'INVALID_QUANTITY_DOCUMENT',
      'A ledger document URI is required except when adjusting available.',
    );
  }
  if (uri.startsWith('gid://shopify/')) {
    return userError(
      field,
      'INTERNAL_LEDGER_DOCUMENT',
      'Internal (gid://shopify/) ledger documents are not allowed to be adjusted via API.',
    );
  }
  if (!URI.test(uri))
    return userError(field, 'INVALID_LEDGER_DOCUMENT', 'The specified ledger document is invalid.');
  return undefined;
}

export function checkReference(uri: string | null | undefined, required: boolean): UserError | undefined {
  if (!uri) {
    return required
      ? userError(
          ['input', 'referenceDocumentUri'],
          'INVALID_REFERENCE_DOCUMENT',
          'The specified reference document is invalid.',
        )
      : undefined;
  }
  if (!URI.test(uri) || uri.startsWith('gid://shopify/')) {
    return userError(
      ['input', 'referenceDocumentUri'],
      'INVALID_REFERENCE_DOCUMENT',
      'The specified reference document is invalid.',
    );
  }
  return undefined;
}

export function checkReason(reason: string): UserError | undefined {
  return REASONS.has(reason)
    ? undefined
    : userError(['input', 'reason'], 'INVALID_REASON', 'The specified reason is invalid.');
}

export const staleError = (field: string[]) =>
  userError(
    field,
    'CHANGE_FROM_QUANTITY_STALE',
    'The changeFromQuantity argument no longer matches the persisted quantity.',
  );

import express from 'express';
import { CENTRAL_LOCATION_ID } from '../catalog.ts';
import { type Level, onHand, type StockState } from './stock-state.ts';

/** A level as the control plane shows it: every quantity by name, keyed by SKU. */
export function levelSummary(state: StockState, l: Level) {
  return {
    sku: state.item(l.inventoryItemId)?.sku ?? null,
    inventoryItemId: l.inventoryItemId,
    locationId: l.locationId,
    available: l.quantities.available,
    reserved: l.quantities.reserved,
    committed: l.quantities.committed,
    on_hand: onHand(l.quantities),
    updatedAt: l.updatedAt,
  };
}

export interface InventoryControl {
  state: StockState;
  reset(): void;
  config: { refuseNegativeMoves: boolean };
}

/**
 * `/__sim/inventory`: levels per SKU, set the stock of a SKU (out-of-stock scenarios), the
 * ledger of moves, behaviour switches, and a reset to the catalog.
 */
export function inventoryControlPlane(ctl: InventoryControl): express.Router {
  const { state } = ctl;
  const r = express.Router();
  const levels = (sku?: string) =>
    state.entries
      .filter((e) => !sku || e.sku === sku)
      .flatMap((e) => state.levelsOf(e.inventoryItemId))
      .map((l) => levelSummary(state, l));

  r.get('/inventory/levels', (req, res) => {
    const locationId = typeof req.query.locationId === 'string' ? req.query.locationId : undefined;
    res.json(levels().filter((l) => !locationId || l.locationId === locationId));
  });
  r.get('/inventory/levels/:sku', (req, res) => {
    if (!state.sku(req.params.sku)) return void res.status(404).json({ error: 'unknown sku' });
    res.json(levels(req.params.sku));
  });
  r.put('/inventory/levels/:sku', express.json(), (req, res) => {
    const entry = state.sku(req.params.sku);
    const body = (req.body ?? {}) as { available?: unknown; locationId?: unknown };
    const level =
      entry &&
      state.level(
        entry.inventoryItemId,
        typeof body.locationId === 'string' ? body.locationId : CENTRAL_LOCATION_ID,
      );
    if (!level) return void res.status(404).json({ error: 'unknown sku or location' });
    if (typeof body.available !== 'number' || !Number.isInteger(body.available)) {
      return void res.status(400).json({ error: 'available must be an integer' });
    }
    const delta = body.available - level.quantities.available;
    state.change(level, 'available', delta, {
      groupId: state.nextGroupId(),
      mutation: 'control-plane',
      reason: 'correction',
      referenceDocumentUri: null,
      ledgerDocumentUri: null,
    });
    res.json(levelSummary(state, level));
  });
  r.get('/inventory/ledger', (req, res) => {
    const { sku, document } = req.query;
    res.json(
      state
        .ledger()
        .filter(
          (e) =>
            (typeof sku !== 'string' || e.sku === sku) &&
            (typeof document !== 'string' ||
              e.ledgerDocumentUri === document ||
              e.referenceDocumentUri === document),
        ),
    );
  });
  r.get('/inventory/config', (_req, res) => res.json(ctl.config));
  r.put('/inventory/config', express.json(), (req, res) => {
    const body = (req.body ?? {}) as { refuseNegativeMoves?: unknown };
    if (typeof body.refuseNegativeMoves === 'boolean')
      ctl.config.refuseNegativeMoves = body.refuseNegativeMoves;
    res.json(ctl.config);
  });
  r.post('/inventory/reset', (_req, res) => {
    ctl.reset();
    res.json({ ok: true });
  });
  return r;
}

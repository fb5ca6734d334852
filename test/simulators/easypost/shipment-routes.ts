import express from 'express';
import type { SimContext } from './context.ts';
import { notFound, sendError } from './errors.ts';
import { isoSeconds, newId } from './ids.ts';
import {
  type Json,
  newTracker,
  newTrackingCode,
  type Outcome,
  quoteRates,
  type Shipment,
  toAddress,
  toParcel,
} from './objects.ts';
import { bump } from './sim-state.ts';
import { listPage } from './paging.ts';

const MAGIC_OUTCOME = /\bsim:(failure|return_to_sender|delivered)\b/;

/** Bad addresses the courier cannot verify: ZIP 00000 or a street containing "undeliverable". */
function addressProblem(a: Json): string | undefined {
  if (!a.street1 || !a.zip) return 'Missing street1 or zip';
  if (String(a.zip) === '00000') return 'Invalid ZIP code';
  if (/undeliverable/i.test(String(a.street1))) return 'Address not found';
  return undefined;
}

function chooseOutcome(ctx: SimContext, reference: string | null, to: Json): Outcome {
  const forced = reference ? ctx.state.outcomes.get(reference) : undefined;
  if (forced) return forced;
  const magic = MAGIC_OUTCOME.exec(`${reference ?? ''} ${to.name ?? ''} ${to.street2 ?? ''}`);
  if (magic) return magic[1] as Outcome;
  const roll = ctx.random();
  if (roll < ctx.settings.failureRate) return 'failure';
  if (roll < ctx.settings.failureRate + ctx.settings.returnRate) return 'return_to_sender';
  return 'delivered';
}

function createShipment(ctx: SimContext, input: Json, res: express.Response) {
  const to = (input.to_address ?? {}) as Json;
  const from = (input.from_address ?? {}) as Json;
  const parcel = (input.parcel ?? {}) as Json;
  const problem = addressProblem(to) ?? addressProblem(from);
  if (problem) {
    ctx.state.stats.addressFailures += 1;
    const errors = [{ field: 'address', message: problem, suggestion: null }];
    return sendError(res, 422, 'ADDRESS.VERIFY.FAILURE', 'Unable to verify address.', errors);
  }
  if (!(Number(parcel.weight) > 0)) {
    const errors = [{ field: 'parcel.weight', message: 'must be greater than 0', suggestion: null }];
    return sendError(res, 422, 'PARCEL.INVALID', 'Invalid parcel.', errors);
  }
  const now = ctx.now();
  const id = newId('shp');
  const reference = typeof input.reference === 'string' ? input.reference : null;
  const toAddr = toAddress(to, now);
  const fromAddr = toAddress(from, now);
  const shipment: Shipment = {
    id,
    object: 'Shipment',
    mode: 'test',
    reference,
    status: 'unknown',
    to_address: toAddr,
    from_address: fromAddr,
    return_address: fromAddr,
    buyer_address: toAddr,
    parcel: toParcel(parcel, now),
    options: { currency: 'USD', ...((input.options as Json | undefined) ?? {}) },
    rates: quoteRates(id, from, to, Number(parcel.weight), now),
    selected_rate: null,
    postage_label: null,
    tracking_code: null,
    tracker: null,
    refund_status: null,
    is_return: false,
    messages: [],
    fees: [],
    created_at: isoSeconds(now),
    updated_at: isoSeconds(now),
  };
  ctx.state.shipments.set(id, shipment);
  ctx.state.plannedOutcome.set(id, chooseOutcome(ctx, reference, to));
  ctx.state.stats.shipmentsCreated += 1;
  res.status(201).json(shipment);
}

function buy(ctx: SimContext, shipment: Shipment, rateId: unknown, res: express.Response) {
  const { stats } = ctx.state;
  stats.buyAttempts += 1;
  if (shipment.postage_label) {
    stats.buyRejectedPostageExists += 1;
    return sendError(res, 422, 'SHIPMENT.POSTAGE.EXISTS', 'Postage already exists for this shipment.');
  }
  const rate = shipment.rates.find((r) => r.id === rateId);
  if (!rate)
    return sendError(res, 422, 'SHIPMENT.RATE.INVALID', 'The rate does not belong to this shipment.');
  const now = ctx.now();
  const code = newTrackingCode(String(rate.carrier));
  const labelId = newId('pl');
  shipment.selected_rate = rate;
  shipment.tracking_code = code;
  shipment.postage_label = {
    id: labelId,
    object: 'PostageLabel',
    label_url: `${ctx.settings.labelBaseUrl}/${labelId}.png`,
    label_file_type: 'image/png',
    label_size: '4x6',
    label_resolution: 300,
    label_date: isoSeconds(now),
    created_at: isoSeconds(now),
    updated_at: isoSeconds(now),
  };
  const tracker = newTracker({
    trackingCode: code,
    carrier: String(rate.carrier),
    shipmentId: shipment.id,
    deliveryDays: Number(rate.delivery_days ?? 3),
    publicBaseUrl: ctx.settings.publicTrackingBaseUrl,
    now,
  });
  const outcome = ctx.state.plannedOutcome.get(shipment.id) ?? 'delivered';
  shipment.tracker = ctx.trackers.add(tracker, outcome, {
    origin: shipment.from_address,
    destination: shipment.to_address,
  });
  shipment.updated_at = isoSeconds(now);
  stats.labelsBought += 1;
  bump(stats.labelsByReference, shipment.reference);
  answerBuy(ctx, shipment, res);
}

/** The label is bought either way; a configured buy behaviour only delays or loses the answer. */
function answerBuy(ctx: SimContext, shipment: Shipment, res: express.Response): void {
  const b = ctx.state.buyBehaviour;
  if (!b || b.count <= 0) {
    res.json(shipment);
    return;
  }
  b.count -= 1;
  if (b.count <= 0) ctx.state.buyBehaviour = undefined;
  if (b.delayMs === undefined) return; // never answer: the client's timeout fires
  setTimeout(() => {
    if (!res.writableEnded && !res.req.socket.destroyed) res.json(shipment);
  }, b.delayMs).unref();
}

function refund(ctx: SimContext, shipment: Shipment, res: express.Response) {
  const { stats } = ctx.state;
  if (!shipment.postage_label) {
    return sendError(
      res,
      422,
      'SHIPMENT.REFUND.UNAVAILABLE',
      'No postage has been purchased for this shipment.',
    );
  }
  if (shipment.refund_status) return void res.json(shipment);
  const scanned = shipment.tracker && !['unknown', 'pre_transit'].includes(shipment.tracker.status);
  // The carrier refuses refunds for parcels it has scanned (https://docs.easypost.com/docs/shipments/shipping-refund).
  if (scanned) {
    shipment.refund_status = 'rejected';
    stats.refundsRejected += 1;
    return void res.json(shipment);
  }
  shipment.refund_status = 'submitted';
  stats.refundsSubmitted += 1;
  bump(stats.refundsByReference, shipment.reference);
  if (shipment.tracker) ctx.trackers.stop(shipment.tracker.id);
  setTimeout(() => {
    if (shipment.refund_status !== 'submitted') return;
    shipment.refund_status = 'refunded';
    stats.refundsRefunded += 1;
  }, ctx.settings.trackerStepMs).unref();
  res.json(shipment);
}

/** `/v2/shipments`: create, list, retrieve, buy, refund. */
export function shipmentRoutes(ctx: SimContext): express.Router {
  const r = express.Router();
  const find = (id: string) => {
    const s = ctx.state.shipments.get(id);
    // Retrieve reads the tracker's latest state, as the real API embeds it.
    if (s?.tracker) s.tracker = ctx.trackers.get(s.tracker.id) ?? s.tracker;
    return s;
  };
  r.post('/shipments', (req, res) => {
    const input = (req.body as Json | undefined)?.shipment as Json | undefined;
    if (!input) return sendError(res, 422, 'PARAMETER.REQUIRED', 'Missing required parameter: shipment.');
    createShipment(ctx, input, res);
  });
  r.get('/shipments', (req, res) => {
    const purchased = req.query.purchased;
    let items = [...ctx.state.shipments.values()];
    if (purchased === 'true') items = items.filter((s) => s.postage_label);
    if (purchased === 'false') items = items.filter((s) => !s.postage_label);
    const { page, hasMore } = listPage(items, req.query);
    res.json({ shipments: page.map((s) => find(s.id)), has_more: hasMore });
  });
  r.get('/shipments/:id', (req, res) => {
    const s = find(req.params.id);
    if (!s) return notFound(res, 'shipment');
    res.json(s);
  });
  r.post('/shipments/:id/buy', (req, res) => {
    const s = find(req.params.id);
    if (!s) return notFound(res, 'shipment');
    buy(ctx, s, ((req.body as Json | undefined)?.rate as Json | undefined)?.id, res);
  });
  r.post('/shipments/:id/refund', (req, res) => {
    const s = find(req.params.id);
    if (!s) return notFound(res, 'shipment');
    refund(ctx, s, res);
  });
  return r;
}

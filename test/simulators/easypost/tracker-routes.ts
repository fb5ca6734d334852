import express from 'express';
import type { SimContext } from './context.ts';
import { notFound, sendError } from './errors.ts';
import { type Json, newTracker, type Outcome } from './objects.ts';
import { listPage } from './paging.ts';

/** EasyPost's test tracking codes: EZ1000000001 … EZ7000000007 pin a status (https://docs.easypost.com/docs/trackers). */
const TEST_CODES: Record<string, [first: string, outcome: Outcome]> = {
  '1': ['pre_transit', 'delivered'],
  '2': ['in_transit', 'delivered'],
  '3': ['out_for_delivery', 'delivered'],
  '4': ['delivered', 'delivered'],
  '5': ['return_to_sender', 'return_to_sender'],
  '6': ['failure', 'failure'],
  '7': ['unknown', 'delivered'],
};

const NOWHERE: Json = { city: null, state: null, country: 'US', zip: null };

/** `/v2/trackers`: create (idempotent per tracking code), list (by tracking_code), retrieve. */
export function trackerRoutes(ctx: SimContext): express.Router {
  const r = express.Router();
  r.post('/trackers', (req, res) => {
    const input = (req.body as Json | undefined)?.tracker as Json | undefined;
    const code = typeof input?.tracking_code === 'string' ? input.tracking_code : '';
    if (!code) return sendError(res, 422, 'PARAMETER.REQUIRED', 'Missing required parameter: tracking_code.');
    const existing = ctx.trackers.byCode(code);
    if (existing) return void res.json(existing);
    const [first, outcome] = TEST_CODES[/^EZ(\d)0{8}\1$/.exec(code)?.[1] ?? ''] ?? [
      'pre_transit',
      'delivered',
    ];
    const tracker = newTracker({
      trackingCode: code,
      carrier: typeof input?.carrier === 'string' ? input.carrier : 'USPS',
      shipmentId: null,
      deliveryDays: 3,
      publicBaseUrl: ctx.settings.publicTrackingBaseUrl,
      now: ctx.now(),
    });
    res
      .status(201)
      .json(ctx.trackers.add(tracker, outcome, { origin: NOWHERE, destination: NOWHERE }, first));
  });
  r.get('/trackers', (req, res) => {
    let items = ctx.trackers.all();
    if (typeof req.query.tracking_code === 'string')
      items = items.filter((t) => t.tracking_code === req.query.tracking_code);
    if (typeof req.query.carrier === 'string') items = items.filter((t) => t.carrier === req.query.carrier);
    const { page, hasMore } = listPage(items, req.query);
    res.json({ trackers: page, has_more: hasMore });
  });
  r.get('/trackers/:id', (req, res) => {
    const t = ctx.trackers.get(req.params.id);
    if (!t) return notFound(res, 'tracker');
    res.json(t);
  });
  return r;
}

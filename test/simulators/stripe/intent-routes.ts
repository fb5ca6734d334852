import express from 'express';
import { createIntent } from './create-intent.ts';
import type { PaymentIntent } from './objects.ts';
import {
  cancelIntent,
  captureIntent,
  confirmIntent,
  getIntent,
  type IntentContext,
} from './intent-machine.ts';
import {
  boolParam,
  checkParams,
  enumParam,
  expandParam,
  intParam,
  metadataParam,
  type Params,
  requireParam,
  stringParam,
} from './params.ts';
import { parseIntentQuery } from './search.ts';
import type { SimHandler } from './sim-route.ts';
import { type EmitEvent, listPage, type SimState } from './state.ts';

const CONFIRM = [
  'payment_method',
  'return_url',
  'off_session',
  'error_on_requires_action',
  'receipt_email',
  'setup_future_usage',
  'payment_method_options',
  'capture_method',
  'use_stripe_sdk',
  'shipping',
];
const CAPTURE = [
  'amount_to_capture',
  'metadata',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'final_capture',
  'application_fee_amount',
];
const CANCEL_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;
export function intentRoutes(deps: {
  state: () => SimState;
  emit: EmitEvent;
  route: (h: SimHandler) => express.RequestHandler;
}) {
  const { route, emit } = deps;
  const ctx = (info: IntentContext['req']): IntentContext => ({ state: deps.state(), emit, req: info });
  const view = (pi: PaymentIntent, params: Params, prefix = '') => {
    const expand = expandParam(params);
    if (!expand.includes(`${prefix}latest_charge`) || !pi.latest_charge) return pi;
    return { ...pi, latest_charge: deps.state().charges.get(pi.latest_charge) ?? pi.latest_charge };
  };

  const r = express.Router();
  r.post(
    '/v1/payment_intents',
    route((p, info) => view(createIntent(deps, p, info), p)),
  );
  r.get(
    '/v1/payment_intents/search',
    route((p) => {
      const match = parseIntentQuery(String(requireParam(p, 'query')));
      const data = [...deps.state().intents.values()]
        .filter(match)
        .reverse()
        .slice(0, intParam(p, 'limit') ?? 10);
      return {
        object: 'search_result',
        data: data.map((pi) => view(pi, p, 'data.')),
        has_more: false,
        next_page: null,
        url: '/v1/payment_intents/search',
      };
    }),
  );
  r.get(
    '/v1/payment_intents',
    route((p) => {
      const customer = stringParam(p, 'customer');
      const all = [...deps.state().intents.values()].filter((pi) => !customer || pi.customer === customer);
      const page = listPage(all, {
        limit: intParam(p, 'limit'),
        startingAfter: stringParam(p, 'starting_after'),
        url: '/v1/payment_intents',
      });
      return { ...page, data: page.data.map((pi) => view(pi, p, 'data.')) };
    }),
  );
  r.get(
    '/v1/payment_intents/:id',
    route((p, _i, req) => view(getIntent(deps.state(), String(req.params.id)), p)),
  );
  r.post(
    '/v1/payment_intents/:id',
    route((p, _i, req) => {
      checkParams(p, ['description', 'metadata', 'receipt_email']);
      const pi = getIntent(deps.state(), String(req.params.id));
      if (p.description !== undefined) pi.description = stringParam(p, 'description') ?? null;
      pi.metadata = { ...pi.metadata, ...metadataParam(p) };
      return view(pi, p);
    }),
  );
  r.post(
    '/v1/payment_intents/:id/confirm',
    route((p, info, req) => {
      checkParams(p, CONFIRM);
      const pi = getIntent(deps.state(), String(req.params.id));
      const pm = stringParam(p, 'payment_method');
      if (pm) pi.payment_method = pm;
      confirmIntent(ctx(info), pi, { errorOnAction: boolParam(p, 'error_on_requires_action') });
      return view(pi, p);
    }),
  );
  r.post(
    '/v1/payment_intents/:id/capture',
    route((p, info, req) => {
      checkParams(p, CAPTURE);
      const pi = getIntent(deps.state(), String(req.params.id));
      captureIntent(ctx(info), pi, intParam(p, 'amount_to_capture'));
      return view(pi, p);
    }),
  );
  r.post(
    '/v1/payment_intents/:id/cancel',
    route((p, info, req) => {
      checkParams(p, ['cancellation_reason']);
      const pi = getIntent(deps.state(), String(req.params.id));
      cancelIntent(ctx(info), pi, enumParam(p, 'cancellation_reason', CANCEL_REASONS) ?? null);
      return view(pi, p);
    }),
  );
  return r;
}

import express from 'express';
import { invalidRequest, notFound, parameterError } from './errors.ts';
import { newId, nowSeconds } from './ids.ts';
import { getIntent } from './intent-machine.ts';
import { bump, type Charge, type Refund } from './objects.ts';
import {
  checkParams,
  enumParam,
  expandParam,
  intParam,
  metadataParam,
  type Params,
  stringParam,
} from './params.ts';
import type { SimHandler } from './sim-route.ts';
import { type EmitEvent, listPage, type RequestInfo, type SimState } from './state.ts';

const CREATE = [
  'amount',
  'charge',
  'payment_intent',
  'reason',
  'metadata',
  'instructions_email',
  'refund_application_fee',
  'reverse_transfer',
  'origin',
];

/** Refunds (https://docs.stripe.com/api/refunds): partial or full, only of captured money. */
export function refundRoutes(deps: {
  state: () => SimState;
  emit: EmitEvent;
  route: (h: SimHandler) => express.RequestHandler;
}) {
  const { route } = deps;

  function chargeFor(params: Params): Charge {
    const state = deps.state();
    const chargeId = stringParam(params, 'charge');
    const intentId = stringParam(params, 'payment_intent');
    if (!chargeId && !intentId)
      throw parameterError(
        'One of the following params should be provided for this request: payment_intent or charge.',
        'parameter_missing',
      );
    if (chargeId) {
      const charge = state.charges.get(chargeId);
      if (!charge) throw notFound('charge', chargeId, 'charge');
      return charge;
    }
    const pi = getIntent(state, intentId as string);
    const charge = pi.latest_charge ? state.charges.get(pi.latest_charge) : undefined;
    if (!charge?.captured) {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
        code: 'charge_not_refundable',
      });
    }
    return charge;
  }

  function create(params: Params, info: RequestInfo): Refund {
    checkParams(params, CREATE);
    const charge = chargeFor(params);
    const remaining = charge.amount_captured - charge.amount_refunded;
    if (remaining <= 0)
      throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
        code: 'charge_already_refunded',
      });
    const amount = intParam(params, 'amount') ?? remaining;
    if (amount > remaining || amount < 1) {
      throw invalidRequest(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
        { code: 'amount_too_large', param: 'amount' },
      );
    }
    const refund: Refund = {
      id: newId('re'),
      object: 'refund',
      amount,
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      metadata: metadataParam(params) ?? {},
      payment_intent: charge.payment_intent,
      reason: enumParam(params, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer']) ?? null,
      status: 'succeeded',
    };
    const state = deps.state();
    state.refunds.set(refund.id, refund);
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount_captured;
    state.stats.refunds += 1;
    bump(state.stats.refundsByOrder, charge.metadata.order_id);
    bump(state.stats.refundedAmountByOrder, charge.metadata.order_id, amount);
    deps.emit('refund.created', refund, info);
    deps.emit('charge.refunded', charge, info, previous);
    return refund;
  }

  const view = (refund: Refund, params: Params) => {
    const expand = expandParam(params);
    const state = deps.state();
    return {
      ...refund,
      ...(expand.includes('charge') ? { charge: state.charges.get(refund.charge) } : {}),
      ...(expand.includes('payment_intent')
        ? { payment_intent: state.intents.get(refund.payment_intent) }
        : {}),
    };
  };

  const r = express.Router();
  r.post(
    '/v1/refunds',
    route((p, info) => view(create(p, info), p)),
  );
  r.get(
    '/v1/refunds',
    route((p) => {
      const pi = stringParam(p, 'payment_intent');
      const charge = stringParam(p, 'charge');
      const all = [...deps.state().refunds.values()].filter(
        (x) => (!pi || x.payment_intent === pi) && (!charge || x.charge === charge),
      );
      return listPage(all, {
        limit: intParam(p, 'limit'),
        startingAfter: stringParam(p, 'starting_after'),
        url: '/v1/refunds',
      });
    }),
  );
  r.get(
    '/v1/refunds/:id',
    route((p, _i, req) => {
      const refund = deps.state().refunds.get(String(req.params.id));
      if (!refund) throw notFound('refund', String(req.params.id));
      return view(refund, p);
    }),
  );
  r.get(
    '/v1/charges/:id',
    route((_p, _i, req) => {
      const charge = deps.state().charges.get(String(req.params.id));
      if (!charge) throw notFound('charge', String(req.params.id));
      return charge;
    }),
  );
  return r;
}

import express from 'express';
import { notFound } from './errors.ts';
import { newId, nowSeconds } from './ids.ts';
import type { Customer } from './objects.ts';
import { checkParams, intParam, metadataParam, stringParam } from './params.ts';
import type { SimHandler } from './sim-route.ts';
import { listPage, type SimState } from './state.ts';

/** Customers, as far as a PaymentIntent's `customer` needs them. */
export function customerRoutes(deps: {
  state: () => SimState;
  route: (h: SimHandler) => express.RequestHandler;
}) {
  const { route } = deps;
  const get = (id: string) => {
    const c = deps.state().customers.get(id);
    if (!c) throw notFound('customer', id);
    return c;
  };
  const r = express.Router();
  r.post(
    '/v1/customers',
    route((p) => {
      checkParams(p, ['email', 'name', 'description', 'metadata', 'phone', 'address', 'payment_method']);
      const customer: Customer = {
        id: newId('cus', 14),
        object: 'customer',
        created: nowSeconds(),
        description: stringParam(p, 'description') ?? null,
        email: stringParam(p, 'email') ?? null,
        livemode: false,
        metadata: metadataParam(p) ?? {},
        name: stringParam(p, 'name') ?? null,
      };
      deps.state().customers.set(customer.id, customer);
      return customer;
    }),
  );
  r.get(
    '/v1/customers',
    route((p) => {
      const email = stringParam(p, 'email');
      const all = [...deps.state().customers.values()].filter((c) => !email || c.email === email);
      return listPage(all, {
        limit: intParam(p, 'limit'),
        startingAfter: stringParam(p, 'starting_after'),
        url: '/v1/customers',
      });
    }),
  );
  r.get(
    '/v1/customers/:id',
    route((_p, _i, req) => get(String(req.params.id))),
  );
  return r;
}

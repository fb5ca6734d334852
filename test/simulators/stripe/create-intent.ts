import { invalidRequest, parameterError } from './errors.ts';
import { newId, nowSeconds } from './ids.ts';
import { confirmIntent } from './intent-machine.ts';
import { bump, type PaymentIntent } from './objects.ts';
import {
  boolParam,
  checkParams,
  enumParam,
  intParam,
  metadataParam,
  type Params,
  requireParam,
  stringParam,
} from './params.ts';
import type { EmitEvent, RequestInfo, SimState } from './state.ts';

export interface IntentDeps {
  state: () => SimState;
  emit: EmitEvent;
}

const CREATE = [
  'amount',
  'currency',
  'capture_method',
  'confirm',
  'customer',
  'description',
  'metadata',
  'payment_method',
  'payment_method_types',
  'allowed_payment_method_types',
  'automatic_payment_methods',
  'receipt_email',
  'return_url',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'setup_future_usage',
  'off_session',
  'confirmation_method',
  'shipping',
  'transfer_group',
  'error_on_requires_action',
  'payment_method_options',
  'use_stripe_sdk',
];
// Stripe's minimum charge amounts (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts), a few currencies.
const MINIMUM: Record<string, number> = { usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50, chf: 50 };

/** POST /v1/payment_intents: validates like Stripe, stores, and confirms when `confirm=true`. */
export function createIntent(deps: IntentDeps, params: Params, info: RequestInfo): PaymentIntent {
  const { emit } = deps;
  checkParams(params, CREATE);
  const amount = intParam(params, 'amount') ?? (requireParam(params, 'amount') as never);
  const currency = String(requireParam(params, 'currency')).toLowerCase();
  if (!/^[a-z]{3}$/.test(currency))
    throw parameterError(`Invalid currency: ${currency}.`, 'parameter_invalid_string', 'currency');
  const minimum = MINIMUM[currency] ?? 1;
  if (amount < minimum)
    throw invalidRequest(`Amount must be at least ${minimum} ${currency}`, {
      code: 'amount_too_small',
      param: 'amount',
    });
  const customer = stringParam(params, 'customer') ?? null;
  if (customer && !deps.state().customers.has(customer))
    throw invalidRequest(`No such customer: '${customer}'`, {
      code: 'resource_missing',
      param: 'customer',
    });
  // `allowed_payment_method_types` is the 2026 name of `payment_method_types`; both narrow the methods.
  const types = (params.allowed_payment_method_types ?? params.payment_method_types) as string[] | undefined;
  const automatic = params.automatic_payment_methods as
    | { enabled?: string; allow_redirects?: string }
    | undefined;
  const id = newId('pi');
  const pi: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount,
    amount_capturable: 0,
    amount_received: 0,
    automatic_payment_methods: types
      ? null
      : { enabled: true, allow_redirects: automatic?.allow_redirects ?? 'always' },
    canceled_at: null,
    cancellation_reason: null,
    capture_method:
      enumParam(params, 'capture_method', ['automatic', 'automatic_async', 'manual']) ?? 'automatic_async',
    client_secret: `${id}_secret_${newId('x', 25).slice(2)}`,
    confirmation_method: 'automatic',
    created: nowSeconds(),
    currency,
    customer,
    description: stringParam(params, 'description') ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: metadataParam(params) ?? {},
    next_action: null,
    payment_method: stringParam(params, 'payment_method') ?? null,
    allowed_payment_method_types: types ? Object.values(types).map(String) : null,
    payment_method_types: types ? Object.values(types).map(String) : ['card'],
    receipt_email: stringParam(params, 'receipt_email') ?? null,
    return_url: stringParam(params, 'return_url') ?? null,
    status: 'requires_payment_method',
  };
  if (pi.payment_method) pi.status = 'requires_confirmation';
  const confirm = boolParam(params, 'confirm') ?? false;
  // Real Stripe refuses to confirm a dashboard-managed intent that might redirect without a return_url.
  if (
    confirm &&
    pi.automatic_payment_methods &&
    pi.automatic_payment_methods.allow_redirects !== 'never' &&
    !pi.return_url
  ) {
    throw invalidRequest(
      'This PaymentIntent is configured to accept payment methods enabled in your Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents. If you do want to accept redirect-based payment methods, set the `return_url` parameter when confirming the PaymentIntent.',
    );
  }
  const state = deps.state();
  state.intents.set(id, pi);
  state.stats.creates += 1;
  bump(state.stats.createsByOrder, pi.metadata.order_id);
  emit('payment_intent.created', pi, info);
  if (confirm)
    confirmIntent({ state: deps.state(), emit, req: info }, pi, {
      errorOnAction: boolParam(params, 'error_on_requires_action'),
    });
  return pi;
}

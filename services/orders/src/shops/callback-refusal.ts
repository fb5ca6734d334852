import { type AppError, Forbidden, SignatureInvalid, ValidationFailed } from '@commerce-sync/errors';
import {
  BotActivityDetected,
  CookieNotFound,
  HttpResponseError,
  InvalidHmacError,
  InvalidOAuthError,
  InvalidShopError,
} from '@shopify/shopify-api';

const RESTART = 'Start the install again from GET /shopify/install?shop=<shop>.myshopify.com.';

/**
 * The library's refusals of an install callback, as our errors (problem+json 4xx); anything
 * else is not a refusal and is rethrown as it is.
 */
export function callbackRefusal(err: unknown): AppError | undefined {
  if (err instanceof InvalidShopError)
    return new ValidationFailed('The shop is not a *.myshopify.com domain', {
      fields: [{ field: 'query:shop', message: 'a *.myshopify.com domain is required' }],
    });
  if (err instanceof CookieNotFound)
    return new Forbidden('No install was started from this browser (state cookie missing)', {
      help: RESTART,
    });
  // The library does not tell a bad HMAC from a state that is not the cookie's.
  if (err instanceof InvalidOAuthError)
    return new SignatureInvalid('The callback HMAC or state does not verify', { help: RESTART });
  if (err instanceof InvalidHmacError)
    return new SignatureInvalid('The callback HMAC is missing or its timestamp is too old', {
      help: RESTART,
    });
  if (err instanceof BotActivityDetected) return new Forbidden('Install callbacks from bots are refused');
  if (err instanceof HttpResponseError && err.response.code >= 400 && err.response.code < 500)
    return new Forbidden('Shopify refused the authorization code (already used or expired)', {
      help: RESTART,
      api: 'shopify',
      upstreamStatus: err.response.code,
    });
  return undefined;
}

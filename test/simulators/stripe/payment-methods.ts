/**
 * Stripe's test PaymentMethods (https://docs.stripe.com/testing#cards) and what confirming
 * with each does. Real test mode accepts the same ids, so the service code is unchanged.
 */
export type CardBehaviour =
  | { outcome: 'succeed' }
  | { outcome: 'action' }
  | { outcome: 'decline'; code: string; declineCode: string; message: string };

const decline = (code: string, declineCode: string, message: string): CardBehaviour => ({
  outcome: 'decline',
  code,
  declineCode,
  message,
});

export const TEST_PAYMENT_METHODS: Record<string, CardBehaviour> = {
  pm_card_visa: { outcome: 'succeed' },
  pm_card_visa_debit: { outcome: 'succeed' },
  pm_card_mastercard: { outcome: 'succeed' },
  pm_card_amex: { outcome: 'succeed' },
  pm_card_chargeDeclined: decline('card_declined', 'generic_decline', 'Your card was declined.'),
  pm_card_chargeDeclinedInsufficientFunds: decline(
    'card_declined',
    'insufficient_funds',
    'Your card has insufficient funds.',
  ),
  pm_card_chargeDeclinedLostCard: decline('card_declined', 'lost_card', 'Your card was declined.'),
  pm_card_chargeDeclinedStolenCard: decline('card_declined', 'stolen_card', 'Your card was declined.'),
  pm_card_chargeDeclinedFraudulent: decline('card_declined', 'fraudulent', 'Your card was declined.'),
  pm_card_chargeDeclinedExpiredCard: decline('expired_card', 'expired_card', 'Your card has expired.'),
  pm_card_chargeDeclinedIncorrectCvc: decline(
    'incorrect_cvc',
    'incorrect_cvc',
    "Your card's security code is incorrect.",
  ),
  pm_card_chargeDeclinedProcessingError: decline(
    'processing_error',
    'processing_error',
    'An error occurred while processing your card. Try again in a little bit.',
  ),
  pm_card_authenticationRequired: { outcome: 'action' },
  pm_card_threeDSecure2Required: { outcome: 'action' },
};

import { bankFaultOf, cardFaultOf } from './connector-error';

it('takes the connector’s refusals of what the caller keyed, and declines, for the card’s fault, whatever their case, each told as what it is', () => {
  expect(['invalid_number', 'card_expired', 'invalid_cvc', 'invalid_postal_code', 'INSUFFICIENT_FUNDS', 'GENERIC_DECLINE', ' invalid_number ', 'expired_card'].map(cardFaultOf)).toEqual([
    'phone.cardNumberInvalid',
    'phone.cardExpired',
    'phone.cardCodeInvalid',
    'phone.cardPostalInvalid',
    'payment.insufficientFunds',
    'payment.declined',
    'phone.cardNumberInvalid',
    'phone.cardExpired',
  ]);
});

it('takes any other code, or none, for no card’s fault: the connector’s own failures, and codes it has not learnt', () => {
  expect(['', 'invalid_credentials', 'processor_timeout', 'internal_error', '503', 'invalid_request', 'transaction_id_reused', 'something_new'].map(cardFaultOf)).toEqual([
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ]);
});

it('takes a bank account’s numbers and its holder’s name refused for what the caller can act on, and the account type for the line’s own fault', () => {
  expect(['invalid_routing_number', 'invalid_account_number', 'invalid_holder_name', 'invalid_account_type', 'invalid_credentials'].map(bankFaultOf)).toEqual([
    'phone.bankRoutingInvalid',
    'phone.bankAccountNumberInvalid',
    'phone.bankHolderNameRefused',
    null,
    null,
  ]);
});

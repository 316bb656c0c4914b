import fc from 'fast-check';
import { abaRoutingValid, cardBrandOf, luhnValid } from './card-checks';
import { BRAND_NAMES, FORM_MESSAGES } from './hosted-fields-messages';
import { bankProblems, brandOf, cardProblems, parseExpiry, passesLuhn, routingNumberValid, type ClientConfig } from './hosted-fields-script';
import { SANDBOX_BANK, SANDBOX_TEST_CARDS } from './test-numbers';

/*
 * The form's own checks run in the browser and cannot import the sandbox's server-side checks;
 * these properties hold them to card-checks.ts, which POST /v1/tokens uses.
 */

const digitStrings = fc.oneof(
  fc.stringMatching(/^\d{1,19}$/),
  // Prefixes where the brands begin and end, so the ranges' edges are tried.
  fc
    .tuple(fc.constantFrom('4', '34', '37', '50', '51', '55', '56', '2220', '2221', '2720', '2721', '6011', '6012', '643', '644', '649', '65', '66'), fc.stringMatching(/^\d{0,15}$/))
    .map(([prefix, rest]) => prefix + rest),
);

describe('the form’s checks agree with the sandbox’s own server-side checks', () => {
  it('Luhn', () => {
    fc.assert(fc.property(digitStrings, (digits) => passesLuhn(digits) === luhnValid(digits)));
    for (const number of Object.values(SANDBOX_TEST_CARDS)) expect(passesLuhn(number)).toBe(true);
  });

  it('card brand from the leading digits', () => {
    fc.assert(fc.property(digitStrings, (digits) => brandOf(digits) === cardBrandOf(digits)));
  });

  it('ABA routing numbers', () => {
    const routing = fc.oneof(fc.stringMatching(/^\d{9}$/), fc.constantFrom(SANDBOX_BANK.routingNumber, '021000021', '011000015', '800000008'), fc.string());
    fc.assert(fc.property(routing, (value) => routingNumberValid(value) === abaRoutingValid(value)));
  });
});

const config: ClientConfig = {
  origin: 'https://pay.example',
  kind: 'CARD',
  brands: ['VISA', 'MASTERCARD', 'AMERICAN_EXPRESS'],
  brandNames: BRAND_NAMES,
  messages: FORM_MESSAGES.en,
  tokensUrl: '/v1/tokens',
};
const today = { year: 2026, month: 3 };
const visa = { number: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '73069', holderName: 'Ada Lovelace' };
const fieldsOf = (problems: readonly { field: string; code: string }[]) => problems.map(({ field, code }) => `${field}:${code}`);

describe('card problems', () => {
  it('finds none in a good card, and one per field in an empty form', () => {
    expect(cardProblems(visa, config, today)).toEqual([]);
    expect(fieldsOf(cardProblems({ number: '', expiry: '', cvc: '', postalCode: '', holderName: ' ' }, config, today))).toEqual([
      'number:required',
      'expiry:required',
      'cvc:required',
      'postalCode:required',
      'holderName:required',
    ]);
  });

  it('refuses a brand the merchant does not take by name, in the page’s language', () => {
    const discover = { ...visa, number: SANDBOX_TEST_CARDS.discover };
    expect(cardProblems(discover, config, today)).toEqual([{ field: 'number', code: 'brand_not_accepted', message: 'Discover is not accepted.' }]);
    expect(cardProblems(discover, { ...config, messages: FORM_MESSAGES.es }, today)[0]?.message).toBe('No se acepta Discover.');
    // Known from the first digits, before the number is complete.
    expect(cardProblems({ ...discover, number: '6011' }, config, today)[0]?.code).toBe('brand_not_accepted');
  });

  it('wants 4 security digits on American Express and 3 on the others', () => {
    const amex = { ...visa, number: SANDBOX_TEST_CARDS.americanExpress };
    expect(cardProblems({ ...amex, cvc: '123' }, config, today)).toEqual([{ field: 'cvc', code: 'invalid', message: 'Enter the 4-digit security code.' }]);
    expect(cardProblems({ ...amex, cvc: '1234' }, config, today)).toEqual([]);
    expect(fieldsOf(cardProblems({ ...visa, cvc: '1234' }, config, today))).toEqual(['cvc:invalid']);
  });

  it('reads expiry dates as people write them, and refuses a month that has ended', () => {
    expect(parseExpiry('12/30')).toEqual({ month: 12, year: 2030 });
    expect(parseExpiry(' 3 / 2031 ')).toEqual({ month: 3, year: 2031 });
    expect(parseExpiry('1230')).toEqual({ month: 12, year: 2030 });
    expect(parseExpiry('13/30')).toBeNull();
    expect(parseExpiry('12/3')).toBeNull();
    expect(fieldsOf(cardProblems({ ...visa, expiry: '02/26' }, config, today))).toEqual(['expiry:expired']);
    expect(cardProblems({ ...visa, expiry: '03/26' }, config, today)).toEqual([]);
  });

  it('tells a mistyped number from an unsupported network', () => {
    expect(fieldsOf(cardProblems({ ...visa, number: '4242 4242 4242 4241' }, config, today))).toEqual(['number:invalid']);
    expect(fieldsOf(cardProblems({ ...visa, number: '3530111333300000' }, config, today))).toEqual(['number:brand_not_supported']);
  });
});

describe('bank account problems', () => {
  const account = { routingNumber: SANDBOX_BANK.routingNumber, accountNumber: SANDBOX_BANK.accounts.settles, accountType: 'CHECKING', holderName: 'Ada Lovelace' };
  const bankConfig = { ...config, kind: 'BANK_ACCOUNT' as const };

  it('checks the routing number’s checksum, the account number’s length, the type and the holder', () => {
    expect(bankProblems(account, bankConfig)).toEqual([]);
    expect(fieldsOf(bankProblems({ routingNumber: '110000001', accountNumber: '123', accountType: '', holderName: '' }, bankConfig))).toEqual([
      'routingNumber:invalid',
      'accountNumber:invalid',
      'accountType:required',
      'holderName:required',
    ]);
  });
});

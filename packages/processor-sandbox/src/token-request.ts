import { abaRoutingValid, cardBrandOf, cardUnexpired, cvcValid, luhnValid } from './card-checks';
import { fingerprintOf, type BankInstrument, type CardInstrument, type Instrument } from './instrument';
import { invalid, type Parsed, type Reply } from './reply';
import { isJsonObject, parseText, type JsonObject } from './request-fields';
import { bankAccountStanding, networkDeclineFor } from './test-numbers';

/*
 * What the hosted form posts, checked as a real tokenizer checks it. The
 * first fault is reported with the field it belongs to. Messages never
 * repeat the number that was sent.
 */

const HOLDER_NAME_MAX = 100;

export function parseTokenRequest(body: unknown, now: Date, fingerprintSalt: Buffer): Parsed<Instrument> {
  if (isJsonObject(body) && 'number' in body) return parseCard(body, now, fingerprintSalt);
  if (isJsonObject(body) && 'routingNumber' in body) return parseBankAccount(body, fingerprintSalt);
  return refuse('invalid_request', 'Send a card (number, expMonth, expYear, cvc, postalCode) or a bank account (routingNumber, accountNumber, accountType, holderName).', null);
}

function parseCard(body: JsonObject, now: Date, fingerprintSalt: Buffer): Parsed<CardInstrument> {
  // People type card numbers in groups; the digits are what count.
  const number = typeof body.number === 'string' ? body.number.replace(/[ -]/g, '') : '';
  if (!/^\d{13,19}$/.test(number) || !luhnValid(number)) return refuse('invalid_number', 'The card number is not valid.', 'number');
  const brand = cardBrandOf(number);
  if (!brand) return refuse('card_brand_not_accepted', 'Visa, Mastercard, American Express and Discover cards are accepted.', 'number');
  const expMonth = smallInteger(body.expMonth);
  if (expMonth === null || expMonth < 1 || expMonth > 12) return refuse('invalid_expiry_month', 'The expiry month is a number from 1 to 12.', 'expMonth');
  const expYear = fullYear(body.expYear);
  if (expYear === null) return refuse('invalid_expiry_year', 'The expiry year is written 2030 or 30.', 'expYear');
  if (!cardUnexpired(expMonth, expYear, now)) return refuse('card_expired', 'The card has expired.', 'expYear');
  if (typeof body.cvc !== 'string' || !cvcValid(body.cvc, brand)) {
    const where = brand === 'AMERICAN_EXPRESS' ? 'the 4 digits on the front of the card' : 'the 3 digits on the back of the card';
    return refuse('invalid_cvc', `The security code is ${where}.`, 'cvc');
  }
  if (typeof body.postalCode !== 'string' || !/^\d{5}$/.test(body.postalCode)) return refuse('invalid_postal_code', 'The billing ZIP code is 5 digits.', 'postalCode');
  let holderName: string | null = null;
  if (body.holderName !== undefined && body.holderName !== null && body.holderName !== '') {
    const parsed = parseText(body.holderName, 'holderName', HOLDER_NAME_MAX);
    if ('reply' in parsed) return parsed;
    holderName = parsed.value;
  }
  return {
    value: {
      kind: 'CARD',
      brand,
      last4: number.slice(-4),
      expMonth,
      expYear,
      holderName,
      fingerprint: fingerprintOf(fingerprintSalt, `card:${number}`),
      networkDecline: networkDeclineFor(number),
    },
  };
}

function parseBankAccount(body: JsonObject, fingerprintSalt: Buffer): Parsed<BankInstrument> {
  const { routingNumber, accountNumber, accountType } = body;
  if (typeof routingNumber !== 'string' || !abaRoutingValid(routingNumber)) {
    return refuse('invalid_routing_number', 'The routing number is not a valid ABA routing number.', 'routingNumber');
  }
  if (typeof accountNumber !== 'string' || !/^\d{4,17}$/.test(accountNumber)) {
    return refuse('invalid_account_number', 'The account number is 4 to 17 digits.', 'accountNumber');
  }
  if (accountType !== 'CHECKING' && accountType !== 'SAVINGS') return refuse('invalid_account_type', 'The account type is CHECKING or SAVINGS.', 'accountType');
  const holderName = parseText(body.holderName, 'holderName', HOLDER_NAME_MAX);
  if ('reply' in holderName) return holderName;
  return {
    value: {
      kind: 'BANK_ACCOUNT',
      routingNumber,
      accountType,
      last4: accountNumber.slice(-4),
      holderName: holderName.value,
      fingerprint: fingerprintOf(fingerprintSalt, `bank:${routingNumber}:${accountNumber}`),
      standing: bankAccountStanding(routingNumber, accountNumber),
    },
  };
}

/** A JSON integer or a string of up to four digits, as forms send them. */
function smallInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string' && /^\d{1,4}$/.test(value)) return Number(value);
  return null;
}

/** "30" and "2030" are both 2030; other widths are typos. */
function fullYear(value: unknown): number | null {
  const year = smallInteger(value);
  if (year === null) return null;
  if (year < 100) return 2000 + year;
  return year >= 2000 && year <= 2099 ? year : null;
}

function refuse(code: string, message: string, field: string | null): { readonly reply: Reply } {
  return { reply: invalid(code, message, field) };
}

import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { callNorwalkToCard, refusedAtConnector, type KeyedCard, type PhoneCall } from './phone-call';

/*
 * A card keyed on the phone that the processor's connector refuses (an expiry already past, a number of the wrong
 * length or failing the Luhn check, a type the processor does not take, a security code or ZIP of the wrong length)
 * was told as one sentence whatever was wrong: "The card processor did not accept that card." A caller whose card had
 * expired keyed the same card again, and one who slipped a digit of the security code gave up on a good card. Each
 * refusal now says what was wrong and what to do, in the call's language, and the card is offered again.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform.close());

const keyCard = (call: PhoneCall, card: KeyedCard) => refusedAtConnector(platform, call, card);

const AGAIN = { en: 'To enter a card again, press 1. To end the call, press 3.', es: 'Para ingresar una tarjeta de nuevo, oprima 1. Para terminar la llamada, oprima 3.' };

const FAULTS: [string, KeyedCard, string, { en: string; es: string }][] = [
  [
    'a card whose expiry is already past',
    { number: SANDBOX_TEST_CARDS.visa, expiry: '0120' },
    'card_expired',
    { en: 'This card has expired. Nothing was charged. Please enter another card.', es: 'Esta tarjeta está vencida. No se cobró nada. Por favor, ingrese otra tarjeta.' },
  ],
  [
    'a number too short to be a card',
    { number: '424242424242' },
    'invalid_number',
    {
      en: 'That card number is not valid. Nothing was charged. Check the number on your card and enter it again, or use another card.',
      es: 'Ese número de tarjeta no es válido. No se cobró nada. Revise el número de su tarjeta e ingréselo de nuevo, o use otra tarjeta.',
    },
  ],
  [
    'a number that fails the Luhn check',
    { number: '4242424242424241' },
    'invalid_number',
    {
      en: 'That card number is not valid. Nothing was charged. Check the number on your card and enter it again, or use another card.',
      es: 'Ese número de tarjeta no es válido. No se cobró nada. Revise el número de su tarjeta e ingréselo de nuevo, o use otra tarjeta.',
    },
  ],
  [
    'a card of a type the processor does not take (JCB)',
    { number: '3530111333300000' },
    'card_brand_not_accepted',
    {
      en: 'We do not accept that type of card. Nothing was charged. We accept Visa, Mastercard, and American Express.',
      es: 'No aceptamos ese tipo de tarjeta. No se cobró nada. Aceptamos Visa, Mastercard y American Express.',
    },
  ],
  [
    'an expiry month that is no month',
    { number: SANDBOX_TEST_CARDS.visa, expiry: '1330' },
    'invalid_expiry_month',
    {
      en: 'That expiration date is not valid. Nothing was charged. Enter two digits for the month and two for the year, as printed on your card.',
      es: 'Esa fecha de vencimiento no es válida. No se cobró nada. Ingrese dos dígitos para el mes y dos para el año, como aparecen en su tarjeta.',
    },
  ],
  [
    'a security code too short',
    { number: SANDBOX_TEST_CARDS.visa, cvv: '12' },
    'invalid_cvc',
    {
      en: 'That security code is not right. Nothing was charged. It is the 3 digits on the back of your card, or the 4 digits on the front of an American Express card.',
      es: 'Ese código de seguridad no es correcto. No se cobró nada. Son los 3 dígitos al reverso de su tarjeta, o los 4 dígitos al frente de una tarjeta American Express.',
    },
  ],
  [
    'an American Express card with a 3-digit security code',
    { number: SANDBOX_TEST_CARDS.americanExpress, cvv: '123' },
    'invalid_cvc',
    {
      en: 'That security code is not right. Nothing was charged. It is the 3 digits on the back of your card, or the 4 digits on the front of an American Express card.',
      es: 'Ese código de seguridad no es correcto. No se cobró nada. Son los 3 dígitos al reverso de su tarjeta, o los 4 dígitos al frente de una tarjeta American Express.',
    },
  ],
  [
    'a ZIP code of the wrong length',
    { number: SANDBOX_TEST_CARDS.visa, zip: '906' },
    'invalid_postal_code',
    {
      en: 'That ZIP code is not valid. Nothing was charged. Enter the 5-digit billing ZIP code of your card.',
      es: 'Ese código postal no es válido. No se cobró nada. Ingrese el código postal de facturación de 5 dígitos de su tarjeta.',
    },
  ],
];

describe.each(['en', 'es'] as const)('in %s', (language) => {
  it.each(FAULTS)('says what was wrong with %s, and offers the card again', async (_what, card, code, told) => {
    const call = await callNorwalkToCard(platform, '2500', { language });
    const { code: refused, heard } = await keyCard(call, card);
    expect(refused).toBe(code);
    expect(heard.said.slice(0, 2)).toEqual([told[language], AGAIN[language]]);
    expect((await call.press('1')).pay).toBe(true);
  });
});

/*
 * The provider checks some keys itself before any reach the connector (`<Pay validCardTypes>`, the date, the lengths)
 * and asks again, playing the `<Prompt>` written for that step and that error. The line wrote one prompt a step and none
 * for an error, so a caller who keyed an expired card's date, or a Discover card where the city takes none, heard only
 * "Please enter the expiration date" (or the card number) again, never why. What the provider plays for each error is
 * read here from the `<Pay>` the line answers, as the provider picks it: the step's prompt for that error type.
 */
type PayError = 'invalid-card-number' | 'invalid-card-type' | 'invalid-date' | 'invalid-security-code';

/** The sentence the provider plays at `step` after `error`, from the `<Pay>` of `xml` (null: none written for it). */
function promptAfter(xml: string, step: string, error: PayError): string | null {
  const prompts = [...xml.matchAll(/<Prompt ([^>]*)>\s*<Say[^>]*>([^<]*)<\/Say>\s*<\/Prompt>/g)];
  const found = prompts.find(([, attributes]) => attributes!.includes(`for="${step}"`) && (/errorType="([^"]*)"/.exec(attributes!)?.[1] ?? '').split(' ').includes(error));
  return found ? found[2]!.replace(/&apos;/g, "'").replace(/&amp;/g, '&') : null;
}

const PAY_ERRORS: [string, string, PayError, { en: string; es: string }][] = [
  [
    'an expiry date already past',
    'expiration-date',
    'invalid-date',
    {
      en: 'This card has expired, or that date is not valid. To use another card, press star. Or enter the expiration date again, two digits for the month and two for the year, then press pound.',
      es: 'Esta tarjeta está vencida, o esa fecha no es válida. Para usar otra tarjeta, oprima asterisco. O ingrese de nuevo la fecha de vencimiento, dos dígitos para el mes y dos para el año, y luego oprima la tecla de número.',
    },
  ],
  [
    'a card number of the wrong length or failing the Luhn check',
    'payment-card-number',
    'invalid-card-number',
    {
      en: 'That card number is not valid. Please enter your card number again, then press pound.',
      es: 'Ese número de tarjeta no es válido. Ingrese de nuevo el número de su tarjeta y luego oprima la tecla de número.',
    },
  ],
  [
    'a card of a type the city does not take (Discover at Norwalk)',
    'payment-card-number',
    'invalid-card-type',
    {
      en: 'We do not accept that type of card. We accept Visa, Mastercard, and American Express. Please enter another card number, then press pound.',
      es: 'No aceptamos ese tipo de tarjeta. Aceptamos Visa, Mastercard y American Express. Ingrese el número de otra tarjeta y luego oprima la tecla de número.',
    },
  ],
  [
    'a security code of the wrong length',
    'security-code',
    'invalid-security-code',
    {
      en: 'That security code is not right. It is the 3 digits on the back of your card, or the 4 digits on the front of an American Express card. Please enter it again, then press pound.',
      es: 'Ese código de seguridad no es correcto. Son los 3 dígitos al reverso de su tarjeta, o los 4 dígitos al frente de una tarjeta American Express. Ingréselo de nuevo y luego oprima la tecla de número.',
    },
  ],
];

describe.each(['en', 'es'] as const)('the provider’s own checks, in %s', (language) => {
  it.each(PAY_ERRORS)('tells %s as what it is, as the provider asks again', async (_what, step, error, told) => {
    const call = await callNorwalkToCard(platform, '2500', { language });
    expect(call.last?.pay).toBe(true);
    expect(promptAfter(call.last!.xml, step, error)).toBe(told[language]);
  });
});

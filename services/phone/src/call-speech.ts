import { translate, type CardBrand, type Locale } from '@platform/core';
import { twiml } from 'twilio';

type VoiceResponse = twiml.VoiceResponse;
type PayAttributes = NonNullable<Parameters<VoiceResponse['pay']>[0]>;
type PromptAttributes = NonNullable<Parameters<ReturnType<VoiceResponse['pay']>['prompt']>[0]>;
type PromptFor = NonNullable<PromptAttributes['for']>;
/**
 * Twilio's `<Prompt errorType>` for the bank steps (`invalid-bank-routing-number`, `invalid-bank-account-number`) are
 * in its `<Pay>` reference but not in the helper library's type, which lists the card ones only.
 */
type PromptErrorType = NonNullable<PromptAttributes['errorType']>[number] | 'invalid-bank-routing-number' | 'invalid-bank-account-number';

/** What the caller hears when the provider's own check of a step's keys fails and it asks again: the step's prompt for that error. */
export interface PayErrorPrompt {
  readonly for: PromptFor;
  readonly errorType: PromptErrorType;
  readonly text: string;
}
type GatherAttributes = NonNullable<Parameters<VoiceResponse['gather']>[0]>;

/** The voice each language is spoken in (Twilio's `<Say language>` and `<Pay language>`). */
const VOICE_LANGUAGE = { en: 'en-US', es: 'es-US' } as const satisfies Record<Locale, string>;

/** `<Pay validCardTypes>` names of the brands a city accepts. */
export const PAY_CARD_TYPES = { VISA: 'visa', MASTERCARD: 'mastercard', AMERICAN_EXPRESS: 'amex', DISCOVER: 'discover' } as const satisfies Record<CardBrand, string>;

/** A card type as `<Pay>` reports it (PaymentCardType), as a caller hears it in the confirmation: "Visa", "tarjeta Visa"; "card", "tarjeta" for another. */
export function spokenBrand(cardType: string, locale: Locale): string {
  const names: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };
  const brand = names[cardType.toLowerCase()];
  return brand ? translate(locale, 'phone.cardOfBrand', { brand }) : translate(locale, 'phone.cardOfNoBrand');
}

/**
 * Characters read one at a time, groups apart: "K7QM-4XPD" is heard as
 * "K, 7, Q, M. 4, X, P, D" (confirmation numbers have no O/0 or I/1 to confuse).
 */
export function spellOut(text: string): string {
  return text
    .split(/[-\s]+/)
    .filter(Boolean)
    .map((group) => [...group].join(', '))
    .join('. ');
}

/**
 * One answer to a webhook: sentences said in the call's language, then one
 * way on (a menu, a number to key in, the card, a transfer, or goodbye).
 * Everything said before a question goes inside its `<Gather>`, so a caller
 * who knows the menu can press a key without waiting.
 */
export class Answer {
  private readonly lines: { readonly text: string; readonly locale: Locale }[] = [];

  constructor(
    readonly locale: Locale,
    /** Where the caller's next keys go (relative: the provider resolves it against the webhook's own URL). */
    private readonly action: string,
  ) {}

  say(...sentences: string[]): this {
    return this.sayIn(this.locale, ...sentences);
  }

  /** Sentences in another language than the call's (the language menu's "Para español, oprima 2"), in that language's voice. */
  sayIn(locale: Locale, ...sentences: string[]): this {
    this.lines.push(...sentences.filter((s) => s !== '').map((text) => ({ text, locale })));
    return this;
  }

  /** A menu: one key. */
  menu(): VoiceResponse {
    return this.gather({ numDigits: 1, timeout: 8 });
  }

  /** A number keyed in, ended by #. */
  entry(): VoiceResponse {
    return this.gather({ finishOnKey: '#', timeout: 15 });
  }

  card(pay: {
    readonly connector: string;
    readonly cardTypes: readonly string[];
    readonly description: string;
    readonly prompts: { readonly number: string; readonly expiry: string; readonly code: string; readonly postalCode: string };
    /**
     * The provider checks the number, its type, the date and the security code itself before the connector sees them,
     * and asks again with the step's prompt for the error; with none written for an error, a caller whose card had
     * expired heard "enter the expiration date" again and never why.
     */
    readonly errorPrompts: readonly PayErrorPrompt[];
  }): VoiceResponse {
    return this.pay(
      {
        paymentConnector: pay.connector,
        paymentMethod: 'credit-card',
        securityCode: true,
        postalCode: 'true',
        validCardTypes: pay.cardTypes as PayAttributes['validCardTypes'],
        description: pay.description,
      },
      [
        ['payment-card-number', pay.prompts.number],
        ['expiration-date', pay.prompts.expiry],
        ['security-code', pay.prompts.code],
        ['postal-code', pay.prompts.postalCode],
      ],
      pay.errorPrompts,
    );
  }

  /**
   * A bank account by `<Pay paymentMethod="ach-debit">`: the provider asks the routing and the account numbers (its
   * own checks first: a routing number's check digit) and hands them to the processor's connector, with the holder's
   * name as a `<Parameter>` (an ACH debit names its receiver; `<Pay>` collects only the numbers). Tokenized only, as
   * a card is: the platform charges the token as an e-check through its own rules.
   */
  bank(pay: {
    readonly connector: string;
    readonly description: string;
    readonly holderName: string;
    readonly prompts: { readonly routingNumber: string; readonly accountNumber: string };
    readonly errorPrompts: readonly PayErrorPrompt[];
  }): VoiceResponse {
    return this.pay(
      { paymentConnector: pay.connector, paymentMethod: 'ach-debit', bankAccountType: 'consumer-checking', description: pay.description },
      [
        ['bank-routing-number', pay.prompts.routingNumber],
        ['bank-account-number', pay.prompts.accountNumber],
      ],
      pay.errorPrompts,
      { holder_name: pay.holderName },
    );
  }

  /**
   * `<Pay>` as both methods ask it: tokenize only (a charge amount of 0: the platform charges the token through its own
   * payment rules), keys only, two tries of ten seconds, in the call's language; each step's prompt and error prompts.
   */
  private pay(
    method: Pick<PayAttributes, 'paymentConnector' | 'paymentMethod' | 'bankAccountType' | 'securityCode' | 'postalCode' | 'validCardTypes' | 'description'>,
    prompts: readonly (readonly [PromptFor, string])[],
    errorPrompts: readonly PayErrorPrompt[],
    parameters: Readonly<Record<string, string>> = {},
  ): VoiceResponse {
    const response = this.spoken();
    const language = VOICE_LANGUAGE[this.locale];
    const element = response.pay({ ...method, chargeAmount: '0', tokenType: 'one-time', input: 'dtmf', maxAttempts: 2, timeout: 10, language, action: this.action });
    for (const [name, value] of Object.entries(parameters)) element.parameter({ name, value });
    for (const [kind, text] of prompts) element.prompt({ for: kind }).say({ language }, text);
    for (const error of errorPrompts) {
      const errorType = [error.errorType] as PromptAttributes['errorType'];
      element.prompt({ for: error.for, errorType }).say({ language }, error.text);
    }
    return response;
  }

  dial(number: string): VoiceResponse {
    const response = this.spoken();
    response.dial(number);
    return response;
  }

  hangup(): VoiceResponse {
    const response = this.spoken();
    response.hangup();
    return response;
  }

  /** Back to the action at once, without keys: the provider posts the call there again (`<Redirect>`). */
  redirect(): VoiceResponse {
    const response = this.spoken();
    response.redirect({ method: 'POST' }, this.action);
    return response;
  }

  private gather(attributes: GatherAttributes): VoiceResponse {
    const response = new twiml.VoiceResponse();
    const gather = response.gather({ ...attributes, input: ['dtmf'], action: this.action, method: 'POST', actionOnEmptyResult: true });
    for (const line of this.lines) gather.say({ language: VOICE_LANGUAGE[line.locale] }, line.text);
    return response;
  }

  private spoken(): VoiceResponse {
    const response = new twiml.VoiceResponse();
    for (const line of this.lines) response.say({ language: VOICE_LANGUAGE[line.locale] }, line.text);
    return response;
  }
}

/**
 * What a call whose state expired answers: goodbye, in its language. Kept as
 * the call's last answer, so a webhook the provider sends again (or late)
 * hears it too, not a question of the call from before.
 */
export function callExpiredTwiml(locale: Locale): string {
  return new Answer(locale, '').say(translate(locale, 'phone.callExpired')).hangup().toString();
}

import type { TenantContext } from '@platform/api';
import { amountDueTerms, isCardNotAccountNumber, loadBalance, restorationsPaidBy, verifyServiceAccount } from '@platform/billing';
import {
  CARD_BRAND_NAMES,
  DomainError,
  ErrorCode,
  formatLocalDate,
  formatMoney,
  money,
  settledWithin,
  toDecimalString,
  toE164,
  translate,
  UserErrorCode,
  type Locale,
  type MessageKey,
  type UserError,
} from '@platform/core';
import { withTenant } from '@platform/db';
import {
  ACCOUNT_DECLINE_LIMIT,
  accountOverpaidMessage,
  accountsWithPaymentsUnanswered,
  accountTakesCredit,
  amountDueLeft,
  awaitPaymentOutcome,
  cardReadUnderDeclineLimits,
  declineOf,
  findPaymentByKey,
  isTokenShaped,
  makePayment,
  textPaymentOutcome,
  totalWithFeeCents,
  type PaymentEntity,
  type PaymentsSettings,
} from '@platform/payments';
import { cityName, describePostingPolicy, type Tenant } from '@platform/tenants';
import type { twiml } from 'twilio';
import type { CallOutcome } from './call.entity';
import type { AmountDueHeard, CallPaymentsUnderWay, PaymentOutcome, RetryAfterRefusal } from './call-payments';
import { withinCallerLimits } from './caller-limits';
import { callerOutcomeOf } from './caller-payment-outcome';
import { bankFaultOf, cardFaultOf, isCardDecline } from './connector-error';
import { holdPlacesForCardRead, type CardReadPlaces } from './card-read-places';
import { textableCaller } from './caller-texts';
import { holderNameForProcessor } from './holder-name';
import { recordSettledPayment } from './settled-payment-record';
import { Answer, PAY_CARD_TYPES, spellOut, spokenBrand } from './call-speech';
import { MENU_STEPS, type CallState } from './call-state';
import { centsFromKeys } from './keyed-amount';
import { providerFor, type PhoneSettings } from './phone-settings';
import { payResultFields } from './pay-result';
import { describeSupportHours, supportNow } from './support-hours';

/** What one webhook did to the call. */
export interface Turn {
  readonly twiml: twiml.VoiceResponse;
  /** The call's state afterwards; null when the call is over. */
  readonly state: CallState | null;
  /** Set when the call's outcome is decided by this turn. */
  readonly outcome?: CallOutcome;
  /** The payment whose outcome this turn tells the caller, a decline too; the call's own when the outcome is PAID. */
  readonly told?: PaymentEntity;
  /** The caller is turned away because no card can be taken now (the processor or its pay connector failing): staff count such calls. */
  readonly cardsUnavailable?: true;
  /** The places the `<Pay>` this turn answers held, to give back once the turn is recorded (none when its card was declined: they count it). */
  readonly placesBack?: CardReadPlaces;
}

export interface CallScope {
  /** The caller as a guest of the city: look-ups and payments run as the web's guest ones do. */
  readonly ctx: TenantContext;
  readonly tenant: Tenant;
  readonly callSid: string;
  readonly payments: PaymentsSettings;
  readonly phone: PhoneSettings;
  /** Where the next keys go (the action URL of every answer). */
  readonly action: string;
  /** The payments this process started for calls (see CallPaymentsUnderWay). */
  readonly paymentsUnderWay: CallPaymentsUnderWay;
}

/** Three failed look-ups end the call (each also counts against the web's look-up limits). */
const MAX_ACCOUNT_TRIES = 3;
/** A caller who presses nothing three times running has gone. */
const MAX_SILENCES = 3;
/**
 * Three answers running that the line cannot take (a key that is no choice, an amount it cannot take) hand the caller
 * over: asked again for ever, a dialler pressing 9 held the city's toll-free line, paid by the minute, as long as it
 * liked, and a confused caller went round and round.
 */
const MAX_WRONG_ANSWERS = 3;
/**
 * The cards one call may key (`<Pay>`s asked for). Each goes to the processor's connector; asked for again after every
 * card not read, refused, or swapped at the confirmation, one call sent card after card without a charge, which is how
 * stolen numbers are tested (payments' card-testing limits count what banks decline, not cards keyed wrong), and held the
 * toll-free line.
 * One more than those limits' five declines: a caller declined five times hears that limit first, as before.
 */
const MAX_CARDS_PER_CALL = 6;

/** The source of an account's declines for every caller who withholds their number (payments' decline limits). */
const WITHHELD_DECLINE_SOURCE = 'phone:withheld';

/** The keys of the language menu, as its offers say them ("For English, press 1. Para español, oprima 2."). */
const LANGUAGE_KEYS: Readonly<Record<string, Locale>> = { '1': 'en', '2': 'es' };

const t = (locale: Locale, key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(locale, key, params);

/** The call's first answer: welcome, and the language choice where the city has more than one. */
export function startCall(scope: CallScope, from: string | null): Turn {
  const { settings } = scope.tenant;
  const locale = settings.defaultLocale;
  const state: CallState = { step: settings.locales.length > 1 ? 'LANGUAGE' : 'ACCOUNT', locale, from, accountTries: 0, silences: 0, attempt: 1 };
  return ask(scope, state, [t(locale, 'phone.welcome', { city: cityName(settings, locale) })]);
}

/**
 * The caller's answer at the step they are at (`Digits` from a `<Gather>`, or `<Pay>`'s result). A turn that asks for
 * a card or a bank account (`<Pay>`) asks only while payments' decline limits have room for the caller and the
 * account, and holds a place in them until it is answered (holdingPlaces): the connector asks the card's bank as it
 * reads the card, so a tester refused at the charge, calling again, otherwise had six cards a call answered by their
 * banks, and calls open at once had a card each.
 */
export async function continueCall(scope: CallScope, state: CallState, posted: Readonly<Record<string, string>>): Promise<Turn> {
  // `<Pay>`'s result, in whichever provider's names it came, is read in Twilio's.
  const params = state.step === 'CARD' || state.step === 'BANK' ? payResultFields(providerFor(scope.phone, scope.tenant.slug), posted) : posted;
  const answered = await answerAt(scope, state, params);
  // The places of the `<Pay>` answered here leave the state: a card its bank declined keeps them, anything else gives them back.
  const held = state.cardReadPlaces;
  const turn: Turn =
    held === undefined
      ? answered
      : { ...answered, state: answered.state && { ...answered.state, cardReadPlaces: undefined }, ...(state.step === 'CARD' && declinedAtRead(params) ? {} : { placesBack: held }) };
  const next = turn.state;
  const serviceAccountId = next?.serviceAccountId;
  if (!next || serviceAccountId === undefined || (next.step !== 'CARD' && next.step !== 'BANK')) return turn;
  return holdingPlaces(scope, turn, { ...next, serviceAccountId });
}

/**
 * A turn asking for a card or a bank account (`<Pay>`), with a place held under payments' decline limits while it is
 * keyed: checked alone, calls open at once from one number each had a card read before any decline was counted. Once
 * the limits are spent, the caller hears what a caller refused at the charge hears and is put through.
 */
async function holdingPlaces(scope: CallScope, turn: Turn, state: CallState & { serviceAccountId: string }): Promise<Turn> {
  const ctx = { ...scope.ctx, locale: state.locale };
  try {
    const places = await holdPlacesForCardRead(ctx, [{ serviceAccountId: state.serviceAccountId }], declineSource(scope, state));
    return { ...turn, state: { ...state, cardReadPlaces: places } };
  } catch (error) {
    if (!(error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED)) throw error;
    return { ...declineLimited(scope, { ...state, card: undefined }, error.details['reason'] === ACCOUNT_DECLINE_LIMIT), placesBack: turn.placesBack };
  }
}

/** Whether `<Pay>` ended with the card's bank declining it as it was read (a card keyed wrong is no decline). */
const declinedAtRead = (params: Readonly<Record<string, string>>) => params.Result === 'payment-connector-error' && isCardDecline(params.ConnectorError ?? '');

/**
 * The card read under payments' decline limits, a card its bank declined as it was read (`declined`) counted as a
 * declined charge is: null while they have room; once spent, the caller hears what a caller refused at the charge
 * hears (`told` first) and is put through to customer service, who can take the payment.
 */
async function underDeclineLimits(scope: CallScope, state: CallState & { serviceAccountId: string }, declined: boolean, told: readonly string[] = []): Promise<Turn | null> {
  const ctx = { ...scope.ctx, locale: state.locale };
  try {
    // The places the `<Pay>` held count its decline by being kept; a call asked before they were held counts it in all.
    await cardReadUnderDeclineLimits(ctx, [{ serviceAccountId: state.serviceAccountId }], declineSource(scope, state), declined, state.cardReadPlaces !== undefined);
    return null;
  } catch (error) {
    if (!(error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED)) throw error;
    return declineLimited(scope, { ...state, card: undefined }, error.details['reason'] === ACCOUNT_DECLINE_LIMIT, told);
  }
}

/**
 * A caller stopped by payments' decline limits: what was refused (this call's cards or bank accounts, or, none yet,
 * the account's, when its backstop is what is spent) and put through to customer service.
 */
function declineLimited(scope: CallScope, state: CallState, accountUnderAttack: boolean, told: readonly string[] = []): Turn {
  const why = state.declines ? tooManyRefused(state) : accountUnderAttack ? 'phone.tooManyDeclinedOnAccount' : 'phone.tooManyDeclines';
  return handOver(scope, state, [...told, t(state.locale, why)]);
}

/** Where a caller's declines come from, as payments' limits count them: callers who withhold their number count together. */
function declineSource(scope: CallScope, state: CallState): string {
  return state.from === null ? WITHHELD_DECLINE_SOURCE : scope.ctx.clientIp;
}

async function answerAt(scope: CallScope, state: CallState, params: Readonly<Record<string, string>>): Promise<Turn> {
  if (state.step === 'CARD') return cardGiven(scope, state, params);
  if (state.step === 'BANK') return bankGiven(scope, state, params);
  // Back from a hold (a redirect, no keys): the same payment waited on again.
  if (state.step === 'PAYING') return payingAgain(scope, state);
  const digits = (params.Digits ?? '').replace(/[^0-9*]/g, '');
  const { locale } = state;
  if (digits === '') {
    const silences = state.silences + 1;
    if (silences >= MAX_SILENCES) return end(scope, { ...state, silences }, [t(locale, 'phone.goodbye')], 'ABANDONED');
    return ask(scope, { ...state, silences }, [t(locale, 'phone.noInput')]);
  }
  // An answer the line takes forgives the wrong ones before it; one it cannot take is counted (wrongAnswer).
  const heard = { ...state, silences: 0, wrongAnswers: 0 };
  const wrong = (...told: string[]) => wrongAnswer(scope, { ...state, silences: 0 }, told);
  // 0 is no account number and no amount either: there too it asks for a person (not at LAST_PAYMENT, where 0 means never paid).
  if (digits === '0' && (MENU_STEPS.has(state.step) || state.step === 'ACCOUNT' || state.step === 'OTHER_AMOUNT')) return customerService(scope, heard);
  switch (state.step) {
    case 'LANGUAGE': {
      const chosen = LANGUAGE_KEYS[digits];
      // A key naming no language offered is a wrong key, as at every menu: going on in the default would take the
      // caller's next key (their language, most likely) as an account number, and count it against their tries.
      if (chosen === undefined || !scope.tenant.settings.locales.includes(chosen)) return wrong(t(locale, 'phone.invalidChoice'));
      return ask(scope, { ...heard, locale: chosen, step: 'ACCOUNT' }, []);
    }
    case 'ACCOUNT': {
      const accountNumber = digits.replace(/\*/g, '');
      // Only stars (a slip for pound): no account keyed, so no try at the proof spent; the prompt again.
      if (accountNumber === '') return wrong();
      // A card keyed at the wrong prompt (card-shaped, and no account of the city's) is neither kept in the call's state
      // nor looked up (a look-up limit's bucket would hold its hash), and counts as a wrong try.
      if (await isCardNotAccountNumber(scope.ctx, accountNumber)) return accountNotFound(scope, heard, 'phone.accountLooksLikeCard');
      const next = { ...heard, accountNumber };
      if (scope.tenant.settings.paymentRules.verificationMode === 'ACCOUNT_NUMBER_AND_LAST_PAYMENT') return ask(scope, { ...next, step: 'LAST_PAYMENT' }, []);
      return verify(scope, next);
    }
    case 'LAST_PAYMENT': {
      // Keys that are no amount are no try at the proof: asked again.
      const cents = centsFromKeys(digits);
      if (cents === null) return wrong(t(locale, 'phone.amountInvalid'));
      return verify(scope, { ...heard, lastPaymentAmount: toDecimalString(money(cents)) });
    }
    case 'AMOUNT_MENU': {
      const due = BigInt(heard.amountDueCents ?? '0');
      const max = BigInt(scope.tenant.settings.paymentRules.maxPaymentCents);
      const payable = anythingPayable(scope, heard);
      // More than the city takes at once: told so before keying a card that would be refused, and asked for a part.
      if (digits === '1' && due > max) return ask(scope, { ...heard, step: 'OTHER_AMOUNT' }, [t(locale, 'phone.amountTooLarge', { max: formatMoney(money(max), locale) })]);
      if (digits === '1' && due > 0n) return ask(scope, { ...heard, amountCents: due.toString(), paysAmountDue: true, step: methodStep(scope) }, []);
      if (digits === '2' && payable) return ask(scope, { ...heard, paysAmountDue: undefined, step: 'OTHER_AMOUNT' }, []);
      if (digits === '3' && !payable) return end(scope, heard, [t(locale, 'phone.goodbye')], 'ENDED');
      return wrong(t(locale, 'phone.invalidChoice'));
    }
    case 'OTHER_AMOUNT': {
      const cents = centsFromKeys(digits) ?? 0n;
      const max = BigInt(scope.tenant.settings.paymentRules.maxPaymentCents);
      const owed = BigInt(heard.amountDueCents ?? '0');
      if (cents <= 0n) return wrong(t(locale, 'phone.amountInvalid'));
      if (cents > max) return wrong(t(locale, 'phone.amountTooLarge', { max: formatMoney(money(max), locale) }));
      // More than is owed where the account takes no credit: told so, as the payment would tell it, before keying a card
      // that would be refused (the payment checks again).
      if (!takesCredit(scope, heard) && cents > owed) return wrong(t(locale, accountOverpaidMessage(heard.accountClosed === true), { owed: formatMoney(money(owed), locale) }));
      return ask(scope, { ...heard, amountCents: cents.toString(), step: methodStep(scope) }, []);
    }
    case 'METHOD':
      if (digits === '1') return ask(scope, { ...heard, paysBy: 'CARD', step: 'CARD' }, []);
      if (digits === '2') return ask(scope, { ...heard, paysBy: 'BANK_ACCOUNT', step: 'BANK' }, []);
      return wrong(t(locale, 'phone.invalidChoice'));
    case 'CARD_FAILED':
    case 'DECLINED':
      if (digits === '1') return ask(scope, { ...heard, card: undefined, step: againStep(scope, heard) }, []);
      if (digits === '2' && heard.step === 'DECLINED' && offersBankAfterDecline(scope, heard)) return ask(scope, { ...heard, card: undefined, paysBy: 'BANK_ACCOUNT', step: 'BANK' }, []);
      if (digits === '3') return end(scope, heard, [t(locale, 'phone.goodbye')], 'ENDED');
      return wrong(t(locale, 'phone.invalidChoice'));
    case 'CONFIRM':
      if (digits === '1') return pay(scope, heard);
      if (digits === '2') return ask(scope, { ...heard, card: undefined, step: againStep(scope, heard) }, []);
      return wrong(t(locale, 'phone.invalidChoice'));
    case 'RECEIPT':
      if (digits === '1') return ask(scope, heard, []);
      if (digits === '2' && heard.from !== null && !heard.textSent) return textReceipt(scope, heard);
      if (digits === '3') return end(scope, heard, [t(locale, 'phone.goodbye')], 'ENDED');
      return wrong(t(locale, 'phone.invalidChoice'));
    case 'DONE':
      return end(scope, heard, [t(locale, 'phone.goodbye')], 'ENDED');
  }
}

/**
 * Where a caller goes to give what they pay with: a city that takes e-checks asks card or bank account (METHOD), as
 * its web pages offer both; one that takes none goes straight to the card, with no choice to make.
 */
function methodStep(scope: CallScope): 'METHOD' | 'CARD' {
  return scope.tenant.settings.paymentRules.echeckAccepted ? 'METHOD' : 'CARD';
}

/**
 * Where a caller goes to try again after what they paid with was refused or swapped: a card caller keys a card again,
 * as the card's own menus say; a bank caller, told to use another method (a blocked or closed bank account), chooses
 * again between card and bank account.
 */
function againStep(scope: CallScope, state: CallState): 'METHOD' | 'CARD' {
  return state.paysBy === 'BANK_ACCOUNT' ? methodStep(scope) : 'CARD';
}

/**
 * Whether a card caller whose card was declined is offered the bank account too, as a clerk at the counter asks
 * "another card, or a check?": in a city that takes e-checks. The bank `<Pay>` counts among the call's cards, and
 * payments' decline limits keep counting, so the choice opens no way round either. A bank caller refused chooses
 * between card and bank account already (againStep).
 */
function offersBankAfterDecline(scope: CallScope, state: CallState): boolean {
  return againStep(scope, state) === 'CARD' && scope.tenant.settings.paymentRules.echeckAccepted;
}

/** An answer the line cannot take (`told` says why, if anything): asked again, or, the third running, the caller handed over (handOver). */
function wrongAnswer(scope: CallScope, state: CallState, told: readonly string[]): Turn {
  const wrongAnswers = (state.wrongAnswers ?? 0) + 1;
  if (wrongAnswers >= MAX_WRONG_ANSWERS) return handOver(scope, { ...state, wrongAnswers }, [...told]);
  return ask(scope, { ...state, wrongAnswers }, [...told]);
}

/** The account proof, the city's way, under the web's look-up limits; three failures end the call, and no failure says which part was wrong. */
async function verify(scope: CallScope, state: CallState): Promise<Turn> {
  const { locale } = state;
  const ctx = { ...scope.ctx, locale };
  let verified;
  try {
    verified = await withinCallerLimits(ctx, state.from, () => verifyServiceAccount(ctx, { accountNumber: state.accountNumber ?? '', lastPaymentAmount: state.lastPaymentAmount ?? null }, 'LOOKUP'));
  } catch (error) {
    if (!(error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED)) throw error;
    // Locked by wrong factors from anyone (a stranger holding the bill, on the web): the caller may be the holder, so
    // is put through to customer service, as on the web they are told to call it. Their own guesses end the call.
    if (error.details['reason'] === 'SECOND_FACTOR_LOCKOUT') return handOver(scope, state, [t(locale, 'phone.secondFactorLocked')]);
    return end(scope, state, [t(locale, 'phone.rateLimited')], 'VERIFICATION_FAILED');
  }
  if (!verified.ok) return accountNotFound(scope, state, state.lastPaymentAmount === undefined ? 'phone.verificationFailed' : 'phone.verificationFailedWithAmount');
  const account = verified.value;
  const next: CallState = {
    ...state,
    step: 'AMOUNT_MENU',
    serviceAccountId: account.id,
    accountLast4: account.accountNumber.replace(/[^A-Za-z0-9]/g, '').slice(-4),
    holderName: account.customerName,
    ...(await amountDueHeard(ctx, account.id)),
    disconnected: account.status === 'DISCONNECTED',
  };
  return ask(scope, next, []);
}

/** A wrong try at the account (`why` says what was wrong, never which part): the account asked for again, or, the third, the call ended. */
function accountNotFound(scope: CallScope, state: CallState, why: 'phone.verificationFailed' | 'phone.verificationFailedWithAmount' | 'phone.accountLooksLikeCard'): Turn {
  const { locale } = state;
  const tries = state.accountTries + 1;
  const retry: CallState = { ...state, accountTries: tries, accountNumber: undefined, lastPaymentAmount: undefined, step: 'ACCOUNT' };
  if (tries >= MAX_ACCOUNT_TRIES) return end(scope, retry, [t(locale, 'phone.tooManyTries')], 'VERIFICATION_FAILED');
  return ask(scope, retry, [t(locale, why), t(locale, 'phone.tryAgain')]);
}

/** Whether the account verified may be paid beyond what it owes: the payment's rule (the city's on credit, and a closed account takes none). */
function takesCredit(scope: CallScope, state: CallState): boolean {
  return accountTakesCredit(scope.tenant.settings.paymentRules.accountCreditAllowed, state.accountClosed === true);
}

/** Whether the account verified can be paid at all: one that takes no credit takes nothing when it owes nothing. */
function anythingPayable(scope: CallScope, state: CallState): boolean {
  return BigInt(state.amountDueCents ?? '0') > 0n || takesCredit(scope, state);
}

/**
 * What is owed less payments still with the processor (another caller's, say): what a payment of "the amount due" is
 * held to; when it is due, by billing's rule (a past-due part is to be paid now, never by the next bill's date);
 * whether there are such payments; and whether the account is closed (it takes no credit), as the payment reads it.
 */
async function amountDueHeard(ctx: TenantContext, serviceAccountId: string): Promise<AmountDueHeard> {
  const { balance, unanswered } = await withTenant(ctx, async (manager) => ({
    balance: await loadBalance(manager, ctx, serviceAccountId),
    unanswered: await accountsWithPaymentsUnanswered(manager, [serviceAccountId]),
  }));
  const amountDue = await amountDueLeft(ctx, serviceAccountId);
  const terms = amountDueTerms(balance, amountDue.cents);
  return {
    amountDueCents: amountDue.cents.toString(),
    pastDueCents: terms.pastDueCents.toString(),
    dueDate: terms.dueDate,
    paymentUnanswered: unanswered.has(serviceAccountId),
    accountClosed: amountDue.closed,
  };
}

/**
 * `<Pay>`'s action: the token (never the number) and what the provider tells
 * of the card, or why `<Pay>` ended without one (its `Result`, as Twilio
 * documents it). Only what the caller can fix offers the card again: keys
 * `<Pay>` could not read after its tries (`too-many-failed-attempts`), a `*`,
 * or a card the processor answered it would not take (`payment-connector-error`
 * with a `ConnectorError` code about the card: cardFaultOf, told as what was wrong). The connector
 * failing (no code of its own, or a code about itself: credentials, a
 * processor timing out behind it), or `<Pay>` failing on its side
 * (`validation-error`, `internal-error`), is no card's fault and
 * would fail the next card too: the caller hears that nothing was charged and
 * to try later, and is put through to customer service while it is open.
 */
async function cardGiven(scope: CallScope, state: CallState, params: Readonly<Record<string, string>>): Promise<Turn> {
  // A card its bank declined as it was read is told as a decline at the charge is, with the same choice after it
  // (another card, or the bank account where the city takes e-checks), and counted by payments' decline limits as a
  // declined charge is; a card keyed wrong is offered again, and counts for nothing.
  const declined = declinedAtRead(params);
  const heard: CallState = { ...state, silences: 0, ...(declined ? declinedOn(state, 'CARD') : {}) };
  if (declined && heard.serviceAccountId !== undefined) {
    const why = t(state.locale, cardFaultOf(params.ConnectorError ?? '') ?? 'payment.declined');
    const limited = await underDeclineLimits(scope, { ...heard, serviceAccountId: heard.serviceAccountId }, true, [why]);
    if (limited) return limited;
  }
  const cardAgain = (why: MessageKey) =>
    ask(scope, { ...heard, card: undefined, step: declined ? 'DECLINED' : 'CARD_FAILED' }, [t(state.locale, why, { accepted: acceptedCards(scope, state.locale) })]);
  const refused = entryRefused(scope, heard, params, { again: cardAgain, faultOf: cardFaultOf, stopped: 'phone.cardEntryStopped', failed: 'phone.cardFailed' });
  if (refused) return refused;
  const token = params.PaymentToken ?? '';
  const last4 = (params.PaymentCardNumber ?? '').replace(/\D/g, '').slice(-4);
  if (!isTokenShaped(token) || last4.length !== 4) return cardAgain('phone.cardFailed');
  return ask(scope, quoted(scope, { ...heard, card: { token, brand: spokenBrand(params.PaymentCardType ?? '', heard.locale), last4 }, step: 'CONFIRM' }), []);
}

/**
 * The bank `<Pay>`'s action, told as a card's is: numbers the connector refused (a routing number or an account number
 * not valid: bankFaultOf) and a `*` or keys not read offer the choice of method again, anything else on the
 * connector's or the provider's side is no caller's fault (nothing was charged; try later). The token is read back
 * from the processor, which says it is a bank account's and its last four: the action's own fields for a bank
 * account are not the card's, and a card's token here would be charged as what the caller did not choose.
 */
async function bankGiven(scope: CallScope, state: CallState, params: Readonly<Record<string, string>>): Promise<Turn> {
  const heard: CallState = { ...state, silences: 0 };
  const again = (why: MessageKey) => ask(scope, { ...heard, step: 'CARD_FAILED' }, [t(state.locale, why)]);
  const refused = entryRefused(scope, heard, params, { again, faultOf: bankFaultOf, stopped: 'phone.bankEntryStopped', failed: 'phone.bankFailed' });
  if (refused) return refused;
  const token = params.PaymentToken ?? '';
  if (!isTokenShaped(token)) return again('phone.bankFailed');
  const details = await scope.payments.processor.getToken(token);
  if (details.outcome === 'UNKNOWN') return cardsUnavailable(scope, heard, params);
  if (details.outcome !== 'OK' || details.value.kind !== 'BANK_ACCOUNT') return again('phone.bankFailed');
  return ask(scope, quoted(scope, { ...heard, card: { token, brand: '', last4: details.value.last4 }, step: 'CONFIRM' }), []);
}

/** How one kind of `<Pay>` entry (a card, a bank account) is offered again, and what its connector's codes mean. */
interface PayEntry {
  again(why: MessageKey): Turn;
  /** What the caller hears of a connector code about what they keyed; null for the connector's own failures. */
  faultOf(connectorError: string): MessageKey | null;
  /** Told after a `*`. */
  readonly stopped: MessageKey;
  /** Told after keys `<Pay>` could not read. */
  readonly failed: MessageKey;
}

/**
 * `<Pay>`'s action when the entry did not succeed: the call abandoned, the entry offered again with why (what the
 * caller can fix), or nothing can be taken now (cardsUnavailable); null when it succeeded.
 */
function entryRefused(scope: CallScope, heard: CallState, params: Readonly<Record<string, string>>, entry: PayEntry): Turn | null {
  switch (params.Result) {
    case 'success':
      return null;
    // The status callback may come first or not at all: the call is abandoned at the entry either way.
    case 'caller-hung-up':
      return end(scope, heard, [], 'ABANDONED');
    case 'caller-interrupted-with-star':
      return entry.again(entry.stopped);
    case 'payment-connector-error': {
      const fault = entry.faultOf(params.ConnectorError ?? '');
      return fault === null ? cardsUnavailable(scope, heard, params) : entry.again(fault);
    }
    case 'validation-error':
    case 'internal-error':
      return cardsUnavailable(scope, heard, params);
    default:
      return entry.again(entry.failed);
  }
}

/** The card types the city takes, as a caller hears them listed ("Visa, Mastercard, and American Express"). */
function acceptedCards(scope: CallScope, locale: Locale): string {
  const names = scope.tenant.settings.paymentRules.acceptedCardBrands.map((brand) => CARD_BRAND_NAMES[brand]);
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names);
}

/** No card can be taken now (the processor behind `<Pay>` did not answer, or its connector failed): nothing was charged; customer service while it is open, or its hours. */
function cardsUnavailable(scope: CallScope, state: CallState, params: Readonly<Record<string, string>>): Turn {
  // Every caller hears this until the processor (or the line's <Pay>) is put right: staff are to know at once, and why.
  scope.ctx.log.error(
    { callSid: scope.callSid, result: params.Result, payErrorCode: params.PayErrorCode ?? null, connectorError: params.ConnectorError ?? null },
    'phone: <Pay> could not reach the processor',
  );
  return noCardsNow(scope, state);
}

/** Nothing was charged and no card can be now: try later, and customer service while it is open, or its hours; counted for staff. */
function noCardsNow(scope: CallScope, state: CallState): Turn {
  const told = state.paysBy === 'BANK_ACCOUNT' ? 'phone.paymentsUnavailable' : 'phone.cardsUnavailable';
  return { ...handOver(scope, state, [t(state.locale, told)]), cardsUnavailable: true };
}

/** The call at CONFIRM with the total to read to the caller: the amount and the city's fee on it now. */
function quoted(scope: CallScope, state: CallState): CallState {
  const amount = BigInt(state.amountCents ?? '0');
  return { ...state, quotedTotalCents: totalWithFeeCents(scope.tenant.settings.paymentRules.convenienceFee, amount).toString() };
}

/**
 * Pays through the payments service's own makePayment, as the web's guest
 * payment does (brands, maximum, fee, posting date), with an idempotency key
 * of the call and the attempt: a replayed confirmation charges once.
 *
 * The provider gives up on a webhook after 15 s, and a payment can wait on
 * the processor longer. One not settled within `answerWithinMs` goes on
 * without the webhook, which asks the caller to hold and sends the call back
 * (PAYING) to wait on it again. When it settles, the next webhook tells the
 * caller; a call over by then (the caller hung up, or was told it could not
 * be confirmed) gets it on its record, and the caller a text
 * (recordSettledPayment).
 */
async function pay(scope: CallScope, state: CallState): Promise<Turn> {
  const key = paymentKeyOf(scope, state);
  const underWay =
    scope.paymentsUnderWay.get(scope.tenant.id, key) ??
    scope.paymentsUnderWay.start(scope.tenant.id, key, makeCallPayment(scope, state), {
      settledLate: (payment) =>
        recordSettledPayment(scope.ctx, scope.callSid, payment, state.from).catch((error: unknown) =>
          scope.ctx.log.error({ err: error, callSid: scope.callSid }, 'a settled phone payment was not put on its call'),
        ),
      failed: (error) => scope.ctx.log.error({ err: error, callSid: scope.callSid }, 'a phone payment failed'),
    });
  const outcome = await settledWithin(underWay.outcome, scope.phone.answerWithinMs);
  if (outcome) return turnFor(scope, state, underWay.outlivedWebhook ? await asRecordedNow(scope, key, outcome) : outcome);
  underWay.outlivedWebhook = true;
  return holdOrTellWhatIsKnown(scope, state);
}

/** A payment that settled while its caller held may have moved on since (staff voided it): the caller hears it as recorded now. */
async function asRecordedNow(scope: CallScope, key: string, outcome: PaymentOutcome): Promise<PaymentOutcome> {
  if (!('payment' in outcome)) return outcome;
  return { payment: (await findPaymentByKey(scope.ctx, key)) ?? outcome.payment };
}

/**
 * Back from a hold: the payment this process has under way, or, when another
 * process started it (or this one restarted), the payment as recorded under
 * its key, looked at until it leaves PENDING or `answerWithinMs` passes.
 */
async function payingAgain(scope: CallScope, state: CallState): Promise<Turn> {
  if (scope.paymentsUnderWay.get(scope.tenant.id, paymentKeyOf(scope, state))) return pay(scope, state);
  const payment = await awaitPaymentOutcome(scope.ctx, paymentKeyOf(scope, state), scope.phone.answerWithinMs, 250);
  if (payment && payment.status !== 'PENDING') return turnFor(scope, state, { payment });
  return holdOrTellWhatIsKnown(scope, state, payment);
}

/**
 * The payment of this attempt; its key is the call's and the attempt's. A
 * caller who chose "the amount due" is charged it only while it is still what
 * is due, as payments checks under the account's lock as it records the
 * payment: autopay, the web or another caller (a second phone in the house)
 * may have paid it, or be paying it, while they keyed their card. Then
 * nothing is charged, and the caller hears the amount due now.
 */
async function makeCallPayment(scope: CallScope, state: CallState): Promise<PaymentOutcome> {
  const ctx = { ...scope.ctx, locale: state.locale };
  const amountCents = BigInt(state.amountCents ?? '0');
  const accountId = state.paysAmountDue ? state.serviceAccountId : undefined;
  try {
    const result = await makePayment(
      ctx,
      scope.payments,
      {
        idempotencyKey: paymentKeyOf(scope, state),
        allocations: [{ accountNumber: state.accountNumber ?? '', lastPaymentAmount: state.lastPaymentAmount ?? null, amount: toDecimalString(money(amountCents)) }],
        token: state.card?.token ?? null,
        payerEmail: null,
        // The total the caller heard and confirmed: a fee the city changed since is not charged without asking again.
        confirmedTotal: state.quotedTotalCents === undefined ? null : toDecimalString(money(BigInt(state.quotedTotalCents))),
        paysAmountDue: accountId !== undefined,
      },
      'PHONE',
      // Callers who withhold their number are each a new address per call (callerAddress); an account's declines count
      // against them together, so hanging up and calling again does not start a tester's count afresh.
      declineSource(scope, state),
    );
    if (result.ok) return { payment: result.value };
    const refusal = mainRefusal(result.userErrors);
    if (refusal?.code === UserErrorCode.FEE_CHANGED) return { feeChanged: true };
    if (refusal?.code === UserErrorCode.AMOUNT_DUE_CHANGED && accountId !== undefined) return { amountDueNow: await amountDueHeard(ctx, accountId) };
    const countsAsDecline = refusal?.code === UserErrorCode.BANK_ACCOUNT_INVALID ? { countsAsDecline: true as const } : {};
    return { refused: refusal?.message ?? '', retry: retryAfter(refusal), ...countsAsDecline };
  } catch (error) {
    // The account proof is checked again as the payment is made, under the same limits as a look-up, which the web
    // (or a wrong guess) may have filled since this caller was verified: nothing was charged.
    if (error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED) {
      return error.details['reason'] === ACCOUNT_DECLINE_LIMIT ? { rateLimited: true, accountUnderAttack: true } : { rateLimited: true };
    }
    throw error;
  }
}

/**
 * The refusal the caller hears when there are several: that a payment of the
 * account is being confirmed first (nothing else can be paid until it is),
 * then that the amount due changed (they choose again), then the first.
 */
function mainRefusal(userErrors: readonly UserError[]): UserError | undefined {
  const first = (code: UserErrorCode) => userErrors.find((error) => error.code === code);
  return first(UserErrorCode.PAYMENT_BEING_CONFIRMED) ?? first(UserErrorCode.AMOUNT_DUE_CHANGED) ?? userErrors[0];
}

/** What no card can fix is not offered another card: only a refusal of the card itself is; one this line does not know of ends the call. */
function retryAfter(refusal: UserError | undefined): RetryAfterRefusal {
  switch (refusal?.code) {
    // Also a bank account its bank closed, the city blocked after a return, or whose last e-check to this account the
    // bank has not yet paid: another bank account, or a card, may be taken.
    case UserErrorCode.CARD_DECLINED:
    case UserErrorCode.INSUFFICIENT_FUNDS:
    case UserErrorCode.EXPIRED_CARD:
    case UserErrorCode.PROCESSING_ERROR:
    case UserErrorCode.CARD_BRAND_NOT_ACCEPTED:
    case UserErrorCode.CARD_NUMBER_NOT_ACCEPTED:
    case UserErrorCode.INVALID_TOKEN:
    case UserErrorCode.BANK_ACCOUNT_INVALID:
    case UserErrorCode.BANK_ACCOUNT_BLOCKED:
    case UserErrorCode.ECHECK_AWAITING_BANK:
      return 'CARD';
    // The processor did not answer as the card was charged (nothing was): another card would go to the same processor.
    case UserErrorCode.PROCESSOR_UNAVAILABLE:
      return 'UNAVAILABLE';
    case UserErrorCode.AMOUNT_TOO_LARGE:
    case UserErrorCode.EXCEEDS_AMOUNT_DUE:
      return 'AMOUNT';
    // The payment proves the account again, and a proof made on this call can lapse: a Norman payment posting meanwhile
    // is the account's last payment now.
    case UserErrorCode.VERIFICATION_FAILED:
      return 'ACCOUNT';
    default:
      return 'NOTHING';
  }
}

/**
 * The caller hears how the payment went; the hold is over. Anything but a
 * payment recorded charged nothing, and what comes next is an attempt of its
 * own (this one's refusal is what its key now answers, in this process).
 */
async function turnFor(scope: CallScope, held: CallState, outcome: PaymentOutcome): Promise<Turn> {
  const state: CallState = { ...held, holds: undefined };
  const { locale } = state;
  const next = state.attempt + 1;
  // A limit reached after a decline on this call is taken for payments' card-testing one (the error does not say which),
  // and so is the account's backstop (which does say): declines are no failed look-up. The caller may be the account's
  // resident, with a bill due: put through to customer service, who can take the payment, while it is open, rather
  // than only told to try later.
  if ('rateLimited' in outcome) {
    if (!state.declines && !outcome.accountUnderAttack) return end(scope, state, [t(locale, 'phone.rateLimited')], 'VERIFICATION_FAILED');
    return declineLimited(scope, state, outcome.accountUnderAttack === true);
  }
  if ('refused' in outcome) {
    const told = t(locale, 'phone.notTaken', { reason: outcome.refused });
    switch (outcome.retry) {
      case 'ACCOUNT': {
        // The account is proved again from the start, its last payment amount as it is now; nothing of the old proof is kept.
        const again: CallState = {
          step: 'ACCOUNT',
          locale,
          from: state.from,
          accountTries: state.accountTries,
          silences: 0,
          attempt: next,
          ...(state.declines ? { declines: state.declines, bankDeclines: state.bankDeclines } : {}),
        };
        return ask(scope, again, [t(locale, state.lastPaymentAmount === undefined ? 'phone.proofLapsed' : 'phone.proofLapsedWithAmount')]);
      }
      case 'AMOUNT': {
        // The refusal may be that the account owes less now (another payment meanwhile): the next amount is checked against that.
        const owed = state.serviceAccountId === undefined ? {} : await amountDueHeard(scope.ctx, state.serviceAccountId);
        return ask(scope, { ...state, ...owed, card: undefined, amountCents: undefined, paysAmountDue: undefined, quotedTotalCents: undefined, attempt: next, step: 'OTHER_AMOUNT' }, [told]);
      }
      case 'UNAVAILABLE':
        scope.ctx.log.error({ callSid: scope.callSid }, 'phone: the processor did not answer as a card was charged; nothing was charged');
        return noCardsNow(scope, { ...state, card: undefined, attempt: next });
      case 'NOTHING':
        return end(scope, state, [told, t(locale, 'phone.goodbye')], 'ENDED');
      case 'CARD': {
        // Counted as the limits count it: a limit reached after bank accounts their banks do not know is card testing's
        // (the call ENDED), not a failed look-up of the account.
        const declined = outcome.countsAsDecline ? declinedOn(state, 'BANK_ACCOUNT') : {};
        return ask(scope, { ...state, ...declined, card: undefined, attempt: next, step: 'CARD_FAILED' }, [told]);
      }
    }
  }
  if ('amountDueNow' in outcome) {
    const due = BigInt(outcome.amountDueNow.amountDueCents);
    const menu: CallState = {
      ...state,
      ...outcome.amountDueNow,
      amountCents: undefined,
      paysAmountDue: undefined,
      card: undefined,
      quotedTotalCents: undefined,
      attempt: next,
      step: 'AMOUNT_MENU',
    };
    return ask(scope, menu, [t(locale, 'phone.amountDueChanged', { amount: formatMoney(money(due), locale) })]);
  }
  // The same card, the new total read, and confirmed again (or not).
  if ('feeChanged' in outcome) return ask(scope, quoted(scope, { ...state, attempt: next, step: 'CONFIRM' }), [t(locale, 'phone.feeChanged')]);
  return paidTurn(scope, state, outcome.payment);
}

/** The call's decline counts with one more of `kind`: payments' card-testing limits count it. */
function declinedOn(state: CallState, kind: PaymentEntity['methodKind']): Pick<CallState, 'declines' | 'bankDeclines'> {
  const bankDeclines = (state.bankDeclines ?? 0) + (kind === 'BANK_ACCOUNT' ? 1 : 0);
  return { declines: (state.declines ?? 0) + 1, ...(bankDeclines > 0 ? { bankDeclines } : {}) };
}

/**
 * What a caller stopped by the decline limits hears was refused: cards, bank accounts, or both, since a caller declined
 * may switch between them.
 */
function tooManyRefused(state: CallState): MessageKey {
  const bankDeclines = state.bankDeclines ?? 0;
  if (bankDeclines === 0) return 'phone.tooManyDeclines';
  return bankDeclines >= (state.declines ?? 0) ? 'phone.tooManyBankAccountsRefused' : 'phone.tooManyCardsAndBankAccountsRefused';
}

/**
 * Another hold, or, when they are used up, what is known: a payment
 * recorded and still with the processor is read as being confirmed, as one
 * the processor did not answer is; none recorded yet cannot be said to be
 * paid or not, and the caller is told to check before paying again (should
 * it go through later, the call's record and a text say so). `lastRead`
 * is the payment as just read, when it was (null: none recorded).
 */
async function holdOrTellWhatIsKnown(scope: CallScope, state: CallState, lastRead?: PaymentEntity | null): Promise<Turn> {
  const holds = (state.holds ?? 0) + 1;
  if (holds <= scope.phone.maxHolds) return ask(scope, { ...state, step: 'PAYING', holds }, []);
  const payment = lastRead !== undefined ? lastRead : await findPaymentByKey(scope.ctx, paymentKeyOf(scope, state));
  if (payment) return turnFor(scope, state, { payment });
  return end(scope, { ...state, holds: undefined }, [t(state.locale, 'phone.paymentUnconfirmed')], 'ENDED');
}

/** A call's payment's idempotency key: the call's and the attempt's. */
export const callPaymentKey = (callSid: string, attempt: number) => `phone:${callSid}:${attempt}`;
const paymentKeyOf = (scope: CallScope, state: CallState) => callPaymentKey(scope.callSid, state.attempt);

/**
 * The caller hears how the payment went: declined, or taken back before they
 * heard (another card, or goodbye), or paid (or being confirmed) and its
 * receipt.
 *
 * A caller told "being confirmed" has no email on the line and may hang up,
 * press 3 or stay on, before the processor (or reconciliation) says how it
 * went: their number is kept on the payment now, so its outcome is texted
 * to them once known, whatever they do next, and once (textPaymentOutcome
 * keeps the first number and texts a payment once; pressing 2 later asks
 * for the same text). A number that refuses the city's texts (a STOP) is
 * not kept, and its caller is offered no text: none would reach them.
 */
async function paidTurn(scope: CallScope, state: CallState, payment: PaymentEntity): Promise<Turn> {
  const { locale } = state;
  const outcome = callerOutcomeOf(payment.status);
  if (outcome === 'DECLINED' || outcome === 'TAKEN_BACK') {
    const message = declineOf(payment, locale)?.message ?? t(locale, 'phone.paymentTakenBack');
    const declined = outcome === 'DECLINED' ? declinedOn(state, payment.methodKind) : {};
    return { ...ask(scope, { ...state, ...declined, card: undefined, attempt: state.attempt + 1, step: 'DECLINED' }, [message]), told: payment };
  }
  const textTo = await textableCaller(scope.ctx, state.from);
  if (outcome === 'BEING_CONFIRMED' && textTo !== null) await textPaymentOutcome(scope.ctx, payment.id, textTo);
  // Only money in requests the restoration: a payment still being confirmed has requested nothing yet.
  const paysFullBalance = outcome === 'PAID' && state.disconnected === true && (await restorationRequestedBy(scope.ctx, payment.id));
  const next: CallState = {
    ...state,
    step: 'RECEIPT',
    ...(state.from !== null && textTo === null ? { textsRefused: true } : {}),
    payment: {
      id: payment.id,
      confirmationNumber: payment.confirmationNumber,
      totalCents: payment.totalCents.toString(),
      postingDate: payment.expectedPostingDate,
      confirmed: outcome === 'PAID',
      paysFullBalance,
      echeck: payment.methodKind === 'BANK_ACCOUNT',
    },
  };
  const total = formatMoney(money(payment.totalCents), locale);
  const turn = ask(scope, next, [t(locale, outcome === 'PAID' ? 'phone.paid' : pendingMessage(payment), { amount: total })]);
  return { ...turn, outcome: 'PAID', told: payment };
}

/** A payment still with the processor, in the words of its method: an e-check's caller has no card company confirming it. */
const pendingMessage = (payment: PaymentEntity): MessageKey => (payment.methodKind === 'BANK_ACCOUNT' ? 'phone.pendingEcheck' : 'phone.pending');

/**
 * Whether billing requested the restoration of service this payment paid
 * for, as the payment's receipt on the web says it (Payment.restorations).
 * What the caller paid against what they heard is due cannot say: the amount
 * due leaves out payments still with the processor, which billing counts
 * only once the processor has taken them.
 */
async function restorationRequestedBy(ctx: TenantContext, paymentId: string): Promise<boolean> {
  const restorations = await withTenant(ctx, (manager) => restorationsPaidBy(manager, [paymentId]));
  return restorations.some((restoration) => restoration.progress === 'REQUESTED');
}

/**
 * The receipt by text message, queued in the notification outbox (delivery is
 * the notifications service's). Asked again as the caller presses 2 (a STOP
 * may have come since the menu was read, or the caller pressed 2 unoffered): a
 * number that refuses the city's texts is told so, and hears the
 * confirmation number again instead.
 */
async function textReceipt(scope: CallScope, state: CallState): Promise<Turn> {
  const { locale } = state;
  const payment = state.payment;
  const textTo = await textableCaller(scope.ctx, state.from);
  if (textTo === null) return ask(scope, { ...state, textsRefused: true }, [t(locale, 'phone.cannotText')]);
  if (payment) await textPaymentOutcome(scope.ctx, payment.id, textTo);
  return ask(scope, { ...state, textSent: true }, [t(locale, payment?.confirmed === false ? 'phone.textWhenConfirmed' : 'phone.textSent')]);
}

/** 0 at a menu: a transfer to customer service while it is open; otherwise its hours (and that today is a holiday), and the same menu again. */
function customerService(scope: CallScope, state: CallState): Turn {
  const { settings } = scope.tenant;
  const number = customerServiceNumber(scope);
  if (number === null) return ask(scope, state, [t(state.locale, 'phone.invalidChoice')]);
  const open = supportNow(settings, scope.ctx.clock.now());
  if (open !== 'OPEN') {
    const hours = describeSupportHours(settings.contact.supportHours, settings.timeZone, state.locale);
    return ask(scope, state, open === 'HOLIDAY' ? [t(state.locale, 'phone.closedForHoliday'), hours] : [hours]);
  }
  return transfer(scope, state, number, []);
}

const customerServiceNumber = (scope: CallScope) => {
  const { customerServicePhone } = scope.tenant.settings.contact;
  return customerServicePhone ? toE164(customerServicePhone) : null;
};

function transfer(scope: CallScope, state: CallState, number: string, before: string[]): Turn {
  const answer = new Answer(state.locale, scope.action).say(...before, t(state.locale, 'phone.transferring'));
  return { twiml: answer.dial(number), state: null, outcome: 'TRANSFERRED' };
}

/**
 * The line of a city that takes no card takes no payment (`<Pay>` takes cards
 * alone). The settings refuse such a line, but a city's settings saved before
 * that rule may keep one: its callers hear so before they key an account, and
 * go to customer service while it is open, or hear its hours, never a `<Pay>`
 * naming no card type.
 */
function noPaymentsByPhone(scope: CallScope, state: CallState, before: string[]): Turn {
  return handOver(scope, state, [...before, t(state.locale, 'phone.noPaymentsByPhone')]);
}

/** A call the line can take no further, after `told`: put through to customer service while it is open, or told its hours, and goodbye. */
function handOver(scope: CallScope, state: CallState, told: string[]): Turn {
  const { locale } = state;
  const { settings } = scope.tenant;
  const number = customerServiceNumber(scope);
  if (number === null) return end(scope, state, [...told, t(locale, 'phone.goodbye')], 'ENDED');
  const open = supportNow(settings, scope.ctx.clock.now());
  if (open === 'OPEN') return transfer(scope, state, number, told);
  const closed = open === 'HOLIDAY' ? [t(locale, 'phone.closedForHoliday')] : [];
  return end(scope, state, [...told, ...closed, describeSupportHours(settings.contact.supportHours, settings.timeZone, locale), t(locale, 'phone.goodbye')], 'ENDED');
}

function end(scope: CallScope, state: CallState, sentences: string[], outcome: CallOutcome): Turn {
  const answer = new Answer(state.locale, scope.action).say(...sentences);
  return { twiml: answer.hangup(), state: null, outcome };
}

/** The amount due and when: a past-due part is to be paid now, never "due" on the next bill's date. */
function accountSummary(state: CallState, last4: string, due: bigint): string {
  const { locale } = state;
  const amount = formatMoney(money(due), locale);
  const pastDue = BigInt(state.pastDueCents ?? '0');
  if (pastDue >= due) return t(locale, 'phone.accountSummaryAllPastDue', { last4, amount });
  if (pastDue > 0n) return t(locale, 'phone.accountSummaryPastDue', { last4, amount, pastDue: formatMoney(money(pastDue), locale) });
  if (state.dueDate) return t(locale, 'phone.accountSummary', { last4, amount, dueDate: formatLocalDate(state.dueDate, locale) });
  return t(locale, 'phone.accountSummaryNoDate', { last4, amount });
}

/** Asks the question of `state.step`, after `before`. */
function ask(scope: CallScope, state: CallState, before: string[]): Turn {
  const { locale } = state;
  const { settings } = scope.tenant;
  const answer = new Answer(locale, scope.action).say(...before);
  const operator = settings.contact.customerServicePhone ? t(locale, 'phone.operatorHint') : '';
  const money$ = (cents: string | bigint | undefined) => formatMoney(money(BigInt(cents ?? '0')), locale);
  const turn = (twiml: twiml.VoiceResponse): Turn => ({ twiml, state });
  // Never a <Pay> naming no card type, nor an account asked for a payment that cannot be taken.
  if ((state.step === 'ACCOUNT' || state.step === 'METHOD' || state.step === 'CARD') && settings.paymentRules.acceptedCardBrands.length === 0) return noPaymentsByPhone(scope, state, before);
  switch (state.step) {
    case 'LANGUAGE':
      for (const offered of settings.locales) answer.sayIn(offered, t(offered, offered === 'es' ? 'phone.chooseSpanish' : 'phone.chooseEnglish'));
      return turn(answer.menu());
    case 'ACCOUNT':
      return turn(answer.say(t(locale, 'phone.enterAccount')).entry());
    case 'LAST_PAYMENT':
      return turn(answer.say(t(locale, 'phone.enterLastPayment')).entry());
    case 'AMOUNT_MENU': {
      const last4 = spellOut(state.accountLast4 ?? '');
      const due = BigInt(state.amountDueCents ?? '0');
      // A caller back after hanging up mid-payment would otherwise hear "nothing is due" of a payment that may yet be
      // declined, or pay it again; a disconnected account's sentence says it already.
      const underWay = state.paymentUnanswered === true && state.disconnected !== true ? t(locale, 'phone.paymentUnderWay') : '';
      if (due > 0n) {
        answer.say(accountSummary(state, last4, due), underWay);
        // Paying the amount due requests restoration only once billing has every payment of it: none is still with the processor.
        if (state.disconnected) {
          answer.say(state.paymentUnanswered ? t(locale, 'phone.disconnectedPaymentUnderWay') : t(locale, 'phone.disconnected', { amount: money$(due) }));
        }
        answer.say(t(locale, 'phone.payMenu'));
      } else answer.say(t(locale, 'phone.nothingDue', { last4 }), underWay, t(locale, anythingPayable(scope, state) ? 'phone.payMenuNothingDue' : 'phone.nothingPayableMenu'));
      return turn(answer.say(operator).menu());
    }
    case 'OTHER_AMOUNT':
      return turn(answer.say(t(locale, 'phone.enterAmount')).entry());
    case 'METHOD':
      return turn(answer.say(t(locale, 'phone.methodMenu'), operator).menu());
    case 'BANK': {
      const cardsAsked = state.cardsAsked ?? 0;
      if (cardsAsked >= MAX_CARDS_PER_CALL) return handOver(scope, { ...state, card: undefined }, [...before, t(locale, 'phone.noMoreCards')]);
      answer.say(t(locale, 'phone.bankIntro'));
      return {
        state: { ...state, cardsAsked: cardsAsked + 1 },
        twiml: answer.bank({
          connector: scope.phone.payConnector,
          description: settings.displayName,
          holderName: holderNameForProcessor(state.holderName ?? ''),
          prompts: { routingNumber: t(locale, 'phone.bankRoutingPrompt'), accountNumber: t(locale, 'phone.bankAccountPrompt') },
          errorPrompts: [
            { for: 'bank-routing-number', errorType: 'invalid-bank-routing-number', text: t(locale, 'phone.bankRoutingInvalidPrompt') },
            { for: 'bank-account-number', errorType: 'invalid-bank-account-number', text: t(locale, 'phone.bankAccountInvalidPrompt') },
          ],
        }),
      };
    }
    case 'CARD': {
      const cardsAsked = state.cardsAsked ?? 0;
      if (cardsAsked >= MAX_CARDS_PER_CALL) return handOver(scope, { ...state, card: undefined }, [...before, t(locale, 'phone.noMoreCards')]);
      answer.say(t(locale, 'phone.cardIntro'));
      return {
        state: { ...state, cardsAsked: cardsAsked + 1 },
        twiml: answer.card({
          connector: scope.phone.payConnector,
          cardTypes: settings.paymentRules.acceptedCardBrands.map((brand) => PAY_CARD_TYPES[brand]),
          description: settings.displayName,
          prompts: {
            number: t(locale, 'phone.cardNumberPrompt'),
            expiry: t(locale, 'phone.cardExpiryPrompt'),
            code: t(locale, 'phone.cardCodePrompt'),
            postalCode: t(locale, 'phone.cardPostalPrompt'),
          },
          errorPrompts: [
            { for: 'payment-card-number', errorType: 'invalid-card-number', text: t(locale, 'phone.cardNumberInvalidPrompt') },
            { for: 'payment-card-number', errorType: 'invalid-card-type', text: t(locale, 'phone.cardTypeNotAcceptedPrompt', { accepted: acceptedCards(scope, locale) }) },
            { for: 'expiration-date', errorType: 'invalid-date', text: t(locale, 'phone.cardDateInvalidPrompt') },
            { for: 'security-code', errorType: 'invalid-security-code', text: t(locale, 'phone.cardCodeInvalidPrompt') },
          ],
        }),
      };
    }
    case 'CARD_FAILED':
      return turn(answer.say(t(locale, againStep(scope, state) === 'METHOD' ? 'phone.methodFailedMenu' : 'phone.cardFailedMenu'), operator).menu());
    case 'DECLINED': {
      const menu = againStep(scope, state) === 'METHOD' ? 'phone.methodFailedMenu' : offersBankAfterDecline(scope, state) ? 'phone.declinedMenuOrBank' : 'phone.declinedMenu';
      return turn(answer.say(t(locale, menu), operator).menu());
    }
    case 'CONFIRM': {
      const amount = BigInt(state.amountCents ?? '0');
      // The total kept as quoted, read again as it was (what the payment is confirmed at).
      const fee = BigInt((state.quotedTotalCents === undefined ? quoted(scope, state) : state).quotedTotalCents!) - amount;
      const card = { brand: state.card?.brand ?? '', last4: spellOut(state.card?.last4 ?? '') };
      if (state.paysBy === 'BANK_ACCOUNT') {
        const returnFee = BigInt(settings.paymentRules.returnedPaymentFeeCents);
        const terms = returnFee > 0n ? t(locale, 'phone.echeckTerms', { fee: money$(returnFee) }) : t(locale, 'phone.echeckTermsNoFee');
        const bank = { last4: card.last4, terms };
        answer.say(fee > 0n ? t(locale, 'phone.confirmBankWithFee', { amount: money$(amount + fee), fee: money$(fee), ...bank }) : t(locale, 'phone.confirmBank', { amount: money$(amount), ...bank }));
      } else answer.say(fee > 0n ? t(locale, 'phone.confirmWithFee', { amount: money$(amount + fee), fee: money$(fee), ...card }) : t(locale, 'phone.confirm', { amount: money$(amount), ...card }));
      return turn(answer.say(operator).menu());
    }
    case 'PAYING':
      // No keys: the provider comes straight back, and the payment is looked at again.
      return turn(answer.say(t(locale, 'phone.holding')).redirect());
    case 'RECEIPT': {
      const payment = state.payment!;
      answer.say(
        t(locale, 'phone.confirmationNumber', { spelled: spellOut(payment.confirmationNumber) }),
        t(locale, 'phone.posting', { date: formatLocalDate(payment.postingDate, locale), rule: describePostingPolicy(settings, locale) }),
      );
      if (payment.echeck === true) answer.say(t(locale, 'phone.echeckReceipt'));
      if (payment.paysFullBalance) answer.say(t(locale, 'phone.restorationRequested'));
      answer.say(t(locale, state.from !== null && !state.textSent && !state.textsRefused ? 'phone.receiptMenu' : 'phone.receiptMenuNoText'));
      return turn(answer.menu());
    }
    case 'DONE':
      return { twiml: answer.say(t(locale, 'phone.goodbye')).hangup(), state: null };
  }
}

import type { FormMessages } from './hosted-fields-messages';

/*
 * The hosted form's program, which runs in the browser inside the iframe.
 * Its functions are sent as their own source text (`Function#toString`), so
 * each must be self-contained: no imports, no module-level values, only the
 * functions listed in HOSTED_FIELDS_SCRIPT_FUNCTIONS and browser globals. The
 * browser is reached through the small interfaces below rather than the DOM
 * library, which this Node package does not compile against.
 *
 * The form's checks are for the person typing (clear messages before
 * anything is sent); POST /v1/tokens checks everything again with
 * @platform/core's validators, and a test holds the two to the same answers.
 */

export type ClientBrand = 'VISA' | 'MASTERCARD' | 'AMERICAN_EXPRESS' | 'DISCOVER';

/** What the page passes the program (a JSON data block, not script). */
export interface ClientConfig {
  readonly origin: string;
  readonly kind: 'CARD' | 'BANK_ACCOUNT';
  readonly brands: readonly ClientBrand[];
  readonly brandNames: Readonly<Record<ClientBrand, string>>;
  readonly messages: FormMessages;
  readonly tokensUrl: string;
}

export interface FieldProblem {
  readonly field: string;
  /** `required`, `invalid`, `brand_not_accepted`, `brand_not_supported` or `expired`. */
  readonly code: string;
  readonly message: string;
}

export interface CardValues {
  readonly number: string;
  readonly expiry: string;
  readonly cvc: string;
  readonly postalCode: string;
  readonly holderName: string;
}

export interface BankValues {
  readonly routingNumber: string;
  readonly accountNumber: string;
  readonly accountType: string;
  readonly holderName: string;
}

interface ClientElement {
  value: string;
  textContent: string | null;
  readonly checked: boolean;
  focus(): void;
  setAttribute(name: string, value: string): void;
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void): void;
  getBoundingClientRect(): { readonly height: number };
}

interface ClientDocument {
  readonly body: ClientElement;
  getElementById(id: string): ClientElement | null;
  querySelector(selector: string): ClientElement | null;
}

interface ClientResponse {
  readonly status: number;
  json(): Promise<unknown>;
}

interface ClientMessageEvent {
  readonly origin: string;
  readonly source: unknown;
  readonly data: unknown;
}

/** The browser window, as much of it as the form uses. */
interface ClientWindow {
  readonly document: ClientDocument;
  readonly parent: { postMessage(message: unknown, targetOrigin: string): void };
  addEventListener(type: 'message', listener: (event: ClientMessageEvent) => void): void;
  fetch(url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<ClientResponse>;
  readonly ResizeObserver: new (callback: () => void) => { observe(target: ClientElement): void };
}

/** The Luhn check, as @platform/core's luhnValid. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let total = 0;
  for (let index = 0; index < digits.length; index++) {
    const digit = Number(digits[digits.length - 1 - index]);
    const weighted = index % 2 === 1 ? digit * 2 : digit;
    total += weighted > 9 ? weighted - 9 : weighted;
  }
  return total % 10 === 0;
}

/** The network from the leading digits, as @platform/core's cardBrandOf, so the brand shows while the number is typed. */
export function brandOf(digits: string): ClientBrand | null {
  if (!/^\d+$/.test(digits)) return null;
  if (digits.startsWith('4')) return 'VISA';
  const leading = (width: number) => (digits.length >= width ? Number(digits.slice(0, width)) : -1);
  if ((leading(2) >= 51 && leading(2) <= 55) || (leading(4) >= 2221 && leading(4) <= 2720)) return 'MASTERCARD';
  if (leading(2) === 34 || leading(2) === 37) return 'AMERICAN_EXPRESS';
  if (leading(4) === 6011 || (leading(3) >= 644 && leading(3) <= 649) || leading(2) === 65) return 'DISCOVER';
  return null;
}

/** An ABA routing number, as @platform/core's abaRoutingValid: a known district and the 3-7-1 checksum. */
export function routingNumberValid(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const district = Number(routing.slice(0, 2));
  if (!(district <= 12 || (district >= 21 && district <= 32) || (district >= 61 && district <= 72) || district === 80)) return false;
  const weights = [3, 7, 1];
  let total = 0;
  for (let index = 0; index < 9; index++) total += Number(routing[index]) * (weights[index % 3] ?? 0);
  return total % 10 === 0;
}

/** `MM/YY`, `MM / YYYY`, `MMYY`: the month and four-digit year, or null. */
export function parseExpiry(text: string): { month: number; year: number } | null {
  const match = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/.exec(text.trim());
  if (!match) return null;
  const month = Number(match[1]);
  const year = Number(match[2]?.length === 2 ? `20${match[2]}` : match[2]);
  return month >= 1 && month <= 12 ? { month, year } : null;
}

/**
 * Every problem with a card, in the order of the fields. `today` is the
 * browser's date: the processor decides expiry for good with its own clock.
 */
export function cardProblems(values: CardValues, config: ClientConfig, today: { year: number; month: number }): FieldProblem[] {
  const messages = config.messages;
  const problems: FieldProblem[] = [];
  const digits = values.number.replace(/[\s-]/g, '');
  const brand = brandOf(digits);
  if (digits === '') problems.push({ field: 'number', code: 'required', message: messages.numberMissing });
  else if (brand && !config.brands.includes(brand)) {
    problems.push({ field: 'number', code: 'brand_not_accepted', message: messages.brandRefused.replace('{brand}', config.brandNames[brand]) });
  } else if (!/^\d{13,19}$/.test(digits) || !passesLuhn(digits)) problems.push({ field: 'number', code: 'invalid', message: messages.numberInvalid });
  else if (!brand) problems.push({ field: 'number', code: 'brand_not_supported', message: messages.brandUnsupported });

  const expiry = parseExpiry(values.expiry);
  if (!expiry) problems.push({ field: 'expiry', code: values.expiry.trim() ? 'invalid' : 'required', message: messages.expiryInvalid });
  else if (expiry.year < today.year || (expiry.year === today.year && expiry.month < today.month)) {
    problems.push({ field: 'expiry', code: 'expired', message: messages.cardExpired });
  }
  const amex = brand === 'AMERICAN_EXPRESS';
  if (!(amex ? /^\d{4}$/ : /^\d{3}$/).test(values.cvc.trim())) {
    problems.push({ field: 'cvc', code: values.cvc.trim() ? 'invalid' : 'required', message: amex ? messages.cvcInvalid4 : messages.cvcInvalid3 });
  }
  if (!/^\d{5}$/.test(values.postalCode.trim())) {
    problems.push({ field: 'postalCode', code: values.postalCode.trim() ? 'invalid' : 'required', message: messages.postalCodeInvalid });
  }
  if (!values.holderName.trim()) problems.push({ field: 'holderName', code: 'required', message: messages.cardHolderMissing });
  return problems;
}

export function bankProblems(values: BankValues, config: ClientConfig): FieldProblem[] {
  const messages = config.messages;
  const problems: FieldProblem[] = [];
  const routing = values.routingNumber.trim();
  if (!routingNumberValid(routing)) problems.push({ field: 'routingNumber', code: routing ? 'invalid' : 'required', message: messages.routingNumberInvalid });
  const account = values.accountNumber.trim();
  if (!/^\d{4,17}$/.test(account)) problems.push({ field: 'accountNumber', code: account ? 'invalid' : 'required', message: messages.accountNumberInvalid });
  if (values.accountType !== 'CHECKING' && values.accountType !== 'SAVINGS') {
    problems.push({ field: 'accountType', code: 'required', message: messages.accountTypeMissing });
  }
  if (!values.holderName.trim()) problems.push({ field: 'holderName', code: 'required', message: messages.bankHolderMissing });
  return problems;
}

/**
 * Wires the form: shows the brand as it is typed, checks fields when they
 * are left, and on the parent's `hosted-fields:submit` checks everything,
 * tokenizes at the processor and posts back only the token and what a page
 * may show. Messages go to `config.origin` alone and are taken from it alone.
 */
function runHostedFields(win: ClientWindow, config: ClientConfig): void {
  const doc = win.document;
  const card = config.kind === 'CARD';
  const fieldNames = card ? ['number', 'expiry', 'cvc', 'postalCode', 'holderName'] : ['routingNumber', 'accountNumber', 'accountType', 'holderName'];
  const post = (message: Record<string, unknown>) => win.parent.postMessage(message, config.origin);
  const element = (id: string) => doc.getElementById(id);
  const valueOf = (field: string) => element(field)?.value ?? '';
  const cardDigits = () => valueOf('number').replace(/[\s-]/g, '');
  const checkedAccountType = () => doc.querySelector('input[name="accountType"]:checked')?.value ?? '';
  const inputsOf = (field: string) => (field === 'accountType' ? [element('accountType-checking'), element('accountType-savings')] : [element(field)]);
  // The radio group's first button stands for the group when it takes focus.
  const focusTarget = (field: string) => inputsOf(field)[0];

  const problems = (): FieldProblem[] => {
    if (!card) {
      return bankProblems({ routingNumber: valueOf('routingNumber'), accountNumber: valueOf('accountNumber'), accountType: checkedAccountType(), holderName: valueOf('holderName') }, config);
    }
    const now = new Date();
    const values = { number: valueOf('number'), expiry: valueOf('expiry'), cvc: valueOf('cvc'), postalCode: valueOf('postalCode'), holderName: valueOf('holderName') };
    return cardProblems(values, config, { year: now.getFullYear(), month: now.getMonth() + 1 });
  };

  const showProblem = (field: string, message: string | null) => {
    const error = element(`${field}-error`);
    if (error) error.textContent = message ?? '';
    for (const input of inputsOf(field)) input?.setAttribute('aria-invalid', message ? 'true' : 'false');
  };
  const showOnly = (field: string, found: readonly FieldProblem[]) => showProblem(field, found.find((problem) => problem.field === field)?.message ?? null);

  let brandRefusalShown = false;
  const showBrand = () => {
    const brand = brandOf(cardDigits());
    const label = element('number-brand');
    if (label) label.textContent = brand ? config.brandNames[brand] : '';
    const amex = brand === 'AMERICAN_EXPRESS';
    const hint = element('cvc-hint');
    if (hint) hint.textContent = amex ? config.messages.cvcHint4 : config.messages.cvcHint3;
    element('cvc')?.setAttribute('maxlength', amex ? '4' : '3');
    // A brand the merchant refuses is known from the first digits: say so at once, and take it back once the number changes.
    const refused = problems().find((problem) => problem.field === 'number' && problem.code === 'brand_not_accepted');
    if (refused) showProblem('number', refused.message);
    else if (brandRefusalShown) showProblem('number', null);
    brandRefusalShown = refused !== undefined;
  };

  /** What to say when the processor refuses a field the form let through. */
  const refusalMessage = (field: string, code: string): string => {
    const messages = config.messages;
    const byField: Record<string, string> = {
      number: code === 'card_brand_not_accepted' ? messages.brandUnsupported : messages.numberInvalid,
      expiry: code === 'card_expired' ? messages.cardExpired : messages.expiryInvalid,
      cvc: brandOf(cardDigits()) === 'AMERICAN_EXPRESS' ? messages.cvcInvalid4 : messages.cvcInvalid3,
      postalCode: messages.postalCodeInvalid,
      holderName: card ? messages.cardHolderMissing : messages.bankHolderMissing,
      routingNumber: messages.routingNumberInvalid,
      accountNumber: messages.accountNumberInvalid,
      accountType: messages.accountTypeMissing,
    };
    return byField[field] ?? messages.tokenizeFailed;
  };

  for (const field of fieldNames) {
    for (const input of inputsOf(field)) {
      // Left with something in it: say what is wrong. Corrected: clear the message as soon as it is right.
      input?.addEventListener('blur', () => {
        if (field === 'accountType' || valueOf(field).trim()) showOnly(field, problems());
      });
      input?.addEventListener(field === 'accountType' ? 'change' : 'input', () => {
        if (card && field === 'number') showBrand();
        if (element(`${field}-error`)?.textContent) showOnly(field, problems());
      });
    }
  }
  // Pressing Enter must not navigate the frame: the merchant's page decides when to submit.
  element('hosted-fields')?.addEventListener('submit', (event) => event.preventDefault());

  let busy = false;
  const submit = async () => {
    if (busy) return;
    busy = true;
    try {
      const found = problems();
      for (const field of fieldNames) showOnly(field, found);
      if (found.length > 0) {
        focusTarget(found[0]?.field ?? '')?.focus();
        post({ type: 'hosted-fields:invalid', fields: found });
        return;
      }
      post(await tokenize());
    } catch {
      post({ type: 'hosted-fields:error', message: config.messages.tokenizeFailed });
    } finally {
      busy = false;
    }
  };

  const tokenize = async (): Promise<Record<string, unknown>> => {
    const expiry = parseExpiry(valueOf('expiry'));
    const body = card
      ? { number: cardDigits(), expMonth: expiry?.month, expYear: expiry?.year, cvc: valueOf('cvc').trim(), postalCode: valueOf('postalCode').trim(), holderName: valueOf('holderName').trim() }
      : { routingNumber: valueOf('routingNumber').trim(), accountNumber: valueOf('accountNumber').trim(), accountType: checkedAccountType(), holderName: valueOf('holderName').trim() };
    const response = await win.fetch(config.tokensUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await response.json()) as { token?: string; kind?: string; brand?: string; last4?: string; expMonth?: number; expYear?: number; error?: { code?: string; field?: string | null } };
    if (response.status === 201 && answer.token) {
      return { type: 'hosted-fields:token', token: answer.token, kind: answer.kind, brand: answer.brand, last4: answer.last4, expMonth: answer.expMonth, expYear: answer.expYear };
    }
    // The processor refused a field the form let through (an expiry by its clock, say): show it where it belongs.
    const serverField = answer.error?.field ?? '';
    const field = serverField === 'expMonth' || serverField === 'expYear' ? 'expiry' : serverField;
    if (response.status === 400 && fieldNames.includes(field)) {
      const code = answer.error?.code ?? '';
      const problem = { field, code: code === 'card_expired' ? 'expired' : 'invalid', message: refusalMessage(field, code) };
      showProblem(field, problem.message);
      focusTarget(field)?.focus();
      return { type: 'hosted-fields:invalid', fields: [problem] };
    }
    return { type: 'hosted-fields:error', message: config.messages.tokenizeFailed };
  };

  win.addEventListener('message', (event) => {
    // Only the embedding page, from the origin it was configured with, may ask.
    if (event.origin !== config.origin || event.source !== win.parent) return;
    const data = event.data as { type?: unknown } | null;
    if (data && typeof data === 'object' && data.type === 'hosted-fields:submit') void submit();
  });

  let lastHeight = -1;
  const announceHeight = () => {
    const height = Math.ceil(doc.body.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    post({ type: 'hosted-fields:ready', height });
  };
  new win.ResizeObserver(announceHeight).observe(doc.body);
  announceHeight();
}

/** Everything the page's script is made of; the page then calls runHostedFields with its settings. */
export const HOSTED_FIELDS_SCRIPT_FUNCTIONS = [passesLuhn, brandOf, routingNumberValid, parseExpiry, cardProblems, bankProblems, runHostedFields] as const;

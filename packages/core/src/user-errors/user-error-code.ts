/**
 * Why a mutation refused its input: the one vocabulary every service speaks,
 * so a front end handles each code once. Each is a `UserError.code`; a code
 * names what is wrong, never which service noticed.
 */
export enum UserErrorCode {
  // Any field
  /** A required value is missing or blank. */
  REQUIRED = 'REQUIRED',
  /** Not a value this field takes (a malformed or out-of-range value with no more specific code). */
  INVALID = 'INVALID',
  TOO_LONG = 'TOO_LONG',
  /** Text holding a NUL character or a broken (lone surrogate) character. */
  INVALID_TEXT = 'INVALID_TEXT',
  /** A card or bank number typed where it does not belong (a name, a memo, a token field): refused and never kept. */
  CARD_NUMBER_NOT_ACCEPTED = 'CARD_NUMBER_NOT_ACCEPTED',
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  INVALID_DATE = 'INVALID_DATE',
  DATE_IN_FUTURE = 'DATE_IN_FUTURE',
  INVALID_EMAIL = 'INVALID_EMAIL',
  INVALID_PHONE = 'INVALID_PHONE',
  /** The same idempotency key was sent with a different request. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',

  // People and sign-in
  INVALID_USERNAME = 'INVALID_USERNAME',
  INVALID_NAME = 'INVALID_NAME',
  UNSUPPORTED_LOCALE = 'UNSUPPORTED_LOCALE',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  /** Another staff member of the city has this name, letter case and accents aside: the audit log must not read one as the other. */
  STAFF_NAME_TAKEN = 'STAFF_NAME_TAKEN',
  PASSWORD_TOO_SHORT = 'PASSWORD_TOO_SHORT',
  PASSWORD_TOO_LONG = 'PASSWORD_TOO_LONG',
  PASSWORD_TOO_COMMON = 'PASSWORD_TOO_COMMON',
  PASSWORD_CONTAINS_IDENTIFIER = 'PASSWORD_CONTAINS_IDENTIFIER',
  /** Sign-in: the identifier and password do not match a user (deliberately not saying which). */
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  WRONG_PASSWORD = 'WRONG_PASSWORD',
  /** A reset, refresh or invitation token that is unknown, used or expired. */
  INVALID_TOKEN = 'INVALID_TOKEN',
  INVALID_ROLE = 'INVALID_ROLE',
  /** No staff user of this city by that id. */
  STAFF_USER_NOT_FOUND = 'STAFF_USER_NOT_FOUND',
  /** No resident (a CUSTOMER user, not staff) of this city by that id: closeResidentAccount. */
  RESIDENT_NOT_FOUND = 'RESIDENT_NOT_FOUND',
  /** No user (resident or staff) of this city by that id. */
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  /** Taking this user's access away would leave the city with no ADMIN to manage its staff. */
  LAST_ADMIN = 'LAST_ADMIN',
  /** The staff user's access was taken away: nothing more is sent to them. */
  STAFF_USER_DISABLED = 'STAFF_USER_DISABLED',
  /** The staff user set their password already: there is no invitation left to send again. */
  INVITATION_ALREADY_ACCEPTED = 'INVITATION_ALREADY_ACCEPTED',

  // Accounts and bills
  /** An account number with a second factor (or a link proof) that does not match; deliberately not saying which part. */
  VERIFICATION_FAILED = 'VERIFICATION_FAILED',
  INVALID_ACCOUNT_NUMBER = 'INVALID_ACCOUNT_NUMBER',
  ACCOUNT_NUMBER_TAKEN = 'ACCOUNT_NUMBER_TAKEN',
  ACCOUNT_NOT_FOUND = 'ACCOUNT_NOT_FOUND',
  ACCOUNT_NOT_LINKED = 'ACCOUNT_NOT_LINKED',
  ACCOUNT_CLOSED = 'ACCOUNT_CLOSED',
  TOO_MANY_LINKED_ACCOUNTS = 'TOO_MANY_LINKED_ACCOUNTS',
  STATUS_CHANGE_NOT_ALLOWED = 'STATUS_CHANGE_NOT_ALLOWED',
  /** The account no longer owes enough, for long enough, under the city's disconnection rules (pending payments count as paid). */
  NOT_PAST_DUE = 'NOT_PAST_DUE',
  /** A charge came due while the restoration request waited (a bill issued since it opened), and nothing paid or on its way covers it: the account owes again. */
  BALANCE_OWED_AGAIN = 'BALANCE_OWED_AGAIN',
  /** Closing, or a credit to a closed account: the account would hold the resident's money in credit, and a closed account is never billed again; refund it first. */
  ACCOUNT_HOLDS_CREDIT = 'ACCOUNT_HOLDS_CREDIT',
  /** Closing: a payment charged but not yet posted will leave the account in credit; refund that much of it, or wait for it to post and refund the credit. */
  PAYMENT_IN_FLIGHT = 'PAYMENT_IN_FLIGHT',
  /** Closing: a refund or void of a payment to the account is still waiting for the processor's answer; once done, the account owes what went back again. */
  REFUND_BEING_CONFIRMED = 'REFUND_BEING_CONFIRMED',
  INVALID_BILL_NUMBER = 'INVALID_BILL_NUMBER',
  DUPLICATE_BILL_NUMBER = 'DUPLICATE_BILL_NUMBER',
  BILL_NUMBER_CONFLICT = 'BILL_NUMBER_CONFLICT',
  INVALID_KIND = 'INVALID_KIND',
  TOO_MANY_ROWS = 'TOO_MANY_ROWS',
  MALFORMED_CSV = 'MALFORMED_CSV',
  PAYABLE_NOT_FOUND = 'PAYABLE_NOT_FOUND',

  // Payments
  AMOUNT_TOO_LARGE = 'AMOUNT_TOO_LARGE',
  /** More than a payable (or, where the city takes no credit, an account) still owes, counting payments in flight. */
  EXCEEDS_AMOUNT_DUE = 'EXCEEDS_AMOUNT_DUE',
  /** The payer chose to pay the account's amount due, and it is no longer what they were told (a payment made or in flight since, a new charge): nothing was charged. */
  AMOUNT_DUE_CHANGED = 'AMOUNT_DUE_CHANGED',
  /** A payment to the account is still waiting for the processor's answer: paying again could pay twice, and staff neither disconnect nor close the account meanwhile. */
  PAYMENT_BEING_CONFIRMED = 'PAYMENT_BEING_CONFIRMED',
  /**
   * The total the payer confirmed is not the amount plus the city's convenience fee now (the fee changed since the page
   * showed it, or the page added it wrong): nothing was charged; the message states the total, for the payer to confirm.
   */
  FEE_CHANGED = 'FEE_CHANGED',
  TOO_MANY_ALLOCATIONS = 'TOO_MANY_ALLOCATIONS',
  DUPLICATE_ALLOCATION = 'DUPLICATE_ALLOCATION',
  METHOD_NOT_FOUND = 'METHOD_NOT_FOUND',
  CARD_BRAND_NOT_ACCEPTED = 'CARD_BRAND_NOT_ACCEPTED',
  ECHECK_NOT_ACCEPTED = 'ECHECK_NOT_ACCEPTED',
  BANK_ACCOUNT_INVALID = 'BANK_ACCOUNT_INVALID',
  BANK_ACCOUNT_BLOCKED = 'BANK_ACCOUNT_BLOCKED',
  /** Staff lifting a bank account's block that was lifted, or blocked again by a new return, since they read it. */
  BANK_ACCOUNT_BLOCK_CHANGED = 'BANK_ACCOUNT_BLOCK_CHANGED',
  /** An earlier e-check from this bank account to this account has not yet cleared its bank: another from it waits for that one (or another method pays). */
  ECHECK_AWAITING_BANK = 'ECHECK_AWAITING_BANK',
  /** Declines: the payment was recorded and refused by the processor; the payload carries it. */
  CARD_DECLINED = 'CARD_DECLINED',
  INSUFFICIENT_FUNDS = 'INSUFFICIENT_FUNDS',
  EXPIRED_CARD = 'EXPIRED_CARD',
  PROCESSING_ERROR = 'PROCESSING_ERROR',
  PAYMENT_NOT_FOUND = 'PAYMENT_NOT_FOUND',
  PAYMENT_NOT_POSTED = 'PAYMENT_NOT_POSTED',
  /** Four eyes: the payment at stake (one restoring service, a counter payment to void) was taken by the staff member asking. */
  SECOND_STAFF_REQUIRED = 'SECOND_STAFF_REQUIRED',
  NOT_REFUNDABLE = 'NOT_REFUNDABLE',
  REFUND_TOO_LARGE = 'REFUND_TOO_LARGE',
  /** A SUPPORT clerk's refunds today would pass what one may give back in a day: an ADMIN makes it. */
  REFUND_LIMIT_REACHED = 'REFUND_LIMIT_REACHED',
  NOT_VOIDABLE = 'NOT_VOIDABLE',
  /** A refund or void awaiting approval no longer awaits it (approved or declined since it was read), or is not the city's. */
  APPROVAL_NOT_AWAITING = 'APPROVAL_NOT_AWAITING',
  /** The staff member who asked for a refund or void awaiting approval has had their staff access taken away since: it is declined, not carried out. */
  REQUESTER_NOT_STAFF = 'REQUESTER_NOT_STAFF',
  /** A refund or void awaited approval past the city's paymentRules.approvalExpiryDays: it expired, nothing was sent, and it may only be asked again. */
  APPROVAL_EXPIRED = 'APPROVAL_EXPIRED',
  PROCESSOR_UNAVAILABLE = 'PROCESSOR_UNAVAILABLE',
  /** The city does not take payments in person (tenant paymentRules.counterPaymentsAccepted). */
  COUNTER_PAYMENTS_NOT_ACCEPTED = 'COUNTER_PAYMENTS_NOT_ACCEPTED',
  INVALID_CHECK_NUMBER = 'INVALID_CHECK_NUMBER',
  /** That check (its number, leading zeros aside) is recorded on one of the payment's accounts already, and not voided. */
  DUPLICATE_CHECK_NUMBER = 'DUPLICATE_CHECK_NUMBER',
  /** The cash a resident handed over is less than the counter payment. */
  CASH_SHORT = 'CASH_SHORT',
  /** Not a counter check standing on the books (cash, a card, voided, returned already): nothing to record as returned. */
  NOT_RETURNABLE = 'NOT_RETURNABLE',
  /** The clerk's counter drawer for the day is closed and counted: no payment goes into it, none is voided out of it. */
  DRAWER_CLOSED = 'DRAWER_CLOSED',
  /** The drawer is open (never closed that day, or reopened already): nothing to reopen. */
  DRAWER_OPEN = 'DRAWER_OPEN',

  // Autopay
  /** The city takes autopay from this kind of method on paper only. */
  METHOD_NOT_ALLOWED_ONLINE = 'METHOD_NOT_ALLOWED_ONLINE',
  /** The card expires before the first deduction it would make. */
  METHOD_EXPIRES_TOO_SOON = 'METHOD_EXPIRES_TOO_SOON',
  /** A saved method autopay charges: change autopay's method (or cancel it) before removing it. */
  METHOD_IN_AUTOPAY = 'METHOD_IN_AUTOPAY',
  ALREADY_ENROLLED = 'ALREADY_ENROLLED',
  NOT_ENROLLED = 'NOT_ENROLLED',
  ENROLLED_BY_SOMEONE_ELSE = 'ENROLLED_BY_SOMEONE_ELSE',

  // Notifications
  NOTIFICATION_NOT_FOUND = 'NOTIFICATION_NOT_FOUND',
  /** Still PENDING: it is on its way, so a copy would go twice. */
  NOTIFICATION_NOT_RESENDABLE = 'NOTIFICATION_NOT_RESENDABLE',
  /** No mobile number waits to be confirmed: none is saved, or the saved one is confirmed already. */
  NO_PHONE_TO_CONFIRM = 'NO_PHONE_TO_CONFIRM',
  /** Not the code last texted to the number (fewer tries are left). */
  PHONE_CODE_WRONG = 'PHONE_CODE_WRONG',
  /** The code's ten minutes or five tries are over: ask for a new one. */
  PHONE_CODE_EXPIRED = 'PHONE_CODE_EXPIRED',
  /** A new code is texted to a number at most once a minute and five times a day, and for a user five times a day. */
  PHONE_CODE_TOO_SOON = 'PHONE_CODE_TOO_SOON',
  /** The number refused the city's texts for good (it answered STOP, or takes no texts): no code can reach it. */
  PHONE_REFUSES_TEXTS = 'PHONE_REFUSES_TEXTS',

  // Cities
  SLUG_MALFORMED = 'SLUG_MALFORMED',
  SLUG_TAKEN = 'SLUG_TAKEN',
  /** Another city's pay-by-phone number: its calls would reach one city only. */
  PHONE_LINE_TAKEN = 'PHONE_LINE_TAKEN',
  TENANT_NOT_FOUND = 'TENANT_NOT_FOUND',
  INVALID_TIME_ZONE = 'INVALID_TIME_ZONE',
  INVALID_DEDUCTION_DAY = 'INVALID_DEDUCTION_DAY',
  INVALID_LOCALES = 'INVALID_LOCALES',
  INVALID_FEE = 'INVALID_FEE',
  NO_PAYMENT_METHOD = 'NO_PAYMENT_METHOD',
  PAPERLESS_NOT_OFFERED = 'PAPERLESS_NOT_OFFERED',
  EMAIL_NOT_PROVED = 'EMAIL_NOT_PROVED',
  BILL_NOTICES_OFF = 'BILL_NOTICES_OFF',
  EMAIL_UNDELIVERABLE = 'EMAIL_UNDELIVERABLE',
}

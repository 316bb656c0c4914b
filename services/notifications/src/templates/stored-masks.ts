import { maskedAccountSaid, type Locale } from '@platform/core';

/**
 * An account number masked the old way, as messages queued before said-digits were written ("**-**02-00",
 * "****-0417"): stars, the punctuation kept, then the last four letters or digits.
 */
const OLD_MASKED_ACCOUNT = /(?<![\p{L}\p{N}*])\*[*\-\p{L}\p{N}]*[\p{L}\p{N}]/gu;

/**
 * A message's stored facts as messages name accounts now. The outbox keeps what was written when the message was queued,
 * and renders it when it is delivered (or resent): one queued before accounts were named "ending in 0 2 0 0" would
 * still say "**-**02-00", which mail programs take for bold markers and screen readers say "star star dash". Each such
 * mask becomes what the web says of it (maskedAccountSaid), in the language the message is rendered in.
 */
export function withMasksAsShownNow(data: Readonly<Record<string, string>>, locale: Locale): Readonly<Record<string, string>> {
  const rewritten: Record<string, string> = { ...data };
  for (const key of NAMING_ACCOUNTS) {
    const value = data[key];
    if (typeof value === 'string') rewritten[key] = value.replace(OLD_MASKED_ACCOUNT, (masked) => maskedAccountSaid(masked, locale));
  }
  return rewritten;
}

/**
 * The facts that name accounts masked: what a payment paid and what a refund or return took back, and autopay's
 * sentence. Not names, addresses or tokens, which may hold a star of their own.
 */
const NAMING_ACCOUNTS = ['allocations', 'takenBackFrom', 'message'] as const;

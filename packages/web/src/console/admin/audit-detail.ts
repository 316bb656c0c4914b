import { formatCents } from '../../shared/decimal-amount';
import { en } from '../../shared/i18n/en';
import type { Locale, MessageKey } from '../../shared/i18n/translate';

/*
 * An audit event's detail (key and value pairs, as the server recorded them) in the page's language: a key the
 * catalogue names (console.audit.detail.<key>) by its name, the codes in a value (a role, an account status, a
 * reason; several, comma-separated) by theirs, and the fields a profile change touched (console.audit.field.<name>). A key or code the catalogue does not name yet shows as the API sent it:
 * an event recorded since is still readable, if not translated.
 */

type Translate = (key: MessageKey) => string;

/** Where each key's codes are named, tried in order: "from" and "to" hold roles (a role change) or account statuses. */
const CODE_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  role: ['console.role'],
  roles: ['console.role'],
  from: ['console.role', 'accounts.status'],
  to: ['console.role', 'accounts.status'],
  reason: ['console.audit.reason', 'accounts.reason'],
  kind: ['accounts.adjust.kind'],
  method: ['paymentMethod'],
  // The limits a LOCKOUT_CLEARED cleared (RateLimitReason codes).
  lockouts: ['console.audit.lockout'],
};

/** A code as the server writes one ("ADMIN", "PAST_DUE"): only these are looked up, never free text or ids. */
const CODE = /^[A-Z][A-Z0-9_]*$/;

/** Where the names of a profile's fields a change touched (key "fields": "fullName,phone") are named. */
const FIELD_NAMES = 'console.audit.field';

/** A field's name as the server writes one ("fullName", "pendingEmail"). */
const FIELD = /^[a-z][A-Za-z]*$/;

/** Keys the catalogue names, in its order ("from" before "to"); the server's store keeps no order of its own. */
const KEY_ORDER: readonly string[] = Object.keys(en)
  .filter((key) => key.startsWith('console.audit.detail.'))
  .map((key) => key.slice('console.audit.detail.'.length));

const rank = (key: string): number => {
  const index = KEY_ORDER.indexOf(key);
  return index === -1 ? KEY_ORDER.length : index;
};

/** The event's detail as one line ("Before: Support · After: Administrator"), in the page's `locale` and words (`t`), or null when it has none. */
export function auditDetailText(detail: readonly { readonly key: string; readonly value: string }[], t: Translate, locale: Locale): string | null {
  if (detail.length === 0) return null;
  return [...detail]
    .sort((a, b) => rank(a.key) - rank(b.key))
    .map(({ key, value }) => `${named(`console.audit.detail.${key}`, t) ?? key}: ${valueText(key, value, t, locale)}`)
    .join(' · ');
}

function valueText(key: string, value: string, t: Translate, locale: Locale): string {
  if (key === 'amountCents' && /^-?\d+$/.test(value)) return formatCents(BigInt(value), locale);
  if (key === 'fields')
    return value
      .split(',')
      .map((field) => (FIELD.test(field) ? named(`${FIELD_NAMES}.${field}`, t) : null) ?? field)
      .join(', ');
  const prefixes = CODE_PREFIXES[key];
  if (!prefixes) return value;
  return value
    .split(',')
    .map((code) => (CODE.test(code) ? prefixes.map((prefix) => named(`${prefix}.${code}`, t)).find((text) => text !== null) : undefined) ?? code)
    .join(', ');
}

/** The catalogue's words for `key`, or null when it has none. */
function named(key: string, t: Translate): string | null {
  return key in en ? t(key as MessageKey) : null;
}

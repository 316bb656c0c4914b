import type { CursorCodec } from '@platform/api';
import { DomainError, ErrorCode, translate, type Locale } from '@platform/core';

/**
 * A list's `after` argument as its codec's parts: null for the first page.
 * A cursor this list did not give out is the client's bug, refused as
 * BAD_USER_INPUT (reason INVALID_CURSOR) rather than quietly serving page one.
 */
export function decodeAfter<Parts extends readonly unknown[]>(codec: CursorCodec<Parts>, after: string | null | undefined, locale: Locale): Parts | null {
  if (after === null || after === undefined) return null;
  const parts = codec.decode(after);
  if (!parts) throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(locale, 'error.badCursor'), { reason: 'INVALID_CURSOR' });
  return parts;
}

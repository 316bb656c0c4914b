import { translate, type Locale, type MessageKey } from '@platform/core';
import type { LineCategory } from './payable.entity';

const LINE_WORDS: Readonly<Record<LineCategory, MessageKey>> = {
  WATER: 'billing.line.WATER',
  SEWER: 'billing.line.SEWER',
  TRASH: 'billing.line.TRASH',
  FEES: 'billing.line.FEES',
  OTHER: 'billing.line.OTHER',
};

/**
 * A bill line's words: the platform's own for its category (a bill's columns carry amounts, not words), so they are
 * said in the reader's language. The table keeps them in English (`line_descriptions`), read on its own.
 */
export function lineDescription(category: LineCategory, locale: Locale): string {
  return translate(locale, LINE_WORDS[category]);
}

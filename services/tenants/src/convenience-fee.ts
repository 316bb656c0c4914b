import { formatMoney, money, translate, type Locale } from '@platform/core';
import type { ConvenienceFee } from './tenant-settings';

/** The fee policy in words, shown before a payer confirms. */
export function describeConvenienceFee(fee: ConvenienceFee, locale: Locale): string {
  switch (fee.kind) {
    case 'NONE':
      return translate(locale, 'fee.none');
    case 'FLAT':
      return translate(locale, 'fee.flat', { amount: formatMoney(money(BigInt(fee.amountCents)), locale) });
    case 'PERCENT': {
      const percent = `${Math.trunc(fee.basisPoints / 100)}.${String(fee.basisPoints % 100).padStart(2, '0')}`;
      return BigInt(fee.minimumCents) > 0n
        ? translate(locale, 'fee.percentWithMinimum', { percent, minimum: formatMoney(money(BigInt(fee.minimumCents)), locale) })
        : translate(locale, 'fee.percent', { percent });
    }
  }
}

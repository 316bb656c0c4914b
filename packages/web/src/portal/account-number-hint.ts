import type { MessageKey } from '../shared/i18n/translate';

type T = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

/**
 * The hint under an account number's field. The example is the city's own (tenant.accountNumberExample), never one
 * written here: cities number their accounts each their own way, and another city's format would mislead.
 */
export function accountNumberHint(t: T, example: string | null | undefined): string {
  return example ? t('portal.pay.accountNumberHintExample', { example }) : t('portal.pay.accountNumberHint');
}

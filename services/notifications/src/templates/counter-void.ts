import { formatLocalDate, isIsoDate, translate } from '@platform/core';
import type { RenderInput } from './rendered-message';

/**
 * What a void notice says differently of cash or a check recorded at the
 * counter in error, which payments marks by naming the day it was recorded
 * (`recordedAtOfficeOn`, city time): the resident handed the money over, so
 * "no money will be taken, please pay again" could have them pay twice.
 * They are told the city applies or returns it, and whom to ask: the city's
 * customer service number when it has one. Null for any other void.
 */
export function counterVoidParams({ data, locale, tenant }: Pick<RenderInput, 'data' | 'locale' | 'tenant'>): { readonly date: string; readonly questions: string } | null {
  const recordedOn = data.recordedAtOfficeOn;
  if (!recordedOn || !isIsoDate(recordedOn)) return null;
  const phone = tenant.settings.contact.customerServicePhone;
  return {
    date: formatLocalDate(recordedOn, locale),
    questions: phone ? translate(locale, 'voidNotice.counterCall', { phone }) : translate(locale, 'voidNotice.counterAsk'),
  };
}

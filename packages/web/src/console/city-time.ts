import { useMemo } from 'react';
import type { Locale } from '../shared/i18n/translate';

const intlTag = (locale: Locale) => `${locale}-US`;

export interface CityTime {
  /** An instant (ISO) as date and time on the city's clock. */
  readonly dateTime: (iso: string) => string;
  /** A calendar day (YYYY-MM-DD) written out. */
  readonly day: (isoDate: string) => string;
  /** The zone's short name, e.g. "PT". */
  readonly zone: string;
}

/** Times in the city's time zone (staff may sit elsewhere; the city's day is what matters), formatters made once. */
export function useCityTime(locale: Locale, timeZone: string): CityTime {
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(intlTag(locale), { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
    const day = new Intl.DateTimeFormat(intlTag(locale), { timeZone: 'UTC', dateStyle: 'medium' });
    const zone = new Intl.DateTimeFormat(intlTag(locale), { timeZone, timeZoneName: 'shortGeneric' }).formatToParts(Date.now()).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
    return {
      dateTime: (iso) => dateTime.format(new Date(iso)),
      day: (isoDate) => day.format(new Date(`${isoDate}T12:00:00Z`)),
      zone,
    };
  }, [locale, timeZone]);
}

import { useMemo } from 'react';
import type { Locale } from '../shared/i18n/translate';

/*
 * Dates and times as the city's clock shows them, whatever zone the browser
 * is in: staff compare these with what residents and the city's office saw.
 */

const intlTag = (locale: Locale) => `${locale}-US`;

/** Noon UTC on a calendar day, printed in UTC: no zone can move it to another date. */
const noonUtc = (localDate: string) => new Date(`${localDate}T12:00:00Z`);

/** An instant with its zone named ("Nov 30, 2026, 2:42:11 PM PST"). */
export function cityDateTime(iso: string, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlTag(locale), {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** The city's calendar day now (YYYY-MM-DD), by this device's clock. */
export function cityToday(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A calendar date (YYYY-MM-DD, already the city's date) written for the locale ("Mar 20, 2026"). */
export function cityDate(localDate: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlTag(locale), { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }).format(noonUtc(localDate));
}

export interface CityTime {
  /** An instant (ISO) as date and time on the city's clock. */
  readonly dateTime: (iso: string) => string;
  /** A calendar day (YYYY-MM-DD) written out. */
  readonly day: (isoDate: string) => string;
  /** The zone's short name, e.g. "PT". */
  readonly zone: string;
}

/** The same for pages that print thousands of times (the board): formatters made once per language and zone. */
export function useCityTime(locale: Locale, timeZone: string): CityTime {
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(intlTag(locale), { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
    const day = new Intl.DateTimeFormat(intlTag(locale), { timeZone: 'UTC', dateStyle: 'medium' });
    const zone = new Intl.DateTimeFormat(intlTag(locale), { timeZone, timeZoneName: 'shortGeneric' }).formatToParts(Date.now()).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
    return {
      dateTime: (iso) => dateTime.format(new Date(iso)),
      day: (isoDate) => day.format(noonUtc(isoDate)),
      zone,
    };
  }, [locale, timeZone]);
}

import type { Locale } from '@platform/core';

const formats = new Map<string, Intl.DateTimeFormat>();

/** A long date and short time in the city's zone, named ("PST"); cached, since building one is slow. */
export function dateTimeFormatFor(locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let format = formats.get(key);
  if (!format)
    formats.set(key, (format = new Intl.DateTimeFormat(`${locale}-US`, { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone })));
  return format;
}

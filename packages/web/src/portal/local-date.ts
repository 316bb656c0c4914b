/** A calendar day ("2026-11-24", the city's calendar) written for the page's language: "Tuesday, November 24, 2026". */
export function formatLocalDate(day: string, locale: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  // Noon UTC on that day, shown in UTC: the same calendar day whatever the browser's time zone.
  return new Intl.DateTimeFormat(`${locale}-US`, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, date, 12)));
}

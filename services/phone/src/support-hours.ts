import { localDateOf, timeZoneDisplayName, translate, type Locale } from '@platform/core';
import { isOfficeHoliday } from '@platform/payments';
import { supportHoursSaid, type TenantSettings } from '@platform/tenants';

type Hours = TenantSettings['contact']['supportHours'];

/** What of a city's settings says when customer service is open. */
export interface SupportCalendar {
  readonly timeZone: string;
  readonly contact: { readonly supportHours: Hours };
  /** The days the city closes besides the US federal holidays. */
  readonly paymentRules: { readonly postingHolidays: readonly string[] };
}

/** Customer service at a moment: open, closed (outside its hours), or closed all day for a holiday. */
type SupportNow = 'OPEN' | 'CLOSED' | 'HOLIDAY';

/**
 * Whether customer service is open at `now`, in the city's time zone: within
 * its hours, on a day that is no holiday, when the office is shut whatever
 * its hours say. The holidays are the office's (payments' isOfficeHoliday): a
 * US federal holiday as government offices observe it, a Saturday one on the
 * Friday before, or a day the city closes. Not posting's calendar: banks open
 * on that Friday. A city that publishes no hours has its line answered
 * whenever it is called, holidays too (the transfer is the caller's way to a
 * person; its own phone system knows when it is staffed, and may be a line
 * that never closes).
 */
export function supportNow(city: SupportCalendar, now: Date): SupportNow {
  const hours = city.contact.supportHours;
  if (hours.length === 0) return 'OPEN';
  if (isOfficeHoliday(localDateOf(now, city.timeZone), city.paymentRules.postingHolidays)) return 'HOLIDAY';
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: city.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = part('weekday').toUpperCase().slice(0, 3);
  const time = `${part('hour')}:${part('minute')}`;
  return hours.some((h) => (h.days as readonly string[]).includes(day) && h.opens <= time && time < h.closes) ? 'OPEN' : 'CLOSED';
}

/** The hours as a caller hears them: "... Monday to Friday, 8:00 AM to 5:00 PM, Central Time, except holidays. ...". */
export function describeSupportHours(hours: Hours, timeZone: string, locale: Locale): string {
  return translate(locale, 'phone.hours', { hours: supportHoursSaid(hours, locale), zone: timeZoneDisplayName(timeZone, locale) });
}

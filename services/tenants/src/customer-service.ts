import { formatTimeOfDay, timeZoneDisplayName, translate, type Locale } from '@platform/core';
import { WEEKDAYS, type TenantSettings } from './tenant-settings';

type Hours = TenantSettings['contact']['supportHours'];

/** A city's published hours as said in `locale`: "Monday to Friday, 8:00 AM to 5:00 PM" (spans joined by "; "), without the zone. */
export function supportHoursSaid(hours: Hours, locale: Locale): string {
  const dayName = (day: (typeof WEEKDAYS)[number]) =>
    // 2024-01-01 was a Monday.
    new Intl.DateTimeFormat(`${locale}-US`, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day)));
  return hours
    .map((h) => {
      const indexes = h.days.map((d) => WEEKDAYS.indexOf(d)).sort((a, b) => a - b);
      const contiguous = indexes.length > 2 && indexes.every((index, i) => i === 0 || index === indexes[i - 1]! + 1);
      const days = contiguous
        ? translate(locale, 'phone.dayRange', { first: dayName(WEEKDAYS[indexes[0]!]!), last: dayName(WEEKDAYS[indexes.at(-1)!]!) })
        : indexes.map((index) => dayName(WEEKDAYS[index]!)).join(', ');
      return translate(locale, 'phone.hoursDays', { days, opens: formatTimeOfDay(h.opens, locale), closes: formatTimeOfDay(h.closes, locale) });
    })
    .join('; ');
}

/**
 * Whom a resident refused by a limit calls (the city's customer service, with its hours and zone where published), as
 * one sentence in `locale`; null where the city publishes no number. A refusal that shuts a holder out of their own
 * account (a second-factor lockout, an account's declines) must say how to get help other than by waiting.
 */
export function callCustomerServiceSaid(settings: Pick<TenantSettings, 'contact' | 'timeZone'>, locale: Locale): string | null {
  const phone = settings.contact.customerServicePhone;
  if (!phone) return null;
  if (settings.contact.supportHours.length === 0) return translate(locale, 'rateLimit.callCustomerService', { phone });
  const hours = `${supportHoursSaid(settings.contact.supportHours, locale)}, ${timeZoneDisplayName(settings.timeZone, locale)}`;
  return translate(locale, 'rateLimit.callCustomerServiceHours', { phone, hours });
}

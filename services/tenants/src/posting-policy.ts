import { formatTimeOfDay, timeZoneDisplayName, translate, type Locale } from '@platform/core';
import type { TenantSettings } from './tenant-settings';

/**
 * The posting rule in words a resident reads, e.g. Norwalk's "Payments made
 * before midnight (Pacific Time) post to your account the next day; payments
 * made after midnight post within 48 hours."
 */
export function describePostingPolicy(settings: TenantSettings, locale: Locale): string {
  const { postingCutoffLocalTime: cutoffTime, postingLagDays: lag, postingBusinessDaysOnly } = settings.paymentRules;
  const cutoff = cutoffTime === '00:00' ? translate(locale, 'time.midnight') : translate(locale, 'time.clock', { time: formatTimeOfDay(cutoffTime, locale) });
  const zone = timeZoneDisplayName(settings.timeZone, locale);
  // With a midnight cutoff every payment is made before it: a city posting the same day has no "after" to tell of.
  const sameDay = cutoffTime === '00:00' ? 'posting.sameDayAlways' : 'posting.sameDay';
  const sentence =
    lag === 0
      ? translate(locale, sameDay, { cutoff, zone })
      : lag === 1
        ? translate(locale, 'posting.nextDay', { cutoff, zone, hoursAfter: 48 })
        : translate(locale, 'posting.laterDays', { cutoff, zone, days: lag, daysAfter: lag + 1 });
  return postingBusinessDaysOnly ? `${sentence} ${translate(locale, 'posting.businessDays')}` : sentence;
}

import { canonicalTimeZone, formatTimeOfDay, isValidTimeZone, timeZoneDisplayName } from './time-zone';

it('knows IANA zones and refuses everything else', () => {
  expect(isValidTimeZone('America/Los_Angeles')).toBe(true);
  expect(isValidTimeZone('America/Chicago')).toBe(true);
  expect(isValidTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
  expect(isValidTimeZone('UTC')).toBe(true);
  expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  expect(isValidTimeZone('PST')).toBe(false);
  expect(isValidTimeZone('+05:00')).toBe(false);
  expect(isValidTimeZone('')).toBe(false);
});

it('names zones and times for residents', () => {
  expect(timeZoneDisplayName('America/Los_Angeles', 'en')).toBe('Pacific Time');
  expect(formatTimeOfDay('17:30', 'en')).toBe('5:30 PM');
  expect(formatTimeOfDay('17:30', 'es')).toMatch(/17:30|5:30/);
});

it('says midnight, not a clock reading people confuse with noon, for the start and the end of the day', () => {
  expect(formatTimeOfDay('24:00', 'en')).toBe('midnight');
  expect(formatTimeOfDay('00:00', 'en')).toBe('midnight');
  expect(formatTimeOfDay('24:00', 'es')).toBe('la medianoche');
  expect(formatTimeOfDay('00:01', 'en')).toBe('12:01 AM');
  expect(formatTimeOfDay('12:00', 'en')).toBe('12:00 PM');
});

describe('canonicalTimeZone', () => {
  it('keeps an IANA canonical name as typed, where ICU answers a retired one', () => {
    for (const name of ['America/Kentucky/Louisville', 'America/Indiana/Indianapolis', 'Asia/Kolkata', 'Europe/Kyiv', 'Asia/Kathmandu', 'America/Nuuk', 'America/Chicago']) {
      expect(canonicalTimeZone(name)).toBe(name);
    }
  });

  it('corrects the case, and names an old or linked zone by its IANA name', () => {
    expect(canonicalTimeZone('america/chicago')).toBe('America/Chicago');
    expect(canonicalTimeZone('ASIA/KOLKATA')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('europe/kiev')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  it('gives every zone the runtime lists a name that is its own canonical name, for the same zone', () => {
    const zoneOf = (name: string) => new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    for (const name of Intl.supportedValuesOf('timeZone')) {
      const canonical = canonicalTimeZone(name);
      expect(isValidTimeZone(canonical)).toBe(true);
      expect(canonicalTimeZone(canonical)).toBe(canonical);
      expect(zoneOf(canonical)).toBe(zoneOf(name));
    }
  });
});

import { describeDays, describeHours, telHref, timeZoneName } from './hours';

describe('opening hours in the page’s language', () => {
  it('reads weekdays in a row as a range, and others as a list', () => {
    expect(describeDays(['FRI', 'MON', 'TUE', 'WED', 'THU'], 'en')).toBe('Monday to Friday');
    expect(describeDays(['MON', 'WED', 'SAT'], 'en')).toBe('Monday, Wednesday, and Saturday');
    expect(describeDays(['MON', 'TUE', 'WED', 'THU', 'FRI'], 'es')).toBe('lunes a viernes');
  });

  it('writes times as each language does', () => {
    expect(describeHours({ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], opens: '08:00', closes: '17:00' }, 'en')).toBe('Monday to Friday, 8:00 AM to 5:00 PM');
    expect(describeHours({ days: ['SAT'], opens: '09:30', closes: '12:00' }, 'es')).toMatch(/^sábado, de 9:30 a\.\s?m\. a 12:00 p\.\s?m\.$/);
    // 24:00, the end of the day, reads as midnight, not as the "12:00 AM" people confuse with noon.
    expect(describeHours({ days: ['SUN'], opens: '18:00', closes: '24:00' }, 'en')).toBe('Sunday, 6:00 PM to midnight');
    expect(describeHours({ days: ['SUN'], opens: '18:00', closes: '24:00' }, 'es')).toMatch(/^domingo, de 6:00 p\.\s?m\. a la medianoche$/);
    expect(describeHours({ days: ['SAT'], opens: '00:00', closes: '06:00' }, 'en')).toBe('Saturday, midnight to 6:00 AM');
  });

  it('names the city’s time zone generically', () => {
    expect(timeZoneName('America/Chicago', 'en')).toBe('Central Time');
    expect(timeZoneName('America/Los_Angeles', 'en')).toBe('Pacific Time');
  });

  it('dials US numbers with +1', () => {
    expect(telHref('(405) 217-7739')).toBe('tel:+14052177739');
    expect(telHref('+1 562-929-5766')).toBe('tel:+15629295766');
  });
});

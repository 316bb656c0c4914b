import { toE164 } from './notification-preferences.service';

describe('a mobile number for texts', () => {
  it('takes North American numbers as people write them, and E.164', () => {
    expect(['562-555-0142', '(562) 555-0142', '+1 562 555 0142', '1.562.555.0142', '+15625550142'].map(toE164)).toEqual(Array(5).fill('+15625550142'));
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
  });

  it('refuses what cannot be a number', () => {
    expect(['12', '555-0142', '062-555-0142', 'call me', '+0123456789'].map(toE164)).toEqual(Array(5).fill(undefined));
  });

  it('holds a "+1" number to the North American rules it would meet without the "+1"', () => {
    expect(['+1 (062) 555-0142', '+1 562 155 0142', '+1 562 555 014'].map(toE164)).toEqual(Array(3).fill(undefined));
  });
});

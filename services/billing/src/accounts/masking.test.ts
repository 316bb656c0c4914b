import { maskAccountNumber, maskName, maskStreet } from './masking';

describe('masking for guests', () => {
  it('keeps only the initials of a name, written as initials are, which read and are said as such', () => {
    // "J*** S***" was said "J star star star S star star star", and read as a name with stars in it.
    expect(maskName('Jane Smith')).toBe('J. S.');
    expect(maskName('  José  Núñez-García ')).toBe('J. N.');
    expect(maskName('Li')).toBe('L.');
    expect(maskName('Jane Q. Smith')).toBe('J. Q. S.');
  });

  it('hides the house number and street name but keeps street types and directions', () => {
    expect(maskStreet('12345 Imperial Hwy')).toBe('*** I*** Hwy');
    // The house number links an account in Norwalk: a one-digit number would be given away whole by its first character.
    expect(maskStreet('7 Elm St Apt 4B')).toBe('*** E*** St Apt ***');
    expect(maskStreet('225 N. Webster Ave')).toBe('*** N. W*** Ave');
  });

  it('never shows more than one character of any hidden word, whatever its length', () => {
    for (const word of ['Alexandria', 'Bo', '9876543']) expect(maskName(word)).toBe(`${word[0]}.`);
  });
});

describe('maskAccountNumber', () => {
  it.each([
    ['10-1002-00', '**-**02-00'],
    ['2001-0417', '****-0417'],
    ['AB12', 'AB12'],
    [' 123456 ', '**3456'],
  ])('%s -> %s', (number, masked) => {
    expect(maskAccountNumber(number)).toBe(masked);
  });
});

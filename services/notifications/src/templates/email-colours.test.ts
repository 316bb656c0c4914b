import { contrastRatio, emailColours } from './email-colours';

describe('the colours of a city’s emails', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('keeps colours text already reads on, with white on dark and ink on light', () => {
    expect(emailColours({ primaryColor: '#005a9c', accentColor: '#f4b223' })).toEqual({ primary: '#005a9c', onPrimary: '#ffffff', accent: '#f4b223', onAccent: '#1a1a1a', link: '#005a9c' });
  });

  it('a light primary and a dark accent (a gold and a navy): ink on the header, white on the button, the link darkened', () => {
    const colours = emailColours({ primaryColor: '#f4b223', accentColor: '#1f4e79' });
    expect(colours).toMatchObject({ primary: '#f4b223', onPrimary: '#1a1a1a', accent: '#1f4e79', onAccent: '#ffffff' });
    expect(colours.link).not.toBe('#f4b223');
  });

  it.each(['#f4b223', '#007bff', '#2980b9', '#777777', '#d9534f', '#fdf9d8', '#000000', '#ffffff'])('with %s as both colours, every text reads at 4.5:1 or more', (colour) => {
    const colours = emailColours({ primaryColor: colour, accentColor: colour });
    expect(contrastRatio(colours.primary, colours.onPrimary)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(colours.accent, colours.onAccent)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(colours.link, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('falls back to a default for a colour that is not #RRGGBB', () => {
    expect(emailColours({ primaryColor: 'red', accentColor: '#fdf9d8' })).toMatchObject({ primary: '#2f4f6f', onPrimary: '#ffffff', onAccent: '#1a1a1a' });
  });
});

import { brandColours, contrastRatio } from './brand-colours';

const WHITE = '#ffffff';
const WASH = '#f4f5f7';

describe('the colours a city is painted with', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('keeps colours text already reads on, with white on dark and ink on light', () => {
    expect(brandColours({ primaryColor: '#005a9c', accentColor: '#f4b223' })).toEqual({
      primary: '#005a9c',
      onPrimary: '#ffffff',
      primaryText: '#005a9c',
      accent: '#f4b223',
      onAccent: '#1a1a1a',
    });
    expect(brandColours({ primaryColor: '#841617', accentColor: '#fdf9d8' })).toMatchObject({ onPrimary: '#ffffff', primaryText: '#841617', onAccent: '#1a1a1a' });
  });

  it('a light primary and a dark accent (a gold and a navy): ink on the header, white on the button, the text colour darkened', () => {
    const colours = brandColours({ primaryColor: '#f4b223', accentColor: '#1f4e79' });
    expect(colours).toMatchObject({ primary: '#f4b223', onPrimary: '#1a1a1a', accent: '#1f4e79', onAccent: '#ffffff' });
    expect(colours.primaryText).not.toBe('#f4b223');
  });

  it.each(['#007bff', '#2980b9', '#0080c0', '#777777', '#2e8b57', '#d9534f'])('paints with %s, which neither white nor ink reads on at 4.5:1, darkened until white does', (colour) => {
    expect(Math.max(contrastRatio(colour, WHITE), contrastRatio(colour, '#1a1a1a'))).toBeLessThan(4.5);
    const colours = brandColours({ primaryColor: colour, accentColor: colour });
    expect(colours.primary).not.toBe(colour);
    expect(colours.accent).not.toBe(colour);
  });

  it.each(['#f4b223', '#007bff', '#2980b9', '#0077c8', '#008080', '#777777', '#d9534f', '#fdf9d8', '#000000', '#ffffff'])(
    'with %s as both colours, every text reads at 4.5:1 or more, links on white and on the pages’ grey alike',
    (colour) => {
      const colours = brandColours({ primaryColor: colour, accentColor: colour });
      expect(contrastRatio(colours.primary, colours.onPrimary)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(colours.accent, colours.onAccent)).toBeGreaterThanOrEqual(4.5);
      expect(Math.min(contrastRatio(colours.primaryText, WHITE), contrastRatio(colours.primaryText, WASH))).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('falls back to a default for a colour that is not #RRGGBB', () => {
    expect(brandColours({ primaryColor: 'red', accentColor: '#fdf9d8' })).toMatchObject({ primary: '#2f4f6f', onPrimary: '#ffffff', onAccent: '#1a1a1a' });
  });
});

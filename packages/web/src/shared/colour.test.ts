import { brandingVariables, contrastRatio, readableOnWhite, textOn } from './colour';

describe('colours from a city’s configuration', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('writes white on dark brand colours and ink on light ones', () => {
    expect(textOn('#005a9c')).toBe('#ffffff');
    expect(textOn('#fdf9d8')).toBe('#1a1a1a');
    expect(textOn('#f4b223')).toBe('#1a1a1a');
  });

  it('darkens a brand colour too light for text on white until it reads at 4.5:1', () => {
    expect(readableOnWhite('#841617')).toBe('#841617');
    const darkened = readableOnWhite('#f4b223');
    expect(darkened).not.toBe('#f4b223');
    expect(contrastRatio(darkened, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('falls back to a default for a colour that is not #RRGGBB', () => {
    const variables = brandingVariables({ primaryColor: 'red', accentColor: '#fdf9d8' });
    expect(variables['--brand-primary']).toBe('#2f4f6f');
    expect(variables['--brand-on-accent']).toBe('#1a1a1a');
  });
});

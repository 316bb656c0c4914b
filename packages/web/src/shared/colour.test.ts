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

  it.each(['#007bff', '#2980b9', '#0080c0', '#777777', '#2e8b57', '#d9534f'])('paints with %s, which neither white nor ink reads on at 4.5:1, darkened until white does', (colour) => {
    expect(Math.max(contrastRatio(colour, '#ffffff'), contrastRatio(colour, '#1a1a1a'))).toBeLessThan(4.5);
    const variables = brandingVariables({ primaryColor: colour, accentColor: colour });
    for (const [background, text] of [
      ['--brand-primary', '--brand-on-primary'],
      ['--brand-accent', '--brand-on-accent'],
    ] as const) {
      expect(variables[background]).not.toBe(colour);
      expect(contrastRatio(variables[background]!, variables[text]!)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it.each(['#0077c8', '#008080'])('writes links in %s at 4.5:1 or more on white and on the page’s grey (#f4f5f7) alike', (colour) => {
    const text = brandingVariables({ primaryColor: colour, accentColor: colour })['--brand-primary-text']!;
    expect(Math.min(contrastRatio(text, '#ffffff'), contrastRatio(text, '#f4f5f7'))).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps a brand colour text already reads on', () => {
    expect(brandingVariables({ primaryColor: '#005a9c', accentColor: '#f4b223' })).toMatchObject({ '--brand-primary': '#005a9c', '--brand-accent': '#f4b223' });
  });

  it('falls back to a default for a colour that is not #RRGGBB', () => {
    const variables = brandingVariables({ primaryColor: 'red', accentColor: '#fdf9d8' });
    expect(variables['--brand-primary']).toBe('#2f4f6f');
    expect(variables['--brand-on-accent']).toBe('#1a1a1a');
  });
});

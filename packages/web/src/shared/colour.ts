/*
 * A city's colours come from its configuration, so text drawn on them (or in
 * them) is chosen by contrast here rather than trusted: WCAG 2.1 AA asks 4.5:1
 * for body text.
 */

const HEX = /^#([0-9a-f]{6})$/i;

/** Relative luminance (WCAG 2.1) of a #RRGGBB colour. */
function luminance(hex: string): number {
  const match = HEX.exec(hex);
  if (!match?.[1]) throw new Error(`not a #RRGGBB colour: ${hex}`);
  const value = parseInt(match[1], 16);
  const channel = (shift: number) => {
    const c = ((value >> shift) & 0xff) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

/** Contrast ratio between two colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE = '#ffffff';
const INK = '#1a1a1a';
/** The page's background (styles.css --wash): most links and headings sit on it, not on the white cards. */
const WASH = '#f4f5f7';

/** White or near-black, whichever reads better on `background`. */
export function textOn(background: string): string {
  return contrastRatio(background, WHITE) >= contrastRatio(background, INK) ? WHITE : INK;
}

/**
 * The colour itself if it reads as text on every one of `backgrounds` at
 * `minimum` contrast, else the same hue darkened step by step until it does.
 */
function readableOn(hex: string, backgrounds: readonly string[], minimum = 4.5): string {
  const reads = (colour: string) => backgrounds.every((background) => contrastRatio(colour, background) >= minimum);
  let colour = hex.toLowerCase();
  for (let step = 0; step < 20 && !reads(colour); step++) colour = darken(colour, 0.85);
  return reads(colour) ? colour : INK;
}

/** `readableOn` white alone: for the processor's form, whose frame is white. */
export function readableOnWhite(hex: string): string {
  return readableOn(hex, [WHITE]);
}

function darken(hex: string, factor: number): string {
  const value = parseInt(hex.slice(1), 16);
  const scaled = [16, 8, 0].map((shift) => Math.round(((value >> shift) & 0xff) * factor));
  return `#${scaled.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The colour itself when white or ink reads on it at `minimum` contrast, else
 * the same hue darkened step by step until white does: some mid-tones
 * (#007bff, #777777) fall short with either, so a button or header painted
 * with them would fail AA whichever text it took.
 */
function readableBackground(hex: string, minimum = 4.5): string {
  let colour = hex.toLowerCase();
  for (let step = 0; step < 20 && contrastRatio(colour, textOn(colour)) < minimum; step++) colour = darken(colour, 0.9);
  return contrastRatio(colour, textOn(colour)) >= minimum ? colour : INK;
}

/** The CSS custom properties a page is painted with, from the city's branding. */
export function brandingVariables(branding: { readonly primaryColor: string; readonly accentColor: string }): Record<string, string> {
  const configuredPrimary = HEX.test(branding.primaryColor) ? branding.primaryColor : '#2f4f6f';
  const primary = readableBackground(configuredPrimary);
  const accent = readableBackground(HEX.test(branding.accentColor) ? branding.accentColor : configuredPrimary);
  return {
    '--brand-primary': primary,
    '--brand-on-primary': textOn(primary),
    '--brand-primary-text': readableOn(configuredPrimary, [WHITE, WASH]),
    '--brand-accent': accent,
    '--brand-on-accent': textOn(accent),
  };
}

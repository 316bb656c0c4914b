/*
 * A city's colours come from its configuration, so the text drawn on them
 * (or in them) is chosen by contrast here rather than trusted: WCAG 2.1 AA
 * asks 4.5:1 for body text. One set of rules paints the web pages (through
 * the API's Branding.colours) and the emails alike.
 */

const HEX = /^#([0-9a-f]{6})$/i;
const WHITE = '#ffffff';
const INK = '#1a1a1a';
/** The pages' background (web styles.css --wash): most links and headings sit on it, not on the white cards. */
const WASH = '#f4f5f7';
/** A city's primary colour that is not #RRGGBB (the settings refuse one; this is a backstop). */
const FALLBACK_PRIMARY = '#2f4f6f';

/** The colours a city's pages and emails are painted with, each pair reading at 4.5:1 or more. */
export interface BrandColours {
  /** Headers' background, and the text written on it. */
  readonly primary: string;
  readonly onPrimary: string;
  /** Links and headings written in the city's colour on white or the pages' light grey; the pages draw buttons' edges with it too. */
  readonly primaryText: string;
  /** Buttons' background, and their label. */
  readonly accent: string;
  readonly onAccent: string;
}

/** A city's colours as painted: its own where text reads on them, else the same hue darkened until it does. */
export function brandColours(branding: { readonly primaryColor: string; readonly accentColor: string }): BrandColours {
  const configuredPrimary = HEX.test(branding.primaryColor) ? branding.primaryColor : FALLBACK_PRIMARY;
  const primary = readableBackground(configuredPrimary);
  const accent = readableBackground(HEX.test(branding.accentColor) ? branding.accentColor : configuredPrimary);
  return { primary, onPrimary: textOn(primary), primaryText: readableOn(configuredPrimary, [WHITE, WASH]), accent, onAccent: textOn(accent) };
}

/** Contrast ratio (WCAG 2.1) between two #RRGGBB colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

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

/** White or near-black, whichever reads better on `background`. */
function textOn(background: string): string {
  return contrastRatio(background, WHITE) >= contrastRatio(background, INK) ? WHITE : INK;
}

/** The colour itself if it reads as text on every one of `backgrounds` at 4.5:1, else the same hue darkened step by step until it does. */
function readableOn(hex: string, backgrounds: readonly string[]): string {
  const reads = (colour: string) => backgrounds.every((background) => contrastRatio(colour, background) >= 4.5);
  let colour = hex.toLowerCase();
  for (let step = 0; step < 20 && !reads(colour); step++) colour = darken(colour, 0.85);
  return reads(colour) ? colour : INK;
}

/**
 * The colour itself when white or ink reads on it at 4.5:1, else the same hue
 * darkened step by step until white does: some mid-tones (#007bff, #777777)
 * fall short with either, so a header or button painted with them would fail
 * AA whichever text it took.
 */
function readableBackground(hex: string): string {
  let colour = hex.toLowerCase();
  for (let step = 0; step < 20 && contrastRatio(colour, textOn(colour)) < 4.5; step++) colour = darken(colour, 0.9);
  return contrastRatio(colour, textOn(colour)) >= 4.5 ? colour : INK;
}

function darken(hex: string, factor: number): string {
  const value = parseInt(hex.slice(1), 16);
  const scaled = [16, 8, 0].map((shift) => Math.round(((value >> shift) & 0xff) * factor));
  return `#${scaled.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

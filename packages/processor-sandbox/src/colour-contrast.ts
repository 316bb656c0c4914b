/*
 * WCAG 2.1 contrast, so a merchant's colours cannot make the hosted form
 * unreadable: text needs 4.5:1 against its background (1.4.3), the focus ring
 * and field borders 3:1 (1.4.11).
 */

const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#abc` or `#aabbcc` (any case) as lowercase `#aabbcc`; null for anything else, so nothing but a colour reaches a style sheet. */
export function normalizeHexColour(value: string): string | null {
  if (!HEX_COLOUR.test(value)) return null;
  const digits = value.slice(1).toLowerCase();
  return `#${digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits}`;
}

/** The contrast ratio of two `#aabbcc` colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

function relativeLuminance(colour: string): number {
  const [red, green, blue] = [1, 3, 5].map((start) => linearChannel(parseInt(colour.slice(start, start + 2), 16) / 255)) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

function linearChannel(value: number): number {
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

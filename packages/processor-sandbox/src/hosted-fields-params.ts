import { CARD_BRANDS, type CardBrand } from './card-checks';
import { contrastRatio, normalizeHexColour } from './colour-contrast';
import type { FormLanguage } from './hosted-fields-messages';
import { invalid, type Parsed } from './reply';

/*
 * The query of GET /v1/hosted-fields, checked against closed lists: every
 * value that reaches the page or its headers is one the sandbox spelled
 * itself (an origin of host-name characters, a known word, a hex colour), so
 * nothing a merchant or an attacker writes in the URL can become markup,
 * script, style or a policy directive. Refusals never repeat the value.
 */

type FormKind = 'CARD' | 'BANK_ACCOUNT';

export interface FormColours {
  readonly primary: string;
  readonly text: string;
  readonly background: string;
  readonly danger: string;
}

export interface HostedFieldsParams {
  /** The embedding page's origin: the only `postMessage` target and sender, and the only `frame-ancestors`. */
  readonly origin: string;
  readonly kind: FormKind;
  /** Card brands the merchant takes; the others are refused in the form. Every brand for bank accounts (unused). */
  readonly brands: readonly CardBrand[];
  readonly language: FormLanguage;
  readonly colours: FormColours;
}

const DEFAULT_COLOURS: FormColours = { primary: '#005a9c', text: '#1a1a1a', background: '#ffffff', danger: '#b00020' };

const COLOUR_PARAMETERS = { colorPrimary: 'primary', colorText: 'text', colorBackground: 'background', colorDanger: 'danger' } as const;
const KNOWN_PARAMETERS = new Set(['origin', 'kind', 'brands', 'lang', ...Object.keys(COLOUR_PARAMETERS)]);
const KINDS: Readonly<Record<string, FormKind>> = { card: 'CARD', bank_account: 'BANK_ACCOUNT' };
/** AMEX is what merchants write; the sandbox's own name is AMERICAN_EXPRESS. */
const BRAND_ALIASES: Readonly<Record<string, CardBrand>> = { AMEX: 'AMERICAN_EXPRESS' };

/** An http(s) origin whose host is a DNS name (IDNs arrive punycoded) or a bracketed IPv6 address, with an optional port. */
const ORIGIN_SHAPE = /^https?:\/\/(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/** WCAG 2.1: 4.5:1 for text (1.4.3), 3:1 for the focus ring and borders (1.4.11). */
const MINIMUM_CONTRAST: Readonly<Record<Exclude<keyof FormColours, 'background'>, number>> = { text: 4.5, danger: 4.5, primary: 3 };

export function parseHostedFieldsParams(query: URLSearchParams): Parsed<HostedFieldsParams> {
  for (const name of new Set(query.keys())) {
    if (!KNOWN_PARAMETERS.has(name)) return refuse('unknown_parameter', 'The form takes origin, kind, brands, lang, colorPrimary, colorText, colorBackground and colorDanger only.', null);
    if (query.getAll(name).length > 1) return refuse('duplicate_parameter', `${name} is given more than once.`, name);
  }
  const origin = parseOrigin(query.get('origin'));
  if (!origin) return refuse('invalid_origin', 'origin is the embedding page’s origin, such as https://pay.example.gov (scheme, host and port only).', 'origin');
  const kind = KINDS[query.get('kind') ?? ''];
  if (!kind) return refuse('invalid_kind', 'kind is card or bank_account.', 'kind');
  const brands = parseBrands(query.get('brands'));
  if (!brands) return refuse('invalid_brands', 'brands is a comma-separated list of VISA, MASTERCARD, AMERICAN_EXPRESS (or AMEX) and DISCOVER.', 'brands');
  const language = query.get('lang') ?? 'en';
  if (language !== 'en' && language !== 'es') return refuse('invalid_lang', 'lang is en or es.', 'lang');
  const colours = parseColours(query);
  if ('reply' in colours) return colours;
  return { value: { origin, kind, brands, language, colours: colours.value } };
}

function parseOrigin(value: string | null): string | null {
  if (!value || !ORIGIN_SHAPE.test(value)) return null;
  try {
    // The URL parser has the last word: the origin must be written exactly as browsers serialize it.
    return new URL(value).origin === value ? value : null;
  } catch {
    return null;
  }
}

/** Every brand when absent; otherwise a non-empty list without repeats. */
function parseBrands(value: string | null): readonly CardBrand[] | null {
  if (value === null) return CARD_BRANDS;
  const brands = value.split(',').map((name) => BRAND_ALIASES[name] ?? name);
  const known = brands.filter((brand): brand is CardBrand => (CARD_BRANDS as readonly string[]).includes(brand));
  if (known.length === 0 || known.length !== brands.length || new Set(known).size !== known.length) return null;
  return CARD_BRANDS.filter((brand) => known.includes(brand));
}

function parseColours(query: URLSearchParams): Parsed<FormColours> {
  const colours: Record<keyof FormColours, string> = { ...DEFAULT_COLOURS };
  for (const [parameter, role] of Object.entries(COLOUR_PARAMETERS)) {
    const value = query.get(parameter);
    if (value === null) continue;
    const colour = normalizeHexColour(value);
    if (!colour) return refuse('invalid_color', `${parameter} is a hex colour, #rgb or #rrggbb (write # as %23).`, parameter);
    colours[role] = colour;
  }
  for (const [role, minimum] of Object.entries(MINIMUM_CONTRAST) as [keyof typeof MINIMUM_CONTRAST, number][]) {
    if (contrastRatio(colours[role], colours.background) < minimum) {
      const parameter = `color${role[0]?.toUpperCase()}${role.slice(1)}`;
      return refuse('insufficient_contrast', `${parameter} needs a contrast of at least ${minimum}:1 against colorBackground (WCAG 2.1).`, parameter);
    }
  }
  return { value: colours };
}

function refuse(code: string, message: string, field: string | null): { readonly reply: ReturnType<typeof invalid> } {
  return { reply: invalid(code, message, field) };
}

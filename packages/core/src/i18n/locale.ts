/** Languages the platform has catalogues for; a tenant enables a subset. */
export const SUPPORTED_LOCALES = ['en', 'es'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

export function isSupportedLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the best of the tenant's locales for an Accept-Language header
 * ("es-MX,es;q=0.9,en;q=0.8"), by quality then order; the tenant's default
 * when nothing matches. Only the primary subtag matters: catalogues are per language.
 */
export function negotiateLocale(acceptLanguage: string | undefined, enabled: readonly Locale[], fallback: Locale): Locale {
  if (!acceptLanguage) return fallback;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number.parseFloat(q.slice(2)) : 1;
      return { language: tag.toLowerCase().split('-')[0] ?? '', quality: Number.isNaN(quality) ? 0 : quality, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const entry of ranked) {
    const match = enabled.find((locale) => locale === entry.language);
    if (match) return match;
  }
  return fallback;
}

/**
 * The language to write a person's message in: the one they chose, while
 * their city still offers it, else the city's default. A resident who chose
 * Spanish keeps the choice when the city drops Spanish (and gets Spanish
 * again if it comes back); what the city sends meanwhile is in a language
 * it speaks, every part of it.
 */
export function offeredLocale(city: { readonly locales: readonly Locale[]; readonly defaultLocale: Locale }, chosen: Locale): Locale {
  return city.locales.includes(chosen) ? chosen : city.defaultLocale;
}

/** The language of an answer given before any city is known (no city named, or none to read it from): any the platform has, else English. */
export function platformLocale(acceptLanguage: string | undefined): Locale {
  return negotiateLocale(acceptLanguage, SUPPORTED_LOCALES, 'en');
}

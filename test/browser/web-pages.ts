import type { TestPlatform } from '@platform/testkit';
import type { Page } from './browser';

/** The two demo cities as a person sees them: name and banner colour (as the browser computes it). */
export const CITIES = [
  { slug: 'norwalk', name: 'City of Norwalk', primary: 'rgb(0, 90, 156)', via: 'host' },
  { slug: 'norman', name: 'City of Norman', primary: 'rgb(132, 22, 23)', via: 'query' },
] as const;

export type City = (typeof CITIES)[number];

/**
 * A page of a city, reached as in production (the city's host, Chromium
 * resolves *.localhost to loopback) or as in development (?tenant=).
 */
export function cityUrl(platform: TestPlatform, city: City, path: '/' | '/console'): string {
  const { port } = platform.gateway;
  return city.via === 'host' ? `http://${city.slug}.localhost:${port}${path}` : `http://127.0.0.1:${port}${path}?tenant=${city.slug}`;
}

/** The banner's background colour, as drawn. */
export function bannerColour(page: Page): Promise<string> {
  // Runs in the page; tests compile without DOM types, hence the cast.
  type Window = { getComputedStyle(element: unknown): { backgroundColor: string } };
  return page.getByRole('banner').evaluate((banner) => (globalThis as unknown as Window).getComputedStyle(banner).backgroundColor);
}

/** The text of what a field's aria-describedby points at (its error, as a screen reader reads it after the label). */
export async function fieldDescription(page: Page, label: string): Promise<string> {
  const field = page.getByLabel(label, { exact: true });
  const ids = (await field.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(
    ids
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).innerText()),
  );
  return texts.join(' ');
}

/** The tenant query's sentences in a language, to compare the page with what the API says. */
export async function tenantSentences(platform: TestPlatform, slug: string, language: 'en' | 'es') {
  const { tenant } = await platform.client
    .asTenant(slug)
    .withHeaders({ 'accept-language': language })
    .data<{ tenant: { paymentRules: { convenienceFee: { description: string }; posting: { description: string } } } }>(
      '{ tenant { paymentRules { convenienceFee { description } posting { description } } } }',
    );
  return { fee: tenant.paymentRules.convenienceFee.description, posting: tenant.paymentRules.posting.description };
}

import { changeCitySettings } from '../tenants/city-settings';
import { openPage, platformInBrowser, type Page } from './browser';
import { CITIES, cityUrl } from './web-pages';

/*
 * A city that speaks English and Spanish, Spanish first (its default), is visited by a browser set to a language it
 * does not speak (French) and nothing chosen yet: the page is the city's default, Spanish, not English, and the
 * sentences the server writes (the posting rule) are in the page's language. Once the city's default is English
 * again, the same browser gets English.
 */
const env = platformInBrowser();
const [NORWALK] = CITIES;

async function homeIn(browserLocale: string): Promise<{ lang: unknown; main: string }> {
  const tab = await openPage(env.tab.page.context().browser()!, { locale: browserLocale });
  try {
    const page: Page = tab.page;
    page.setDefaultTimeout(10_000);
    await page.goto(cityUrl(env.platform, NORWALK, '/'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText(/midnight|medianoche/).waitFor();
    tab.expectNoConsoleErrors();
    return { lang: await page.evaluate('document.documentElement.lang'), main: await page.getByRole('main').innerText() };
  } finally {
    await tab.close();
  }
}

it("opens in the city's default language, Spanish, for a browser in a language the city does not speak", async () => {
  await changeCitySettings(env.platform, 'norwalk', { defaultLocale: 'ES' });
  try {
    const home = await homeIn('fr-FR');
    expect(home.lang).toBe('es');
    expect(home.main).toContain('Pagar una factura');
    expect(home.main).toContain('Los pagos hechos antes de la medianoche');
    expect(home.main).not.toMatch(/Pay a bill|midnight/);
  } finally {
    await changeCitySettings(env.platform, 'norwalk', { defaultLocale: 'EN' });
  }
  expect((await homeIn('fr-FR')).lang).toBe('en');
});

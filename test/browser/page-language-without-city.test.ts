import { platformInBrowser } from './browser';

/*
 * WCAG 3.1.1: the page's language is that of its text, so a screen reader speaks Spanish with Spanish rules, and the
 * document's title (the first thing it says) is in that language too. A Spanish-speaking resident who opens the
 * platform's address without a city, or with a city's code mistyped, is told so in Spanish: the page around that
 * sentence should be Spanish as well.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));

async function spanishTab() {
  const context = await env.tab.page.context().browser()!.newContext({ locale: 'es-MX' });
  return { context, page: await context.newPage() };
}

it('an address that names no city, in a Spanish browser: the Spanish sentence is in a page whose lang is es, under a Spanish title', async () => {
  const { context, page } = await spanishTab();
  try {
    await page.goto(`http://127.0.0.1:${env.platform.gateway.port}/`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const said = await alert.innerText();
    expect({ said: said.slice(0, 40), lang: await page.evaluate<string>('document.documentElement.lang'), title: await page.title() }).toEqual({
      said: 'Esta dirección no indica ninguna ciudad.',
      lang: 'es',
      title: 'Facturación de servicios públicos',
    });
  } finally {
    await context.close();
  }
});

it('a city code mistyped, in a Spanish browser: told in Spanish, under a title in Spanish', async () => {
  const { context, page } = await spanishTab();
  try {
    const titles: Record<string, string> = {};
    for (const path of ['/', '/console']) {
      await page.goto(`http://127.0.0.1:${env.platform.gateway.port}${path}?tenant=nowhere`);
      await page.getByRole('alert').getByText('No encontramos esta ciudad.').waitFor();
      titles[path] = await page.title();
    }
    // The app's name in Spanish, with "Error: " in front as on any page that says something went wrong.
    expect(titles).toEqual({ '/': 'Error: Pague su factura de servicios', '/console': 'Error: Consola del personal' });
  } finally {
    await context.close();
  }
});

import { platformInBrowser } from './browser';
import { switchToSpanish } from './portal-pages';
import { CITIES, cityUrl, holdAnswer, tenantSentences } from './web-pages';

/*
 * A resident switches the portal to Español while the home page's answer is still on its way (a slow phone): the fee
 * and the posting rule, which the server writes, come in Spanish with the rest of the page, not in the English the
 * answer on its way was asked in (Apollo Client used to answer the page's new request with that one).
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(15_000));
const [NORWALK] = CITIES;

it("says the server's sentences in Spanish when the language is switched while the page's answer is on its way", async () => {
  const { page } = env.tab;
  const [english, spanish] = await Promise.all([tenantSentences(env.platform, 'norwalk', 'en'), tenantSentences(env.platform, 'norwalk', 'es')]);
  const held = await holdAnswer(page, 'PortalHome');
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await held.asked;
  await switchToSpanish(page);
  held.release();
  await held.ended;

  // The first posting rule the resident sees is the one they read: it must be the Spanish one.
  await page.getByText(english.posting).or(page.getByText(spanish.posting)).first().waitFor();
  const main = await page.getByRole('main').innerText();
  expect({ posting: main.includes(spanish.posting), fee: main.includes(spanish.fee), english: main.includes(english.posting) }).toEqual({
    posting: true,
    fee: true,
    english: false,
  });
  env.tab.expectNoConsoleErrors();
}, 60_000);

import { expectNoSeriousAccessibilityViolations, platformInBrowser, screenshotAtBothSizes } from './browser';
import { CITIES, bannerColour, cityUrl, tenantSentences } from './web-pages';

// Issue 14 item 1: each city's home page, from its tenant configuration alone, in real Chromium.
const env = platformInBrowser();

describe.each(CITIES)('the portal home at $name', (city) => {
  it('shows the city’s name and colours, how to pay, the fee, the posting rule and how to reach the city', async () => {
    const { page } = env.tab;
    await page.goto(cityUrl(env.platform, city, '/'));
    await page.getByRole('heading', { level: 1, name: 'Pay your utility bill' }).waitFor();
    expect(await page.getByRole('banner').innerText()).toContain(city.name);
    expect(await bannerColour(page)).toBe(city.primary);
    expect(await page.title()).toBe(`Pay your utility bill · ${city.name}`);

    const sentences = await tenantSentences(env.platform, city.slug, 'en');
    const main = await page.getByRole('main').innerText();
    expect(main).toContain(sentences.fee);
    expect(main).toContain(sentences.posting);
    if (city.slug === 'norwalk') {
      expect(sentences.fee).toBe('No convenience fee.');
      expect(main).toContain('Cards: Visa, Mastercard, and American Express');
      expect(main).toContain('Electronic check from your bank account');
      expect(await page.getByRole('link', { name: '562-929-5766' }).getAttribute('href')).toBe('tel:+15629295766');
      expect(await page.getByRole('link', { name: '888-647-2502' }).getAttribute('href')).toBe('tel:+18886472502');
    } else {
      expect(main).toContain('225 N. Webster Ave.');
      expect(main).toContain('Norman, OK 73069');
      expect(main).toContain('Monday to Friday, 8:00 AM to 5:00 PM');
      expect(main).toContain('(Central Time)');
      expect(await page.getByRole('link', { name: '(405) 217-7739' }).getAttribute('href')).toBe('tel:+14052177739');
      expect(await page.getByRole('link', { name: '(866) 930-0284' }).getAttribute('href')).toBe('tel:+18669300284');
    }

    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, `portal-home-${city.slug}`);
    env.tab.expectNoConsoleErrors();
  });
});

it('switches Norwalk’s home to Spanish, server sentences and the city’s department included, and keeps Spanish after a reload', async () => {
  const { page } = env.tab;
  const norwalk = CITIES[0];
  await page.goto(cityUrl(env.platform, norwalk, '/'));
  const languages = page.getByRole('group', { name: 'Language' });
  await languages.getByRole('button', { name: 'Español' }).click();

  await page.getByRole('heading', { level: 1, name: 'Pague su factura de servicios' }).waitFor();
  const spanish = await tenantSentences(env.platform, 'norwalk', 'es');
  await page.getByText(spanish.posting).waitFor();
  expect(await page.getByRole('main').innerText()).toContain(spanish.fee);
  expect(await page.locator('html').getAttribute('lang')).toBe('es');
  // The department as the city gives it in Spanish (departmentByLocale), not its English name.
  expect(
    await page
      .getByRole('banner')
      .getByText(/Pague su factura de servicios/)
      .innerText(),
  ).toBe('División de Facturación de Agua · Pague su factura de servicios');

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Pague su factura de servicios' }).waitFor();
  await page.getByText(spanish.posting).waitFor();
  expect(await page.getByRole('group', { name: 'Idioma' }).getByRole('button', { name: 'Español' }).getAttribute('aria-pressed')).toBe('true');
  await expectNoSeriousAccessibilityViolations(page);
  await screenshotAtBothSizes(page, 'portal-home-norwalk-es');

  await page.getByRole('group', { name: 'Idioma' }).getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pay your utility bill' }).waitFor();
  // No English one given: the department as the city gives it for every language.
  expect(
    await page
      .getByRole('banner')
      .getByText(/Pay your utility bill/)
      .innerText(),
  ).toBe('Water Billing Division · Pay your utility bill');
  env.tab.expectNoConsoleErrors();
});

it('shows Norman, which is English only, no language switch', async () => {
  const { page } = env.tab;
  await page.goto(cityUrl(env.platform, CITIES[1], '/'));
  await page.getByRole('heading', { level: 1, name: 'Pay your utility bill' }).waitFor();
  await page.getByText('Monday to Friday').waitFor();
  expect(await page.getByRole('group', { name: 'Language' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Español' }).count()).toBe(0);
  env.tab.expectNoConsoleErrors();
});

it('says so when the address names a city the env.platform does not have', async () => {
  const { page } = env.tab;
  await page.goto(`http://127.0.0.1:${env.platform.gateway.port}/?tenant=atlantis`);
  await page.getByRole('alert').filter({ hasText: 'We could not find this city' }).waitFor();
  // The browser itself logs the API's 404 for the unknown city.
  env.tab.expectNoConsoleErrors([/status of 404/]);
});

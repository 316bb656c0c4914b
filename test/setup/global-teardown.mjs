import testkit from '@platform/testkit';

export default async function globalTeardown() {
  // Files run in band leave their browser in this process (test/browser/browser.ts).
  await globalThis.__inBandChromium?.close();
  // On DATABASE_URL's server the templates would outlive the run; the embedded server goes away whole.
  if (globalThis.__testTemplates && !globalThis.__embeddedPostgres) await testkit.dropTestTemplates(process.env.TEST_DATABASE_ADMIN_URL, globalThis.__testTemplates);
  await globalThis.__embeddedPostgres?.stop();
}

import testkit from '@platform/testkit';

export default async function globalTeardown() {
  // On DATABASE_URL's server the templates would outlive the run; the embedded server goes away whole.
  if (globalThis.__testTemplates && !globalThis.__embeddedPostgres) await testkit.dropTestTemplates(process.env.TEST_DATABASE_ADMIN_URL, globalThis.__testTemplates);
  await globalThis.__embeddedPostgres?.stop();
}

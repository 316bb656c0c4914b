// @ts-check
/*
 * The architecture (docs: ARCHITECTURE.md, "Dependencies run one way") as
 * rules that `pnpm lint` enforces. Paths are relative to the repository root.
 * Type-only imports count: a cycle through `import type` still ties two
 * modules together, so it fails like any other.
 */
/** Tests and the test kit may import anything (the kit starts the whole platform for them). */
const TESTS = ['\\.test\\.tsx?$', '^test/', '^packages/testkit/'];

/** A workspace package's public entry: what `@platform/x` resolves to. */
const ENTRY = '^(packages|services)/[^/]+/src/index\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles (type-only ones too) make modules impossible to understand or load on their own: make the dependency one-way.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'packages-not-to-services',
      severity: 'error',
      comment: 'packages/* are libraries under the services: nothing in packages/ imports a service.',
      from: { path: '^packages/', pathNot: TESTS },
      to: { path: '^services/' },
    },
    {
      name: 'service-only-through-its-entry',
      severity: 'error',
      comment: 'Another workspace package is reached through its entry (`@platform/x`), never a deep or relative path into its files.',
      from: { path: '^(packages|services)/([^/]+)/' },
      to: { path: '^(packages|services)/', pathNot: ['^$1/$2/', ENTRY] },
    },
    {
      name: 'no-relative-import-across-packages',
      severity: 'error',
      comment: 'Another workspace package is imported by its name (`@platform/x`), not by a relative path.',
      from: { path: '^(packages|services)/([^/]+)/' },
      to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased'], path: '^(packages|services)/', pathNot: '^$1/$2/' },
    },
    {
      name: 'thin-resolvers',
      severity: 'error',
      comment: 'A resolver maps GraphQL to domain functions: reads live in *.queries.ts, writes in services; it opens no transaction and knows no entity.',
      from: { path: '\\.resolver\\.ts$' },
      to: { path: ['\\.entity\\.ts$', '^packages/db/', 'node_modules/typeorm/'] },
    },
    {
      name: 'billing-not-to-payments-or-autopay',
      severity: 'error',
      comment: 'Billing is below payments and autopay: they call billing, never the other way.',
      from: { path: '^services/billing/', pathNot: TESTS },
      to: { path: '^services/(payments|autopay)/' },
    },
    {
      name: 'payments-not-to-autopay',
      severity: 'error',
      comment: 'Autopay charges through payments; payments knows nothing of autopay.',
      from: { path: '^services/payments/', pathNot: TESTS },
      to: { path: '^services/autopay/' },
    },
    {
      name: 'tenants-imports-no-service',
      severity: 'error',
      comment: 'Every service depends on tenants; tenants depends on no service.',
      from: { path: '^services/tenants/', pathNot: TESTS },
      to: { path: '^services/', pathNot: '^services/tenants/' },
    },
    {
      name: 'sandbox-processor-stands-alone',
      severity: 'error',
      comment: 'The sandbox plays an outside payment processor: it shares no code with the platform and is reached only over HTTP.',
      from: { path: '^packages/processor-sandbox/', pathNot: TESTS },
      to: { path: '^(packages|services|schema)/', pathNot: '^packages/processor-sandbox/' },
    },
    {
      name: 'web-imports-no-platform-code',
      severity: 'error',
      comment: 'The web pages are a browser app and an ordinary GraphQL client: their own code, npm packages and schema/ only.',
      from: { path: '^packages/web/', pathNot: TESTS },
      to: { path: '^(packages|services)/', pathNot: '^packages/web/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import nobody can resolve would slip past every rule above (and fails at run time).',
      from: { path: '^(packages|services|test)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    includeOnly: '^(packages|services|test|schema)/',
    exclude: { path: ['/dist/', '/node_modules/', '^packages/web/src/gql/'] },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    // `@platform/x` resolves to its src/index.ts (see that file), never to dist/.
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

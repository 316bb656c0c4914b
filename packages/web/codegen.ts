import type { CodegenConfig } from '@graphql-codegen/cli';

/*
 * Typed operations from the committed schema: a schema change that breaks a
 * page fails `pnpm typecheck` (which regenerates src/gql first). The output is
 * generated, not committed, so it can never be stale.
 */
const config: CodegenConfig = {
  schema: '../../schema/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTimeISO: 'string', LocalDate: 'string', ID: 'string' },
      },
    },
  },
  errorsOnly: true,
};

export default config;

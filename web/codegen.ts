import type { CodegenConfig } from '@graphql-codegen/cli';

// Types the documents under web/src/operations from the supergraph's API schema (printed by scripts/web-schema.ts).
const config: CodegenConfig = {
  schema: 'web/generated/schema.graphql',
  documents: ['web/src/operations/*.graphql'],
  generates: {
    'web/generated/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
  silent: true,
};
export default config;

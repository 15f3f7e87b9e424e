import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

// Types the documents under web/src/operations from the supergraph's API schema (printed by scripts/web-schema.ts),
// and makes them persisted documents: each carries its id in `__meta__.hash`, and `persisted-documents.json`
// maps the ids to the texts (scripts/web-trusted-documents.ts turns that into the gateway's trusted documents).
const config: CodegenConfig = {
  schema: 'web/generated/schema.graphql',
  documents: ['web/src/operations/*.graphql'],
  generates: {
    'web/generated/gql/': {
      preset: 'client',
      // The `__typename`s urql's document cache adds itself, in the persisted text already: the pages send only the id,
      // and the cache needs the result's types to know which results a write makes stale.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      presetConfig: {
        fragmentMasking: false,
        // The id of Apollo's persisted-query protocol, which the gateway's trusted documents take: hex SHA-256 of the
        // text, without the `sha256:` prefix the preset's own 'sha256' adds.
        persistedDocuments: {
          hashAlgorithm: (text: string) => createHash('sha256').update(text, 'utf8').digest('hex'),
        },
      },
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

import type { SubgraphBuilder } from './builder.js';
import type { SharedEnums } from './enums.js';
import type { SourceFields } from '../domain/records.js';

/** `Source` (källa), shared by every subgraph: where a record comes from. */
export function addSourceType<Context extends object>(builder: SubgraphBuilder<Context>, enums: SharedEnums) {
  return builder.objectRef<SourceFields>('Source').implement({
    description: 'Källa: where a record comes from. Seed data that is not a published fact is ILLUSTRATIVE.',
    shareable: true,
    fields: (t) => ({
      kind: t.field({ type: enums.SourceKind, resolve: (s) => s.sourceKind }),
      reference: t.string({
        nullable: true,
        description: 'The published page or document the record is taken from, or a note on it.',
        resolve: (s) => s.sourceReference,
      }),
    }),
  });
}

/** The schema's description of every `version` field. */
export const versionField = { description: 'Increases with every change; used to detect concurrent edits.' } as const;

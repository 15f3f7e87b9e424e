import type { InputFieldBuilder, InputFieldRef, InputObjectRef, ObjectRef } from '@pothos/core';
import type { SituationPictureRecord, SourceFields } from '../domain/records.js';
import type { SubgraphBuilder, SubgraphTypes } from './builder.js';
import type { SharedEnums } from './enums.js';
import { type PeriodValue, periodOf } from './period.js';
import { versionField } from './record-fields.js';

/**
 * A lägesbild type: the kommun's `SituationPicture` and the police area's
 * `PoliceSituationPicture` have the same fields (the kommun's adds the promises it informed).
 * They are two types, not one, because each has another owner and the police subgraph may
 * mention kommun-owned types only as key stubs.
 */
export function addSituationPictureType<Context extends object>(
  builder: SubgraphBuilder<Context>,
  typeName: string,
  owner: string,
  refs: { enums: SharedEnums; Period: ObjectRef<any, PeriodValue>; Source: ObjectRef<any, SourceFields> },
  /** Shareable when every kommun subgraph defines it. */
  shareable: boolean,
) {
  return builder.objectRef<SituationPictureRecord>(typeName).implement({
    shareable,
    description: `Lägesbild: a summary of ${owner}’s analysed picture of local problems. Only summaries belong here, never police intelligence.`,
    fields: (t) => ({
      id: t.exposeID('id'),
      date: t.field({ type: 'Date', description: 'When the lägesbild was adopted.', resolve: (s) => s.date }),
      period: t.field({ type: refs.Period, description: 'The period the lägesbild describes.', resolve: periodOf }),
      title: t.exposeString('title'),
      summary: t.exposeString('summary', { description: 'Sammanfattning.' }),
      prioritisedProblems: t.exposeStringList('prioritisedProblems', {
        description: 'Prioriterade problem, most important first.',
      }),
      dataSources: t.field({
        type: [refs.enums.DataSourceKind],
        description: 'Underlag: what the lägesbild draws on (e.g. NTU, a local survey, reported crimes).',
        resolve: (s) => s.dataSources,
      }),
      version: t.exposeInt('version', versionField),
      source: t.field({ type: refs.Source, resolve: (record) => record }),
    }),
  });
}

/**
 * The input of a lägesbild, under the owner's own name (`SituationPictureInput`,
 * `PoliceSituationPictureInput`): input types merge by intersection, so the kommun's extra
 * field would vanish from a shared one. `extraFields` adds the owner's own.
 */
export function addSituationPictureInput<
  Context extends object,
  Extra extends Record<string, InputFieldRef<SubgraphTypes<Context>, unknown>>,
  Required extends boolean = true,
>(
  builder: SubgraphBuilder<Context>,
  typeName: string,
  refs: { enums: SharedEnums; PeriodInput: InputObjectRef<SubgraphTypes<Context>, PeriodValue> },
  extraFields: (t: InputFieldBuilder<SubgraphTypes<Context>, 'InputObject'>) => Extra,
  /** For the update input: every field optional (patch semantics), with this description. */
  patch?: { description: string; required: Required },
) {
  const required = (patch?.required ?? true) as Required;
  return builder.inputType(typeName, {
    description: `Lägesbild: a summary only, never police intelligence.${patch ? ` ${patch.description}` : ''}`,
    fields: (t) => ({
      date: t.field({ type: 'Date', required, description: 'When the lägesbild was adopted.' }),
      period: t.field({ type: refs.PeriodInput, required, description: 'The period it describes.' }),
      title: t.string({ required }),
      summary: t.string({ required }),
      prioritisedProblems: t.stringList({ required, description: 'Most important first; at most 20.' }),
      dataSources: t.field({ type: [refs.enums.DataSourceKind], required, description: 'At least one.' }),
      ...extraFields(t),
    }),
  });
}

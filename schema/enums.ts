import {
  activityKinds,
  dataSourceKinds,
  desiredDirections,
  dialogueMethods,
  followUpStatuses,
  promisePhases,
  promiseStatuses,
  responsibleParties,
  signingPrecisions,
  sourceKinds,
  trendDirections,
} from '../domain/enums.js';
import type { SubgraphBuilder } from './builder.js';

/** Pothos enum values with each value's description. */
function described<const Values extends Record<string, string>>(values: Values) {
  return Object.fromEntries(Object.entries(values).map(([key, description]) => [key, { description }])) as {
    [Key in keyof Values]: { description: string };
  };
}

/** Registers the shared enums on a subgraph's builder and returns their refs. */
export function addSharedEnums<Context extends object>(builder: SubgraphBuilder<Context>) {
  return {
    PromiseStatus: builder.enumType('PromiseStatus', {
      description: 'Status of a medborgarlöfte.',
      values: described(promiseStatuses),
    }),
    PromisePhase: builder.enumType('PromisePhase', {
      description: 'Where a medborgarlöfte stands on a date (fas): its status and its period together; never stored.',
      values: described(promisePhases),
    }),
    SigningPrecision: builder.enumType('SigningPrecision', {
      description: 'How precisely the signing date (undertecknandet) of a medborgarlöfte is known.',
      values: described(signingPrecisions),
    }),
    ResponsibleParty: builder.enumType('ResponsibleParty', {
      description: 'Who carries out an åtagande (ansvarig part).',
      values: described(responsibleParties),
    }),
    FollowUpStatus: builder.enumType('FollowUpStatus', {
      description: 'Status recorded at an uppföljning.',
      values: described(followUpStatuses),
    }),
    ActivityKind: builder.enumType('ActivityKind', {
      description: 'Kind of aktivitet carried out under an åtagande.',
      values: described(activityKinds),
    }),
    SourceKind: builder.enumType('SourceKind', {
      description: 'Where a record comes from (källa).',
      values: described(sourceKinds),
    }),
    DataSourceKind: builder.enumType('DataSourceKind', {
      description: 'Underlag: a kind of data a lägesbild or an indikator draws on.',
      values: described(dataSourceKinds),
    }),
    DialogueMethod: builder.enumType('DialogueMethod', {
      description: 'How residents were asked in a medborgardialog (metod).',
      values: described(dialogueMethods),
    }),
    DesiredDirection: builder.enumType('DesiredDirection', {
      description: 'Önskad riktning: which way an indikator should move.',
      values: described(desiredDirections),
    }),
    TrendDirection: builder.enumType('TrendDirection', {
      description: 'Trend of an indikator from its baseline (utgångsvärde) to its latest measurement.',
      values: described(trendDirections),
    }),
  };
}
export type SharedEnums = ReturnType<typeof addSharedEnums>;

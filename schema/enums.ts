import type { SubgraphBuilder } from './builder.js';

/**
 * Enums shared by every subgraph. Composition requires them to agree everywhere, so they are
 * defined once here; each value carries its Swedish term. The database check constraints use
 * the same lists.
 */
function enumValues<const Values extends Record<string, string>>(values: Values) {
  return values;
}

export const promiseStatuses = enumValues({
  DRAFT: 'Utkast: not yet signed or published; visible only to its owner.',
  ACTIVE: 'Gällande: signed and within its period.',
  COMPLETED: 'Avslutat: its period has ended and it has been followed up.',
  WITHDRAWN: 'Återkallat: withdrawn before its period ended.',
});
export type PromiseStatus = keyof typeof promiseStatuses;

export const responsibleParties = enumValues({
  KOMMUN: 'Kommunen acts.',
  POLICE: 'Polisen acts.',
  JOINT: 'Kommunen and polisen act together.',
  OTHER: 'A third party (e.g. a housing company) acts; named in `otherParty`.',
});
export type ResponsibleParty = keyof typeof responsibleParties;

export const followUpStatuses = enumValues({
  NOT_STARTED: 'Ej påbörjad.',
  ON_TRACK: 'Pågår enligt plan.',
  DELAYED: 'Försenad.',
  DONE: 'Genomförd.',
});
export type FollowUpStatus = keyof typeof followUpStatuses;

export const activityKinds = enumValues({
  CAMPAIGN: 'Kampanj.',
  SAFETY_WALK: 'Trygghetsvandring.',
  TRAFFIC_CONTROL: 'Trafikkontroll.',
  PARENT_MEETING: 'Föräldramöte.',
  INSPECTION: 'Tillsyn (e.g. of licensed premises).',
  EDUCATION: 'Utbildning or information session.',
  MEETING: 'Möte (e.g. grannsamverkan meeting).',
  OTHER: 'Annan aktivitet.',
});
export type ActivityKind = keyof typeof activityKinds;

export const sourceKinds = enumValues({
  PUBLISHED: 'From the parties’ published pages (see `reference`).',
  ILLUSTRATIVE: 'Invented example data, not a published fact.',
  ENTERED: 'Entered by the owning party through this hub.',
});
export type SourceKind = keyof typeof sourceKinds;

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
  };
}
export type SharedEnums = ReturnType<typeof addSharedEnums>;

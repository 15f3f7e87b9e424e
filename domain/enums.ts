/**
 * The value lists of the hub's enums, each value with its Swedish term. Every subgraph registers
 * them as GraphQL enums (`schema/enums.ts`); composition requires them to agree everywhere, so
 * they are defined once here. Migrations keep their own literal copies, frozen in time.
 */
function enumValues<const Values extends Record<string, string>>(values: Values) {
  return values;
}

/**
 * What the owner has decided about a promise. Whether it is in force on a date is not stored:
 * it follows from this and the period (`phase`, `domain/promise-lifecycle.ts`).
 */
export const promiseStatuses = enumValues({
  PREPARATION: 'Under framtagande: announced; lägesbild and medborgardialog under way, no text agreed yet. Public.',
  DRAFT: 'Utkast: not yet signed or published; visible only to its owner and coordinators.',
  ACTIVE: 'Antaget: signed and published; in force while its period runs (see `phase`).',
  COMPLETED: 'Avslutat: its period has ended and it has been followed up.',
  WITHDRAWN: 'Återkallat: withdrawn (see `withdrawal`).',
});
export type PromiseStatus = keyof typeof promiseStatuses;

/** Where a promise stands on a date: its status and its period together. */
export const promisePhases = enumValues({
  PREPARATION: 'Under framtagande: lägesbild and medborgardialog under way.',
  DRAFT: 'Utkast: the text is being written; not public.',
  SIGNED: 'Undertecknat: signed and published, its period not yet begun.',
  IN_FORCE: 'Gällande: signed and published, and the date is within its period.',
  ENDED: 'Period slut: its period is over; not yet marked completed.',
  COMPLETED: 'Avslutat: its period is over and it has been followed up.',
  WITHDRAWN: 'Återkallat.',
});
export type PromisePhase = keyof typeof promisePhases;

/** How precisely a signing date is known (undertecknat). */
export const signingPrecisions = enumValues({
  DAY: 'Dag: the day is known.',
  WEEK: 'Vecka: only the week is known (e.g. "at the end of last week").',
  MONTH: 'Månad: only the month is known.',
  SEASON:
    'Årstid: only the season is known (våren March–May, sommaren June–August, hösten September–November, vintern December–February).',
  YEAR: 'År: only the year is known.',
  RANGE: 'Intervall: only that it was between two days.',
});
export type SigningPrecision = keyof typeof signingPrecisions;

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

export const dataSourceKinds = enumValues({
  NTU: 'Nationella trygghetsundersökningen (Brå).',
  LOCAL_SURVEY: 'Lokal trygghetsmätning or enkät.',
  REPORTED_CRIMES: 'Anmälda brott (police statistics).',
  POLICE_REPORTS: 'Polisens egna rapporter and observations (summarised, never intelligence).',
  CITIZEN_DIALOGUE: 'Medborgardialog.',
  SAFETY_WALK: 'Trygghetsvandring.',
  KOMMUN_REPORTS: 'Kommunens egna rapporter (e.g. skadegörelse, school and social services).',
  OTHER: 'Annan källa.',
});
export type DataSourceKind = keyof typeof dataSourceKinds;

export const dialogueMethods = enumValues({
  SURVEY: 'Enkät.',
  SAFETY_WALK: 'Trygghetsvandring.',
  FOCUS_GROUP: 'Fokusgrupp.',
  MEETING: 'Möte (e.g. open meeting, dialogue evening).',
  OTHER: 'Annan metod.',
});
export type DialogueMethod = keyof typeof dialogueMethods;

export const desiredDirections = enumValues({
  INCREASE: 'Higher is better (e.g. share who feel safe).',
  DECREASE: 'Lower is better (e.g. share who feel unsafe, reported burglaries).',
});
export type DesiredDirection = keyof typeof desiredDirections;

export const trendDirections = enumValues({
  IMPROVING: 'Förbättring: the latest value has moved from the baseline in the desired direction.',
  WORSENING: 'Försämring: the latest value has moved from the baseline against the desired direction.',
  UNCHANGED: 'Oförändrat: the latest value equals the baseline.',
  NOT_MEASURED: 'Ej mätt: no baseline or no measurement to compare.',
});
export type TrendDirection = keyof typeof trendDirections;

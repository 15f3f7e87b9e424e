/** Kinds of police activity, with the Swedish term. */
export const policeActivityKinds = {
  TRAFFIC_OPERATION: 'Trafikinsats.',
  MOPED_CONTROL: 'Kontroll av mopeder och A-traktorer.',
  SAFETY_WALK: 'Trygghetsvandring.',
  SCHOOL_VISIT: 'Skolbesök.',
  PATROL: 'Riktad patrullering.',
  INFORMATION: 'Information or campaign (kampanj).',
  OTHER: 'Annan polisiär aktivitet.',
} as const;
export type PoliceActivityKind = keyof typeof policeActivityKinds;

import type {
  ActivityKind,
  DataSourceKind,
  DesiredDirection,
  DialogueMethod,
  FollowUpStatus,
  PromiseStatus,
  ResponsibleParty,
  SigningPrecision,
} from './enums.js';
import type { SituationPictureRow, SourceColumns, WithdrawalColumns } from './shared-tables.js';

/**
 * The shape of kommun-owned data as resolvers see it, apart from the GraphQL types so that
 * storage and API can differ. Dates are ISO strings (YYYY-MM-DD). The kommun's tables
 * (subgraphs/kommun/database.ts) give rows that tsc checks against these records; a record of a
 * table every owner keeps (shared-tables.ts) is derived from that table's row.
 */
export type SourceFields = SourceColumns;

/** Every record kind can be withdrawn by its owner (shared-tables.ts). */
export type WithdrawalFields = WithdrawalColumns;

/** The source of every record entered through the hub. */
export const ENTERED = { sourceKind: 'ENTERED', sourceReference: null } as const satisfies SourceFields;

/** When a record was made and last changed, as its table keeps them (activities, follow-ups and measurements are never changed). */
export interface Created {
  createdAt: Date;
}
export interface Timestamps extends Created {
  updatedAt: Date;
}

export interface CitizenPromiseRecord extends SourceFields, WithdrawalFields, Timestamps {
  id: string;
  title: string;
  summary: string;
  periodStart: string;
  periodEnd: string;
  status: PromiseStatus;
  /** The signing day, only when it is known to the day (`signedPrecision` DAY); kept for older clients. */
  signedOn: string | null;
  /** How precisely the signing is known, and the first and last day it can have been; all null when unknown. */
  signedPrecision: SigningPrecision | null;
  signedEarliest: string | null;
  signedLatest: string | null;
  focusAreas: string[];
  extendsId: string | null;
  /** The promise this one followed (its predecessor in the kommun's chain), whether or not it extends it. */
  previousId: string | null;
  /** The samverkansöverenskommelse this promise is the public part of. */
  agreementId: string | null;
  /** Intern anteckning: for the owner and coordinators only. */
  internalNote: string | null;
  version: number;
}

export interface SignatoryRecord extends SignatoryFields {
  promiseId: string;
  position: number;
}

export interface CommitmentRecord extends SourceFields, WithdrawalFields, Timestamps {
  id: string;
  promiseId: string;
  /** The commitment of the extended promise this one was copied from (`extendPromise`). */
  carriedOverFromId: string | null;
  position: number;
  text: string;
  responsible: ResponsibleParty;
  otherParty: string | null;
  targetText: string | null;
  targetYearlyCount: number | null;
  version: number;
}

export interface ActivityRecord extends SourceFields, WithdrawalFields, Versioned, Created {
  id: string;
  commitmentId: string;
  date: string;
  kind: ActivityKind;
  place: string;
  description: string;
  outcome: string | null;
}

export interface FollowUpRecord extends SourceFields, WithdrawalFields, Versioned, Created {
  id: string;
  commitmentId: string;
  date: string;
  status: FollowUpStatus;
  note: string;
}

export interface PromiseFilter {
  status?: PromiseStatus | null;
  /** Only promises whose period contains this date. */
  activeOn?: string | null;
  /** Only promises whose period overlaps this range (either end open). */
  periodFrom?: string | null;
  periodTo?: string | null;
  /** Only promises with this fokusområde (exactly as written). */
  focusArea?: string | null;
  /** Only promises with at least one åtagande of this party. */
  responsible?: ResponsibleParty | null;
}

/** A record that can be changed by its owner: updates name the version they are based on. */
export interface Versioned {
  version: number;
}

/** Lägesbild: a summary of the analysed picture of local problems; the API shows no timestamps. */
export type SituationPictureRecord = Omit<SituationPictureRow, 'createdAt' | 'updatedAt'>;

/** Medborgardialog: how residents were asked, and what came out. */
export interface CitizenDialogueRecord extends SourceFields, WithdrawalFields, Versioned {
  id: string;
  title: string;
  method: DialogueMethod;
  periodStart: string;
  periodEnd: string;
  participantCount: number | null;
  keyFindings: string[];
}

export interface AgreementGoal {
  text: string;
  indicatorId: string | null;
}

/** A forum of the agreement's structure: who meets, how often. */
export interface AgreementForum {
  name: string;
  participants: string;
  frequency: string;
}

export interface SignatoryFields {
  name: string;
  title: string;
  organisation: string;
}

/** Samverkansöverenskommelse: the longer agreement whose public, communicative part the promises are. */
export interface CollaborationAgreementRecord extends SourceFields, WithdrawalFields, Versioned {
  id: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  parties: string[];
  focusAreas: string[];
  goals: AgreementGoal[];
  forums: AgreementForum[];
  coordinatingFunction: string | null;
  followUpPlan: string;
  signatories: SignatoryFields[];
}

/** Indikator: a measure the work is followed by. */
export interface IndicatorRecord extends SourceFields, WithdrawalFields, Versioned {
  id: string;
  name: string;
  definition: string;
  unit: string;
  dataSource: DataSourceKind;
  dataSourceDetail: string | null;
  desiredDirection: DesiredDirection;
  baselineValue: number | null;
  baselineDate: string | null;
  targetValue: number | null;
  targetDate: string | null;
}

/** Mätning: one value of an indicator. */
export interface MeasurementRecord extends SourceFields, WithdrawalFields, Versioned, Created {
  id: string;
  indicatorId: string;
  date: string;
  value: number;
  note: string | null;
}

/** Rättelse: a measured value corrected by its owner; the value it replaced is kept here. */
export interface MeasurementCorrectionRecord {
  id: string;
  measurementId: string;
  correctedAt: Date;
  correctedBy: string;
  previousValue: number;
  value: number;
  reason: string;
}

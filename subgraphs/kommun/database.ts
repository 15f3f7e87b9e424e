import type { Generated, JSONColumnType, Selectable } from 'kysely';
import type {
  ActivityKind,
  DataSourceKind,
  DesiredDirection,
  DialogueMethod,
  FollowUpStatus,
  PromiseStatus,
  ResponsibleParty,
  SigningPrecision,
} from '../../domain/enums.js';
import type { AgreementForum, AgreementGoal, SignatoryFields } from '../../domain/records.js';
import type { SharedTables, SourceColumns, VersionedColumns, WithdrawalColumns } from '../../domain/shared-tables.js';

/**
 * The kommun's own database: its promises with all their commitments, activities and follow-ups,
 * and what they stand on: lägesbild, medborgardialog, samverkansöverenskommelse and indicators.
 * One interface per table, with the columns the migrations make (camelCase, as CamelCasePlugin
 * maps them); `Generated` marks those the database fills by default. The API's records
 * (domain/records.ts) are declared apart, so that domain/ and schema/ need nothing of a subgraph;
 * tsc checks these rows against them where loaders and writes hand rows over.
 */
export interface KommunDatabase extends SharedTables {
  citizenPromise: CitizenPromiseTable;
  signatory: SignatoryTable;
  commitment: CommitmentTable;
  activity: ActivityTable;
  followUp: FollowUpTable;
  citizenDialogue: CitizenDialogueTable;
  collaborationAgreement: CollaborationAgreementTable;
  indicator: IndicatorTable;
  measurement: MeasurementTable;
  measurementCorrection: MeasurementCorrectionTable;
  /** The seed records this database has received (`seed.ts`). */
  seededRecord: SeededRecordTable;
  situationPicturePromise: SituationPicturePromiseTable;
  citizenDialoguePromise: CitizenDialoguePromiseTable;
  promiseIndicator: PromiseIndicatorTable;
  commitmentIndicator: CommitmentIndicatorTable;
}

export interface CitizenPromiseTable extends SourceColumns, VersionedColumns, WithdrawalColumns {
  id: string;
  title: string;
  summary: string;
  periodStart: string;
  periodEnd: string;
  status: PromiseStatus;
  /** Set only when the signing day is known (`signedPrecision` DAY). */
  signedOn: string | null;
  signedPrecision: SigningPrecision | null;
  signedEarliest: string | null;
  signedLatest: string | null;
  focusAreas: Generated<string[]>;
  extendsId: string | null;
  previousId: string | null;
  internalNote: string | null;
  agreementId: string | null;
}
export type CitizenPromiseRow = Selectable<CitizenPromiseTable>;

export interface SignatoryTable {
  promiseId: string;
  position: number;
  name: string;
  title: string;
  organisation: string;
}

export interface CommitmentTable extends SourceColumns, VersionedColumns, WithdrawalColumns {
  id: string;
  promiseId: string;
  position: number;
  text: string;
  responsible: ResponsibleParty;
  otherParty: string | null;
  targetText: string | null;
  targetYearlyCount: number | null;
  /** The commitment of the extended promise this one was copied from (`extendPromise`). */
  carriedOverFromId: string | null;
}
export type CommitmentRow = Selectable<CommitmentTable>;

export interface ActivityTable extends SourceColumns, VersionedColumns, WithdrawalColumns {
  id: string;
  commitmentId: string;
  date: string;
  kind: ActivityKind;
  place: string;
  description: string;
  outcome: string | null;
}

export interface FollowUpTable extends SourceColumns, VersionedColumns, WithdrawalColumns {
  id: string;
  commitmentId: string;
  date: string;
  status: FollowUpStatus;
  note: string;
}

export interface CitizenDialogueTable extends SourceColumns, VersionedColumns, WithdrawalColumns {
  id: string;
  title: string;
  method: DialogueMethod;
  periodStart: string;
  periodEnd: string;
  participantCount: number | null;
  keyFindings: Generated<string[]>;
}

/** jsonb written as JSON text and read back as the value; the database fills `[]` when left out. */
type JsonList<Item extends object> = JSONColumnType<Item[], string | undefined>;

export interface CollaborationAgreementTable extends SourceColumns, VersionedColumns, WithdrawalColumns {
  id: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  parties: string[];
  focusAreas: Generated<string[]>;
  goals: JsonList<AgreementGoal>;
  forums: JsonList<AgreementForum>;
  coordinatingFunction: string | null;
  followUpPlan: string;
  signatories: JsonList<SignatoryFields>;
}

export interface IndicatorTable extends SourceColumns, VersionedColumns, WithdrawalColumns {
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

export interface MeasurementTable extends SourceColumns, VersionedColumns, WithdrawalColumns {
  id: string;
  indicatorId: string;
  date: string;
  value: number;
  note: string | null;
}

/** Rättelse: a measured value corrected by its owner; the value it replaced is kept here. */
export interface MeasurementCorrectionTable {
  /** bigserial; 64-bit integers are read as strings. */
  id: Generated<string>;
  measurementId: string;
  correctedAt: Generated<Date>;
  correctedBy: string;
  previousValue: number;
  value: number;
  reason: string;
}

export interface SeededRecordTable {
  id: string;
  seededAt: Generated<Date>;
}

export interface SituationPicturePromiseTable {
  situationPictureId: string;
  promiseId: string;
}

export interface CitizenDialoguePromiseTable {
  citizenDialogueId: string;
  promiseId: string;
}

export interface PromiseIndicatorTable {
  indicatorId: string;
  promiseId: string;
}

export interface CommitmentIndicatorTable {
  commitmentId: string;
  indicatorId: string;
}

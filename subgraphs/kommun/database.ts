import type { ColumnType, Generated } from 'kysely';
import type { AuditedDatabase } from '../../domain/audit-log.js';
import type { SituationPictureDatabase } from '../../domain/situation-pictures.js';
import type {
  ActivityRecord,
  AgreementForum,
  AgreementGoal,
  CitizenDialogueRecord,
  CitizenPromiseRecord,
  CollaborationAgreementRecord,
  CommitmentRecord,
  FollowUpRecord,
  IndicatorRecord,
  MeasurementCorrectionRecord,
  MeasurementRecord,
  SignatoryFields,
  SignatoryRecord,
} from '../../domain/records.js';

/** Columns every versioned record has, filled in by the database. */
interface VersionedColumns {
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

/** Columns a new row may leave out: the database fills in their default (null). */
type Defaulted<Row, Key extends keyof Row> = Omit<Row, Key> & { [Column in Key]: Generated<Row[Column]> };
type Withdrawal = 'withdrawnAt' | 'withdrawnBy' | 'withdrawalReason';

/** jsonb: written as JSON text, read back as the value. */
type Json<Value> = ColumnType<Value, string, string>;

/**
 * The kommun's own database: its promises with all their commitments, activities and follow-ups,
 * and what they stand on: lägesbild, medborgardialog, samverkansöverenskommelse and indicators.
 */
export interface KommunDatabase extends AuditedDatabase, SituationPictureDatabase {
  citizenPromise: Defaulted<
    Omit<CitizenPromiseRecord, 'version'>,
    'internalNote' | 'agreementId' | 'previousId' | 'signedPrecision' | 'signedEarliest' | 'signedLatest' | Withdrawal
  > &
    VersionedColumns;
  signatory: SignatoryRecord;
  commitment: Defaulted<Omit<CommitmentRecord, 'version'>, 'carriedOverFromId' | Withdrawal> & VersionedColumns;
  activity: Defaulted<Omit<ActivityRecord, 'version'>, Withdrawal> & VersionedColumns;
  followUp: Defaulted<Omit<FollowUpRecord, 'version'>, Withdrawal> & VersionedColumns;
  citizenDialogue: Defaulted<Omit<CitizenDialogueRecord, 'version'>, Withdrawal> & VersionedColumns;
  collaborationAgreement: Defaulted<Omit<CollaborationAgreementRecord, 'version' | 'goals' | 'forums' | 'signatories'>, Withdrawal> &
    VersionedColumns & { goals: Json<AgreementGoal[]>; forums: Json<AgreementForum[]>; signatories: Json<SignatoryFields[]> };
  indicator: Defaulted<Omit<IndicatorRecord, 'version'>, Withdrawal> & VersionedColumns;
  measurement: Defaulted<Omit<MeasurementRecord, 'version'>, Withdrawal> & VersionedColumns;
  measurementCorrection: Defaulted<MeasurementCorrectionRecord, 'id' | 'correctedAt'>;
  /** The seed records this database has received (`seed.ts`). */
  seededRecord: { id: string; seededAt: Generated<Date> };
  situationPicturePromise: { situationPictureId: string; promiseId: string };
  citizenDialoguePromise: { citizenDialogueId: string; promiseId: string };
  promiseIndicator: { indicatorId: string; promiseId: string };
  commitmentIndicator: { commitmentId: string; indicatorId: string };
}

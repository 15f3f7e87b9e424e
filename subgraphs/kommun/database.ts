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

/** jsonb: written as JSON text, read back as the value. */
type Json<Value> = ColumnType<Value, string, string>;

/**
 * The kommun's own database: its promises with all their commitments, activities and follow-ups,
 * and what they stand on: lägesbild, medborgardialog, samverkansöverenskommelse and indicators.
 */
export interface KommunDatabase extends AuditedDatabase, SituationPictureDatabase {
  citizenPromise: Omit<CitizenPromiseRecord, 'version' | 'internalNote' | 'agreementId'> &
    VersionedColumns & { internalNote: Generated<string | null>; agreementId: Generated<string | null> };
  signatory: SignatoryRecord;
  commitment: Omit<CommitmentRecord, 'version'> & VersionedColumns;
  activity: ActivityRecord & { createdAt: Generated<Date> };
  followUp: FollowUpRecord & { createdAt: Generated<Date> };
  citizenDialogue: Omit<CitizenDialogueRecord, 'version'> & VersionedColumns;
  collaborationAgreement: Omit<CollaborationAgreementRecord, 'version' | 'goals' | 'forums' | 'signatories'> &
    VersionedColumns & { goals: Json<AgreementGoal[]>; forums: Json<AgreementForum[]>; signatories: Json<SignatoryFields[]> };
  indicator: Omit<IndicatorRecord, 'version'> & VersionedColumns;
  measurement: MeasurementRecord & { createdAt: Generated<Date> };
  situationPicturePromise: { situationPictureId: string; promiseId: string };
  citizenDialoguePromise: { citizenDialogueId: string; promiseId: string };
  promiseIndicator: { indicatorId: string; promiseId: string };
  commitmentIndicator: { commitmentId: string; indicatorId: string };
}

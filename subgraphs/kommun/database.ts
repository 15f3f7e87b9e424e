import type { Generated } from 'kysely';
import type { AuditedDatabase } from '../runtime/audit.js';
import type {
  ActivityRecord,
  CitizenPromiseRecord,
  CommitmentRecord,
  FollowUpRecord,
  SignatoryRecord,
} from '../../schema/records.js';

/** The kommun's own database: its promises with all their commitments, activities and follow-ups. */
export interface KommunDatabase extends AuditedDatabase {
  citizenPromise: Omit<CitizenPromiseRecord, 'version' | 'internalNote'> & { internalNote: Generated<string | null>; version: Generated<number>; createdAt: Generated<Date>; updatedAt: Generated<Date> };
  signatory: SignatoryRecord;
  commitment: Omit<CommitmentRecord, 'version'> & { version: Generated<number>; createdAt: Generated<Date>; updatedAt: Generated<Date> };
  activity: ActivityRecord & { createdAt: Generated<Date> };
  followUp: FollowUpRecord & { createdAt: Generated<Date> };
}

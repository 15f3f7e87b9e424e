import type { Generated } from 'kysely';
import type {
  ActivityRecord,
  CitizenPromiseRecord,
  CommitmentRecord,
  FollowUpRecord,
  SignatoryRecord,
} from '../../schema/records.js';

/** The kommun's own database: its promises with all their commitments, activities and follow-ups. */
export interface KommunDatabase {
  citizenPromise: Omit<CitizenPromiseRecord, 'version'> & { version: Generated<number>; createdAt: Generated<Date>; updatedAt: Generated<Date> };
  signatory: SignatoryRecord;
  commitment: Omit<CommitmentRecord, 'version'> & { version: Generated<number>; createdAt: Generated<Date>; updatedAt: Generated<Date> };
  activity: ActivityRecord & { createdAt: Generated<Date> };
  followUp: FollowUpRecord & { createdAt: Generated<Date> };
}

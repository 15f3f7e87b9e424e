import type { Migration } from 'kysely/migration';
import * as auditEntryPerson from '../../shared/migrations/audit-entry-person.js';
import * as policeArea from './0001_police_area.js';
import * as audit from './0002_audit.js';
import * as situationPicture from './0003_situation_picture.js';
import * as situationPictureWithdrawal from './0004_situation_picture_withdrawal.js';
import * as idempotencyKeys from './0005_idempotency_keys.js';
import * as changeAnnouncements from './0006_change_announcements.js';
import * as idempotencyKeyRequests from './0007_idempotency_key_requests.js';

/** Every migration of the police database, by name; frozen in time as the kommun's are (see kommun/migrations/index.ts). */
export const policeMigrations: Record<string, Migration> = {
  '0001_police_area': policeArea,
  '0002_audit': audit,
  '0003_situation_picture': situationPicture,
  '0004_situation_picture_withdrawal': situationPictureWithdrawal,
  '0005_idempotency_keys': idempotencyKeys,
  '0006_change_announcements': changeAnnouncements,
  '0007_idempotency_key_requests': idempotencyKeyRequests,
  '0008_audit_entry_person': auditEntryPerson,
};

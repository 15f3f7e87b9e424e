import type { Migration } from 'kysely/migration';
import * as auditEntryPerson from '../../shared/migrations/audit-entry-person.js';
import * as promises from './0001_promises.js';
import * as auditAndInternalNotes from './0002_audit_and_internal_notes.js';
import * as foundations from './0003_foundations.js';
import * as promiseLifecycle from './0004_promise_lifecycle.js';
import * as idempotencyKeys from './0005_idempotency_keys.js';
import * as changeAnnouncements from './0006_change_announcements.js';
import * as idempotencyKeyRequests from './0007_idempotency_key_requests.js';

/**
 * Every migration of the kommun database, by name; names sort in the order they run.
 *
 * Migrations are frozen in time: each holds its own literal DDL and value lists and imports no
 * application code, and one that has run is never edited, since databases that applied it will
 * not run it again. A change of the schema, including a value added to or removed from an enum
 * in domain/enums.ts, is a new migration (e.g. one that drops and re-adds the CHECK constraint).
 * tests/subgraph/migrations.test.ts compares the schema with databases made by earlier code.
 */
export const kommunMigrations: Record<string, Migration> = {
  '0001_promises': promises,
  '0002_audit_and_internal_notes': auditAndInternalNotes,
  '0003_foundations': foundations,
  '0004_promise_lifecycle': promiseLifecycle,
  '0005_idempotency_keys': idempotencyKeys,
  '0006_change_announcements': changeAnnouncements,
  '0007_idempotency_key_requests': idempotencyKeyRequests,
  '0008_audit_entry_person': auditEntryPerson,
};

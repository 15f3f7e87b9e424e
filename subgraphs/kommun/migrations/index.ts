import type { Migration } from 'kysely/migration';
import * as promises from './0001_promises.js';
import * as auditAndInternalNotes from './0002_audit_and_internal_notes.js';
import * as foundations from './0003_foundations.js';
import * as idempotencyKeys from './0004_idempotency_keys.js';

/** Every migration of the kommun database, by name; names sort in the order they run. */
export const kommunMigrations: Record<string, Migration> = {
  '0001_promises': promises,
  '0002_audit_and_internal_notes': auditAndInternalNotes,
  '0003_foundations': foundations,
  '0004_idempotency_keys': idempotencyKeys,
};

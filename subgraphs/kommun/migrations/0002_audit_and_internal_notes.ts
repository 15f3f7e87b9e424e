import type { Kysely } from 'kysely';
import { createAuditTable } from '../../../domain/audit-log.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createAuditTable(db);
  await db.schema.alterTable('citizen_promise').addColumn('internal_note', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('citizen_promise').dropColumn('internal_note').execute();
  await db.schema.dropTable('audit_entry').execute();
}

import type { Kysely } from 'kysely';
import { createAuditTable } from '../../../domain/audit-log.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createAuditTable(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_entry').execute();
}

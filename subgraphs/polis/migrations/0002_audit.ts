import type { Kysely } from 'kysely';
import { createAuditTable } from '../../runtime/audit.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createAuditTable(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_entry').execute();
}

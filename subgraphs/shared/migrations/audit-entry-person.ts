import type { Kysely } from 'kysely';

/**
 * The audit log names the person as their identity provider does: the display name and the
 * issuer of the token beside its subject. Entries made before, and those of development tokens,
 * have neither (null). One migration for every owner's database: the audit table is alike in all.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_entry').addColumn('actor_name', 'text').addColumn('actor_issuer', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_entry').dropColumn('actor_name').dropColumn('actor_issuer').execute();
}

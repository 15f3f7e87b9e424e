import { type Kysely, sql } from 'kysely';

/** The audit log, and the owner's internal note on a promise. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit_entry (
      id bigserial primary key,
      at timestamptz default now() not null,
      subject text not null,
      organisation text not null,
      role text not null,
      action text not null,
      record_type text not null,
      record_id text not null,
      before jsonb,
      after jsonb
    )`.execute(db);
  await sql`create index audit_entry_record on audit_entry (record_type, record_id)`.execute(db);
  await sql`alter table citizen_promise add column internal_note text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('citizen_promise').dropColumn('internal_note').execute();
  await db.schema.dropTable('audit_entry').execute();
}

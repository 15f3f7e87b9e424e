import { type Kysely, sql } from 'kysely';

/** The police area, its contact for each kommun, and its activities for the kommuner's commitments. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table local_police_area (
      id text primary key,
      name text not null,
      chief_name text not null,
      chief_title text not null
    )`.execute(db);

  await sql`
    create table kommun_contact (
      police_area_id text not null references local_police_area (id),
      kommun_code text not null,
      title text not null,
      name text,
      phone text not null,
      source_kind text not null check (source_kind in ('PUBLISHED', 'ILLUSTRATIVE', 'ENTERED')),
      source_reference text,
      constraint kommun_contact_pkey primary key (police_area_id, kommun_code)
    )`.execute(db);

  await sql`
    create table police_activity (
      id text primary key,
      kommun_code text not null,
      commitment_id text not null,
      date date not null,
      kind text not null check (kind in ('TRAFFIC_OPERATION', 'MOPED_CONTROL', 'SAFETY_WALK', 'SCHOOL_VISIT', 'PATROL', 'INFORMATION', 'OTHER')),
      place text not null,
      description text not null,
      source_kind text not null check (source_kind in ('PUBLISHED', 'ILLUSTRATIVE', 'ENTERED')),
      source_reference text,
      created_at timestamptz default now() not null
    )`.execute(db);
  await sql`create index police_activity_commitment_id on police_activity (commitment_id, date)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['police_activity', 'kommun_contact', 'local_police_area']) {
    await db.schema.dropTable(table).execute();
  }
}

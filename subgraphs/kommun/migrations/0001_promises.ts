import { type Kysely, sql } from 'kysely';

/** The kommun's promises, with their signatories, commitments, activities and follow-ups. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table citizen_promise (
      id text primary key,
      title text not null,
      summary text not null,
      period_start date not null,
      period_end date not null,
      status text not null check (status in ('DRAFT', 'ACTIVE', 'COMPLETED', 'WITHDRAWN')),
      signed_on date,
      focus_areas text[] default '{}' not null,
      extends_id text references citizen_promise (id),
      source_kind text not null check (source_kind in ('PUBLISHED', 'ILLUSTRATIVE', 'ENTERED')),
      source_reference text,
      version integer default 1 not null,
      created_at timestamptz default now() not null,
      updated_at timestamptz default now() not null,
      constraint citizen_promise_period_order check (period_start <= period_end)
    )`.execute(db);

  await sql`
    create table signatory (
      promise_id text not null references citizen_promise (id) on delete cascade,
      position integer not null,
      name text not null,
      title text not null,
      organisation text not null,
      constraint signatory_pkey primary key (promise_id, position)
    )`.execute(db);

  await sql`
    create table commitment (
      id text primary key,
      promise_id text not null references citizen_promise (id) on delete cascade,
      position integer not null,
      text text not null,
      responsible text not null check (responsible in ('KOMMUN', 'POLICE', 'JOINT', 'OTHER')),
      other_party text,
      target_text text,
      target_yearly_count integer,
      source_kind text not null check (source_kind in ('PUBLISHED', 'ILLUSTRATIVE', 'ENTERED')),
      source_reference text,
      version integer default 1 not null,
      created_at timestamptz default now() not null,
      updated_at timestamptz default now() not null,
      constraint commitment_other_party check ((responsible = 'OTHER') = (other_party is not null))
    )`.execute(db);
  await sql`create index commitment_promise_id on commitment (promise_id, position)`.execute(db);

  await sql`
    create table activity (
      id text primary key,
      commitment_id text not null references commitment (id) on delete cascade,
      date date not null,
      kind text not null check (kind in ('CAMPAIGN', 'SAFETY_WALK', 'TRAFFIC_CONTROL', 'PARENT_MEETING', 'INSPECTION', 'EDUCATION', 'MEETING', 'OTHER')),
      place text not null,
      description text not null,
      outcome text,
      source_kind text not null check (source_kind in ('PUBLISHED', 'ILLUSTRATIVE', 'ENTERED')),
      source_reference text,
      created_at timestamptz default now() not null
    )`.execute(db);
  await sql`create index activity_commitment_id on activity (commitment_id, date)`.execute(db);

  await sql`
    create table follow_up (
      id text primary key,
      commitment_id text not null references commitment (id) on delete cascade,
      date date not null,
      status text not null check (status in ('NOT_STARTED', 'ON_TRACK', 'DELAYED', 'DONE')),
      note text not null,
      source_kind text not null check (source_kind in ('PUBLISHED', 'ILLUSTRATIVE', 'ENTERED')),
      source_reference text,
      created_at timestamptz default now() not null
    )`.execute(db);
  await sql`create index follow_up_commitment_id on follow_up (commitment_id, date)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['follow_up', 'activity', 'commitment', 'signatory', 'citizen_promise']) {
    await db.schema.dropTable(table).execute();
  }
}

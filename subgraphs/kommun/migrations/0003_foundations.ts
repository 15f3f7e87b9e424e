import { type Kysely, sql } from 'kysely';

/**
 * What the promises stand on: lägesbild, medborgardialog, samverkansöverenskommelse and
 * indicators with their measurements, and the links from promises and commitments to them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table situation_picture (
      id text primary key,
      date date not null,
      period_start date not null,
      period_end date not null,
      title text not null,
      summary text not null,
      prioritised_problems text[] default '{}' not null,
      data_sources text[] not null check (data_sources <@ array['NTU', 'LOCAL_SURVEY', 'REPORTED_CRIMES', 'POLICE_REPORTS', 'CITIZEN_DIALOGUE', 'SAFETY_WALK', 'KOMMUN_REPORTS', 'OTHER']::text[]),
      source_kind text not null check (source_kind in ('PUBLISHED', 'ILLUSTRATIVE', 'ENTERED')),
      source_reference text,
      version integer default 1 not null,
      created_at timestamptz default now() not null,
      updated_at timestamptz default now() not null,
      constraint situation_picture_period_order check (period_start <= period_end)
    )`.execute(db);

  await sql`
    create table citizen_dialogue (
      id text primary key,
      title text not null,
      method text not null check (method in ('SURVEY', 'SAFETY_WALK', 'FOCUS_GROUP', 'MEETING', 'OTHER')),
      period_start date not null,
      period_end date not null,
      participant_count integer check (participant_count >= 0),
      key_findings text[] default '{}' not null,
      source_kind text not null check (source_kind in ('PUBLISHED', 'ILLUSTRATIVE', 'ENTERED')),
      source_reference text,
      version integer default 1 not null,
      created_at timestamptz default now() not null,
      updated_at timestamptz default now() not null,
      constraint citizen_dialogue_period_order check (period_start <= period_end)
    )`.execute(db);

  // Goals, forums and signatories are small ordered lists owned by the agreement and always
  // written whole, so they are jsonb columns rather than tables of their own.
  await sql`
    create table collaboration_agreement (
      id text primary key,
      title text not null,
      period_start date not null,
      period_end date not null,
      parties text[] not null,
      focus_areas text[] default '{}' not null,
      goals jsonb default '[]' not null,
      forums jsonb default '[]' not null,
      coordinating_function text,
      follow_up_plan text not null,
      signatories jsonb default '[]' not null,
      source_kind text not null check (source_kind in ('PUBLISHED', 'ILLUSTRATIVE', 'ENTERED')),
      source_reference text,
      version integer default 1 not null,
      created_at timestamptz default now() not null,
      updated_at timestamptz default now() not null,
      constraint collaboration_agreement_period_order check (period_start <= period_end)
    )`.execute(db);

  await sql`
    create table indicator (
      id text primary key,
      name text not null,
      definition text not null,
      unit text not null,
      data_source text not null check (data_source in ('NTU', 'LOCAL_SURVEY', 'REPORTED_CRIMES', 'POLICE_REPORTS', 'CITIZEN_DIALOGUE', 'SAFETY_WALK', 'KOMMUN_REPORTS', 'OTHER')),
      data_source_detail text,
      desired_direction text not null check (desired_direction in ('INCREASE', 'DECREASE')),
      baseline_value double precision,
      baseline_date date,
      target_value double precision,
      target_date date,
      source_kind text not null check (source_kind in ('PUBLISHED', 'ILLUSTRATIVE', 'ENTERED')),
      source_reference text,
      version integer default 1 not null,
      created_at timestamptz default now() not null,
      updated_at timestamptz default now() not null,
      constraint indicator_baseline_whole check ((baseline_value is null) = (baseline_date is null)),
      constraint indicator_target_whole check ((target_value is null) = (target_date is null))
    )`.execute(db);

  await sql`
    create table measurement (
      id text primary key,
      indicator_id text not null references indicator (id) on delete cascade,
      date date not null,
      value double precision not null,
      note text,
      source_kind text not null check (source_kind in ('PUBLISHED', 'ILLUSTRATIVE', 'ENTERED')),
      source_reference text,
      created_at timestamptz default now() not null,
      constraint measurement_indicator_date unique (indicator_id, date)
    )`.execute(db);

  await sql`alter table citizen_promise add column agreement_id text references collaboration_agreement (id)`.execute(
    db,
  );
  await sql`create index citizen_promise_agreement_id on citizen_promise (agreement_id)`.execute(db);

  // Links, each owned by the record named first in the table's name.
  await sql`
    create table situation_picture_promise (
      situation_picture_id text not null references situation_picture (id) on delete cascade,
      promise_id text not null references citizen_promise (id) on delete cascade,
      constraint situation_picture_promise_pkey primary key (situation_picture_id, promise_id)
    )`.execute(db);
  await sql`create index situation_picture_promise_promise_id on situation_picture_promise (promise_id)`.execute(db);

  await sql`
    create table citizen_dialogue_promise (
      citizen_dialogue_id text not null references citizen_dialogue (id) on delete cascade,
      promise_id text not null references citizen_promise (id) on delete cascade,
      constraint citizen_dialogue_promise_pkey primary key (citizen_dialogue_id, promise_id)
    )`.execute(db);
  await sql`create index citizen_dialogue_promise_promise_id on citizen_dialogue_promise (promise_id)`.execute(db);

  await sql`
    create table promise_indicator (
      indicator_id text not null references indicator (id) on delete cascade,
      promise_id text not null references citizen_promise (id) on delete cascade,
      constraint promise_indicator_pkey primary key (indicator_id, promise_id)
    )`.execute(db);
  await sql`create index promise_indicator_promise_id on promise_indicator (promise_id)`.execute(db);

  await sql`
    create table commitment_indicator (
      commitment_id text not null references commitment (id) on delete cascade,
      indicator_id text not null references indicator (id) on delete cascade,
      constraint commitment_indicator_pkey primary key (commitment_id, indicator_id)
    )`.execute(db);
  await sql`create index commitment_indicator_indicator_id on commitment_indicator (indicator_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'commitment_indicator',
    'promise_indicator',
    'citizen_dialogue_promise',
    'situation_picture_promise',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('citizen_promise').dropColumn('agreement_id').execute();
  for (const table of [
    'measurement',
    'indicator',
    'collaboration_agreement',
    'citizen_dialogue',
    'situation_picture',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

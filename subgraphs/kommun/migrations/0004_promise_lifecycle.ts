import { type Kysely, sql } from 'kysely';

/**
 * A promise's whole life (issue 12): its predecessor, an honest signing date (a day, week,
 * month, season or year, or a range), the status PREPARATION, commitments carried over from
 * the promise a promise extends, withdrawal of every record kind, versions on activities,
 * follow-ups and measurements, measurement corrections, and the seed records a database has
 * received. Literal DDL and value lists: frozen in time, importing no application code.
 */
const WITHDRAWABLE = [
  'citizen_promise',
  'commitment',
  'activity',
  'follow_up',
  'situation_picture',
  'citizen_dialogue',
  'collaboration_agreement',
  'indicator',
  'measurement',
] as const;

/** Records that were created without a version (they could not be changed before). */
const NEWLY_VERSIONED = ['activity', 'follow_up', 'measurement'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('citizen_promise')
    .addColumn('previous_id', 'text', (col) => col.references('citizen_promise.id'))
    .addColumn('signed_precision', 'text', (col) =>
      col.check(sql`signed_precision in ('DAY', 'WEEK', 'MONTH', 'SEASON', 'YEAR', 'RANGE')`),
    )
    .addColumn('signed_earliest', 'date')
    .addColumn('signed_latest', 'date')
    .execute();
  await sql`alter table citizen_promise add constraint citizen_promise_signing_whole check (
    (signed_precision is null) = (signed_earliest is null) and (signed_precision is null) = (signed_latest is null)
    and signed_earliest <= signed_latest)`.execute(db);
  await sql`update citizen_promise set signed_precision = 'DAY', signed_earliest = signed_on, signed_latest = signed_on where signed_on is not null`.execute(
    db,
  );

  await sql`alter table citizen_promise drop constraint citizen_promise_status_check`.execute(db);
  await sql`alter table citizen_promise add constraint citizen_promise_status_check
    check (status in ('PREPARATION', 'DRAFT', 'ACTIVE', 'COMPLETED', 'WITHDRAWN'))`.execute(db);

  await db.schema
    .alterTable('commitment')
    .addColumn('carried_over_from_id', 'text', (col) => col.references('commitment.id'))
    .execute();

  for (const table of NEWLY_VERSIONED) {
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .execute();
  }

  for (const table of WITHDRAWABLE) {
    await db.schema
      .alterTable(table)
      .addColumn('withdrawn_at', 'timestamptz')
      .addColumn('withdrawn_by', 'text')
      .addColumn('withdrawal_reason', 'text')
      .execute();
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_withdrawal_whole`)}
      check ((withdrawn_at is null) = (withdrawal_reason is null) and (withdrawn_at is null) = (withdrawn_by is null))`.execute(
      db,
    );
  }

  await db.schema
    .createTable('measurement_correction')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('measurement_id', 'text', (col) => col.notNull().references('measurement.id').onDelete('cascade'))
    .addColumn('corrected_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('corrected_by', 'text', (col) => col.notNull())
    .addColumn('previous_value', 'double precision', (col) => col.notNull())
    .addColumn('value', 'double precision', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('measurement_correction_measurement_id')
    .on('measurement_correction')
    .columns(['measurement_id', 'id'])
    .execute();

  // The seed records this database has received, so a later seed adds only what is new.
  await db.schema
    .createTable('seeded_record')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('seeded_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('seeded_record').execute();
  await db.schema.dropTable('measurement_correction').execute();
  for (const table of WITHDRAWABLE) {
    await db.schema.alterTable(table).dropConstraint(`${table}_withdrawal_whole`).execute();
    await db.schema
      .alterTable(table)
      .dropColumn('withdrawn_at')
      .dropColumn('withdrawn_by')
      .dropColumn('withdrawal_reason')
      .execute();
  }
  for (const table of NEWLY_VERSIONED) {
    await db.schema.alterTable(table).dropColumn('version').dropColumn('updated_at').execute();
  }
  await db.schema.alterTable('commitment').dropColumn('carried_over_from_id').execute();
  await sql`alter table citizen_promise drop constraint citizen_promise_status_check`.execute(db);
  await sql`alter table citizen_promise add constraint citizen_promise_status_check
    check (status in ('DRAFT', 'ACTIVE', 'COMPLETED', 'WITHDRAWN'))`.execute(db);
  await sql`alter table citizen_promise drop constraint citizen_promise_signing_whole`.execute(db);
  await db.schema
    .alterTable('citizen_promise')
    .dropColumn('previous_id')
    .dropColumn('signed_precision')
    .dropColumn('signed_earliest')
    .dropColumn('signed_latest')
    .execute();
}

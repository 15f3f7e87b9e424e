import { type Kysely, sql } from 'kysely';

/**
 * The lägesbild table is kept alike by every owner (`domain/situation-pictures.ts`), and a kommun's
 * records can now be withdrawn: the police area's table gets the same withdrawal columns.
 * Literal DDL, frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('situation_picture')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawal_reason', 'text')
    .execute();
  await sql`alter table situation_picture add constraint situation_picture_withdrawal_whole
    check ((withdrawn_at is null) = (withdrawal_reason is null) and (withdrawn_at is null) = (withdrawn_by is null))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('situation_picture').dropConstraint('situation_picture_withdrawal_whole').execute();
  await db.schema
    .alterTable('situation_picture')
    .dropColumn('withdrawn_at')
    .dropColumn('withdrawn_by')
    .dropColumn('withdrawal_reason')
    .execute();
}

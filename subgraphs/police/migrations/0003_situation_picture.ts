import type { Kysely } from 'kysely';
import { createSituationPictureTable } from '../../../domain/situation-pictures.js';

/** The police area's own lägesbild summaries (never intelligence). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createSituationPictureTable(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('situation_picture').execute();
}

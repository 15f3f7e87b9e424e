import type { Migration } from 'kysely/migration';
import * as promises from './0001_promises.js';

/** Every migration of the kommun database, by name; names sort in the order they run. */
export const kommunMigrations: Record<string, Migration> = {
  '0001_promises': promises,
};

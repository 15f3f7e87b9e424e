import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { todayInSweden } from '../../domain/dates.js';
import { migrateToLatest, openDatabase, withPostgresClient } from '../../server/database.js';
import { projectRoot } from '../../server/project-root.js';
import { createTestDatabase, type TestDatabase, whenNotInUse } from './databases.js';

/** What a seeded database is made of: a subgraph's name, migrations and seed (its SubgraphDefinition). */
export interface SeededDatabaseRecipe {
  name: string;
  migrations: Record<string, Migration>;
  seedOnStart(db: Kysely<any>): Promise<unknown>;
}

/**
 * A fresh test database, migrated and seeded, cloned from a template made once for the code as it
 * is (keyed by a hash of the hub's sources and today's date in Sweden): PGlite's folder copied,
 * or PostgreSQL's `CREATE DATABASE … TEMPLATE`. Migrating and seeding each of the hundred-odd
 * databases a test run opens cost more than the tests themselves.
 */
export async function createSeededTestDatabase(recipe: SeededDatabaseRecipe): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) return createTestDatabase(recipe.name, { template: await postgresTemplate(serverUrl, recipe) });
  const template = await pgliteTemplate(recipe);
  const database = await createTestDatabase(recipe.name);
  cpSync(template, database.dataDir!, { recursive: true, filter: (file) => !file.endsWith('loftesnavet.lock') });
  return database;
}

let cachedKey: string | undefined;
/** Changes whenever code that could change a migrated and seeded database changes. */
function templateKey(): string {
  if (cachedKey) return cachedKey;
  const hash = createHash('sha256').update(todayInSweden());
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) hash.update(full).update(readFileSync(full));
    }
  };
  for (const folder of ['domain', 'schema', 'server', 'subgraphs']) walk(path.join(projectRoot, folder));
  cachedKey = hash.digest('hex').slice(0, 12);
  return cachedKey;
}

async function migrateAndSeed(recipe: SeededDatabaseRecipe, database: { databaseUrl?: string; dataDir?: string }) {
  const db = openDatabase<any>(database);
  try {
    await migrateToLatest(db, recipe.migrations);
    await recipe.seedOnStart(db);
  } finally {
    await db.destroy();
  }
}

const pgliteTemplates = path.join(tmpdir(), 'loftesnavet-test-templates');

/** The template's folder, made once per key; workers racing to make it keep whichever is renamed first. */
async function pgliteTemplate(recipe: SeededDatabaseRecipe): Promise<string> {
  const key = templateKey();
  const folder = path.join(pgliteTemplates, key, recipe.name);
  if (existsSync(folder)) return folder;
  mkdirSync(path.dirname(folder), { recursive: true });
  const building = mkdtempSync(`${folder}-building-`);
  await migrateAndSeed(recipe, { dataDir: building });
  try {
    renameSync(building, folder);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  // Templates of earlier code are never used again.
  for (const other of readdirSync(pgliteTemplates))
    if (other !== key) rmSync(path.join(pgliteTemplates, other), { recursive: true, force: true });
  return folder;
}

/** The template database on the test server, named after TEST_DATABASE_URL's own database (CI drops them with it). */
async function postgresTemplate(serverUrl: string, recipe: SeededDatabaseRecipe): Promise<string> {
  const base = decodeURIComponent(new URL(serverUrl).pathname.slice(1)) || 'loftesnavet';
  const name = `${base}_template_${recipe.name.replace(/\W/g, '_')}_${templateKey()}`.slice(0, 63);
  const exists = async () =>
    withPostgresClient(serverUrl, async (client) => {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
      return rowCount === 1;
    });
  if (await exists()) return name;
  const building = `${name.slice(0, 50)}_${randomUUID().slice(0, 8)}`;
  await withPostgresClient(serverUrl, (client) => client.query(`CREATE DATABASE "${building}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${building}`;
  await migrateAndSeed(recipe, { databaseUrl: url.toString() });
  await withPostgresClient(serverUrl, async (client) => {
    try {
      await whenNotInUse(async () => {
        await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
      });
    } catch (error) {
      if ((error as { code?: string }).code !== '42P04') throw error; // duplicate_database: another worker was first
      await whenNotInUse(async () => {
        await client.query(`DROP DATABASE "${building}"`);
      });
    }
    // Templates of earlier code are never used again.
    const prefix = name.slice(0, name.length - templateKey().length);
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where starts_with(datname, $1) and datname <> $2 and datname !~ '_[0-9a-f]{8}$'",
      [prefix, name],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
  return name;
}

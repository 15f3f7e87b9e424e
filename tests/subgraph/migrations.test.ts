import { readdirSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import * as enums from '../../domain/enums.js';
import { migrateToLatest, openDatabase } from '../../server/database.js';
import { kommunMigrations } from '../../subgraphs/kommun/migrations/index.js';
import { policeMigrations } from '../../subgraphs/police/migrations/index.js';
import { policeActivityKinds } from '../../subgraphs/police/police-activity-kinds.js';
import { createTestDatabase, restoreTestDatabase, type TestDatabase } from '../support/databases.js';
import { previousLayoutDatabases, previousLayoutDump } from '../support/previous-layout.js';
import { schemaCatalogue } from '../support/schema-catalogue.js';

// The migrations are frozen in time: today's produce exactly the schema that databases made by
// earlier code have, and the database refuses exactly the enum values the API refuses.

const engines = [
  { engine: 'PGlite', embedded: true },
  ...(process.env.TEST_DATABASE_URL ? [{ engine: 'PostgreSQL', embedded: false }] : []),
];

/** The enum each CHECK constraint with a value list stands for. */
const enumChecks = {
  kommun: {
    citizen_promise_status_check: enums.promiseStatuses,
    citizen_promise_signed_precision_check: enums.signingPrecisions,
    commitment_responsible_check: enums.responsibleParties,
    activity_kind_check: enums.activityKinds,
    follow_up_status_check: enums.followUpStatuses,
    situation_picture_data_sources_check: enums.dataSourceKinds,
    citizen_dialogue_method_check: enums.dialogueMethods,
    indicator_data_source_check: enums.dataSourceKinds,
    indicator_desired_direction_check: enums.desiredDirections,
    ...sourceKindChecks(
      'citizen_promise',
      'commitment',
      'activity',
      'follow_up',
      'situation_picture',
      'citizen_dialogue',
      'collaboration_agreement',
      'indicator',
      'measurement',
    ),
  },
  police: {
    police_activity_kind_check: policeActivityKinds,
    situation_picture_data_sources_check: enums.dataSourceKinds,
    ...sourceKindChecks('kommun_contact', 'police_activity', 'situation_picture'),
  },
};

function sourceKindChecks(...tables: string[]) {
  return Object.fromEntries(tables.map((table) => [`${table}_source_kind_check`, enums.sourceKinds]));
}

const owners = [
  {
    owner: 'kommun',
    migrations: kommunMigrations,
    previous: previousLayoutDatabases.kommun,
    enumChecks: enumChecks.kommun,
  },
  {
    owner: 'police',
    migrations: policeMigrations,
    previous: previousLayoutDatabases.police,
    enumChecks: enumChecks.police,
  },
] as const;

type Catalogue = Awaited<ReturnType<typeof schemaCatalogue>>;

/** Opens `database`, runs `use` on it, and closes and drops it. */
async function withDatabase<T>(database: TestDatabase, use: (db: Kysely<any>) => Promise<T>): Promise<T> {
  const db = openDatabase<any>({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  try {
    return await use(db);
  } finally {
    await db.destroy();
    await database.drop();
  }
}

describe.each(engines)('on $engine', ({ embedded }) => {
  describe.each(owners)('the $owner database', ({ owner, migrations, previous, enumChecks }) => {
    let fresh: Catalogue;
    let previousMigrations: string[];
    let throughPrevious: Catalogue;
    let made: Catalogue;
    let madeMigratedForward: Catalogue;
    let appliedToMade: string[];
    beforeAll(async () => {
      fresh = await withDatabase(await createTestDatabase(`fresh_${owner}`, { embedded }), async (db) => {
        expect(await migrateToLatest(db, migrations)).toEqual(Object.keys(migrations));
        return schemaCatalogue(db);
      });
      ({ made, previousMigrations } = await withDatabase(
        await restoreTestDatabase(`previous_${owner}`, previousLayoutDump(previous), { embedded }),
        async (db) => ({
          made: await schemaCatalogue(db),
          previousMigrations: (await db.selectFrom('schemaMigration').select('name').orderBy('name').execute()).map(
            (m) => m.name as string,
          ),
        }),
      ));
      throughPrevious = await withDatabase(
        await createTestDatabase(`through_previous_${owner}`, { embedded }),
        async (db) => {
          await migrateToLatest(
            db,
            Object.fromEntries(Object.entries(migrations).filter(([name]) => previousMigrations.includes(name))),
          );
          return schemaCatalogue(db);
        },
      );
      ({ madeMigratedForward, appliedToMade } = await withDatabase(
        await restoreTestDatabase(`previous_forward_${owner}`, previousLayoutDump(previous), { embedded }),
        async (db) => ({
          appliedToMade: await migrateToLatest(db, migrations),
          madeMigratedForward: await schemaCatalogue(db),
        }),
      ));
    });

    it('migrated as far as the previous layout’s code was has exactly the schema that code made', () => {
      expect(previousMigrations.length).toBeGreaterThan(2);
      expect(throughPrevious.tables.length).toBeGreaterThan(2);
      expect(throughPrevious.constraints.length).toBeGreaterThan(throughPrevious.tables.length);
      expect(throughPrevious).toEqual(made);
    });

    it('made by the previous layout’s code and migrated forward has exactly the schema of a database migrated today', () => {
      expect(appliedToMade).toEqual(Object.keys(migrations).filter((name) => !previousMigrations.includes(name)));
      expect(madeMigratedForward).toEqual(fresh);
    });

    it('keeps the idempotency keys of a database from before requests were hashed, with no hash', async () => {
      const keys = await withDatabase(
        await createTestDatabase(`keys_before_hashing_${owner}`, { embedded }),
        async (db) => {
          const before = Object.keys(migrations).filter((name) => name < '0007');
          await migrateToLatest(db, Object.fromEntries(before.map((name) => [name, migrations[name]!])));
          await db
            .insertInto('idempotencyKey')
            .values({ organisation: 'umea', subject: 'editor@umea', action: 'createPromise', key: 'k', recordId: 'r' })
            .execute();
          expect(await migrateToLatest(db, migrations)).toEqual(
            Object.keys(migrations).filter((name) => name >= '0007'),
          );
          return db.selectFrom('idempotencyKey').select(['key', 'recordId', 'requestHash']).execute();
        },
      );
      expect(keys).toEqual([{ key: 'k', recordId: 'r', requestHash: null }]);
    });

    it('announces every change of every table’s data (the response cache depends on it), but Kysely’s bookkeeping and idempotency keys', () => {
      const announced = fresh.triggers
        .filter((t: any) => t.tgname === 'announce_data_change')
        .map((t: any) => [t.tableName, t.definition]);
      const notAnnounced = ['idempotency_key'];
      expect(announced).toEqual(
        fresh.tables
          .map((t: any) => t.tableName as string)
          .filter((name) => !notAnnounced.includes(name))
          .map((name) => [
            name,
            `CREATE TRIGGER announce_data_change AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.${name} FOR EACH STATEMENT EXECUTE FUNCTION announce_data_change()`,
          ]),
      );
    });

    it('refuses exactly the values of the enums today: each CHECK value list is its enum’s', () => {
      const lists = Object.fromEntries(
        fresh.constraints
          .filter((c: any) => c.contype === 'c' && /(= ANY|<@) \(?ARRAY\[/.test(c.definition))
          .map((c: any) => [c.conname, [...String(c.definition).matchAll(/'([^']*)'::text/g)].map((m) => m[1])]),
      );
      expect(lists).toEqual(
        Object.fromEntries(Object.entries(enumChecks).map(([name, values]) => [name, Object.keys(values)])),
      );
    });
  });
});

describe('each migration', () => {
  const root = new URL('../../', import.meta.url);
  const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
  const list = (folder: string) => readdirSync(new URL(folder, root));
  const folders = ['subgraphs/kommun/migrations', 'subgraphs/police/migrations'];
  /** Migrations of the tables every owner keeps alike (the audit log), written once and listed by each owner. */
  const shared = 'subgraphs/shared/migrations';
  const files = [...folders, shared].flatMap((folder) => list(folder).map((file) => `${folder}/${file}`));

  it.each(files.filter((file) => !file.endsWith('/index.ts')))(
    '%s imports only Kysely and takes Kysely<any>',
    (file) => {
      const source = read(file);
      expect([...source.matchAll(/from '([^']+)'/g)].map((m) => m[1])).toEqual(['kysely']);
      expect(source).toMatch(/export async function up\(db: Kysely<any>\)/);
      expect(source).toMatch(/export async function down\(db: Kysely<any>\)/);
    },
  );

  it.each(folders)('%s/index.ts lists its own files and shared migrations, nothing else', (folder) => {
    const source = read(`${folder}/index.ts`);
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    const own = imports.filter((i) => i.startsWith('./'));
    expect(own).toEqual(
      list(folder)
        .filter((file) => file !== 'index.ts')
        .map((file) => `./${file.replace(/\.ts$/, '.js')}`),
    );
    expect(imports.filter((i) => i !== 'kysely/migration' && !i.startsWith('./'))).toEqual(
      list(shared).map((file) => `../../shared/migrations/${file.replace(/\.ts$/, '.js')}`),
    );
  });
});

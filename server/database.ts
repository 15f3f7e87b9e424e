import { mkdirSync } from 'node:fs';
import { CamelCasePlugin, Kysely, type LogEvent, PGliteDialect, PostgresDialect } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import pg from 'pg';
import { lockDataFolder } from './data-folder-lock.js';
import { tracedDialect } from './sql-spans.js';
import { tracingEnabled } from './tracing.js';

export interface DatabaseConfig {
  /** PostgreSQL connection string. Without one, an embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded database; without one it lives in memory (tests). */
  dataDir?: string | undefined;
  /** Called with every SQL statement executed, e.g. to count statements per request. */
  onQuery?: ((sql: string) => void) | undefined;
  /** Most PostgreSQL connections the pool opens (PG_POOL_MAX, default 10). */
  maxConnections?: number | undefined;
  /** Told when the server cuts a connection (restart, failover, pg_terminate_backend). */
  onConnectionLost?: ((error: Error) => void) | undefined;
  /** Listens for NOTIFY on a channel (migration 0006's triggers announce every committed change there). */
  notifications?: DatabaseNotifications | undefined;
}

export interface DatabaseNotifications {
  channel: string;
  /** Called once per notification with its payload, after the notifying transaction committed. */
  onNotify(payload: string): void;
  /**
   * Told when listening starts and when it stops (a lost PostgreSQL connection, until it is
   * listening again); while listening on PostgreSQL, `notify` sends a notification on the channel
   * over the listening connection (not counted as one of the subgraph's statements). On PGlite it
   * is undefined: one process, one session, and PGlite calls `onNotify` for a committed
   * transaction's notifications before that transaction's COMMIT returns, so no barrier is needed.
   */
  onListening(listening: boolean, notify: ((payload: string) => Promise<unknown>) | undefined): void;
}

const DATE_OID = 1082;
const INT8_OID = 20;

/**
 * One place decides the dialect: PostgreSQL through `pg` when a URL is given, PGlite otherwise.
 * Code above it sees a `Kysely<DB>` with camelCase columns and dates as `YYYY-MM-DD` strings.
 */
export function openDatabase<DB>(config: DatabaseConfig): Kysely<DB> {
  // Taken at once, so a second process over the same folder fails at start, not at its first query.
  let releaseFolder: (() => void) | undefined;
  if (!config.databaseUrl && config.dataDir) {
    mkdirSync(config.dataDir, { recursive: true });
    releaseFolder = lockDataFolder(config.dataDir);
  }
  const dialect = config.databaseUrl
    ? new PostgresDialect({
        pool: postgresPool(
          config.databaseUrl,
          config.notifications,
          config.onConnectionLost ?? ((error) => console.warn(`PostgreSQL connection lost: ${error.message}`)),
          {
            connectionString: config.databaseUrl,
            max: config.maxConnections ?? (Number(process.env.PG_POOL_MAX) || 10),
            types: {
              getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
                oid === DATE_OID
                  ? (value: string) => value
                  : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
            },
          },
        ),
      })
    : new PGliteDialect({
        // Loaded only here: a process on PostgreSQL never loads PGlite (less memory, a quicker start).
        pglite: async () => {
          const { PGlite } = await import('@electric-sql/pglite');
          // As `pg` does: dates and 64-bit integers stay strings.
          const pglite = new PGlite({
            dataDir: config.dataDir,
            parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => value },
          });
          const close = pglite.close.bind(pglite);
          pglite.close = async () => {
            await close();
            releaseFolder?.();
          };
          const notifications = config.notifications;
          if (notifications)
            void pglite
              .listen(notifications.channel, notifications.onNotify)
              .then(() => notifications.onListening(true, undefined));
          return pglite;
        },
      });
  const onQuery = config.onQuery;
  return new Kysely<DB>({
    dialect: tracingEnabled() ? tracedDialect(dialect) : dialect,
    plugins: [new CamelCasePlugin()],
    log: (event: LogEvent) => {
      if (event.level === 'query') onQuery?.(event.query.sql);
      else console.error('SQL error:', event.error, event.query.sql);
    },
  });
}

/** Brings the database to the latest migration and returns the names of those it applied; throws if any migration fails. */
export async function migrateToLatest<DB>(db: Kysely<DB>, migrations: Record<string, Migration>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}

/** Runs `use` with one plain PostgreSQL connection to `url` (e.g. to create or drop databases), closing it after. */
export async function withPostgresClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Socket errors and PostgreSQL's connection-exception and shutdown states (SQLSTATE 08xxx, 57P0x). */
const CONNECTION_FAILURE_CODES = /^(08|57P0[123]$|ECONN|EPIPE$|ETIMEDOUT$|EHOSTUNREACH$|ENETUNREACH$|EAI_AGAIN$)/;

/**
 * Whether an error (or its cause) says the database could not be reached or cut the connection,
 * rather than that a statement was wrong: the caller may simply try again.
 */
export function isDatabaseConnectionFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_FAILURE_CODES.test(code)) return true;
    if (/^Connection terminated/.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/**
 * A pool whose connections may be cut by the server (restart, failover, pg_terminate_backend)
 * without taking the process down: the statement on a cut connection fails, the pool drops it,
 * and the next statement opens a new one.
 */
function postgresPool(
  url: string,
  notifications: DatabaseNotifications | undefined,
  onConnectionLost: (error: Error) => void,
  config: pg.PoolConfig,
): pg.Pool {
  const pool = new pg.Pool(config);
  // Idle connections report to the pool; one checked out between two statements reports to itself.
  pool.on('error', onConnectionLost);
  pool.on('connect', (client) => client.on('error', onConnectionLost));
  if (notifications) {
    const listener = listenOnPostgres(url, notifications, onConnectionLost);
    const end = pool.end.bind(pool);
    pool.end = (async () => {
      await listener.stop();
      await end();
    }) as typeof pool.end;
  }
  return pool;
}

/** How often the listening connection is asked `select 1`, and how long it may take to answer before it counts as lost. */
const LISTENER_PROBE_MS = 5_000;

/** One connection of its own LISTENs (pooled ones come and go); a lost one is replaced after a short pause. */
function listenOnPostgres(url: string, notifications: DatabaseNotifications, onConnectionLost: (error: Error) => void) {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let probe: NodeJS.Timeout | undefined;
  const connect = async () => {
    // Keepalive and a periodic `select 1` find a connection that died silently (no FIN, no RST).
    const current = new pg.Client({ connectionString: url, keepAlive: true });
    client = current;
    current.on('notification', (message) => notifications.onNotify(message.payload ?? ''));
    current.on('error', (error) => {
      onConnectionLost(error);
      lost(current);
    });
    current.on('end', () => lost(current));
    try {
      await current.connect();
      await current.query(`LISTEN ${pg.escapeIdentifier(notifications.channel)}`);
      if (!stopped && client === current) {
        notifications.onListening(true, (payload) =>
          current.query('select pg_notify($1, $2)', [notifications.channel, payload]),
        );
        probe = setInterval(() => {
          const unanswered = setTimeout(() => lost(current), LISTENER_PROBE_MS).unref();
          current
            .query('select 1')
            .then(() => clearTimeout(unanswered))
            .catch(() => lost(current));
        }, LISTENER_PROBE_MS);
        probe.unref();
      }
    } catch (error) {
      onConnectionLost(error as Error);
      lost(current);
    }
  };
  const lost = (which: pg.Client) => {
    if (client !== which) return;
    client = undefined;
    clearInterval(probe);
    notifications.onListening(false, undefined);
    void which.end().catch(() => {});
    if (!stopped) retry = setTimeout(connect, 500);
  };
  void connect();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      clearInterval(probe);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}

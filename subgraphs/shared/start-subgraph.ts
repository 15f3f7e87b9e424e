import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Logger } from 'pino';
import type { Viewer } from '../../domain/access.js';
import { deleteAllExpiredKeys } from '../../domain/idempotency-keys.js';
import { type Region, subgraphName } from '../../domain/region.js';
import { type SharedTables, sharedTablesOf } from '../../domain/shared-tables.js';
import { type AuthConfig, authConfigFromEnv, createViewerVerifier } from '../../server/auth.js';
import { type DatabaseConfig, migrateToLatest, openDatabase } from '../../server/database.js';
import type { Readiness } from '../../server/http/health.js';
import { limitsFromEnv, type ServerLimits } from '../../server/http/limits.js';
import { createLogger } from '../../server/http/request-log.js';
import { type RequestInfo, serveGraphQL } from '../../server/http/serve-graphql.js';
import { subgraphSecretFromEnv } from '../../server/subgraph-signature.js';
import { subgraphSpanAttributes } from '../../server/tracing.js';
import { createChangeAnnouncer, DATA_CHANGED_CHANNEL } from './change-announcements.js';
import { checkEntityRequests } from './entity-requests.js';
import { requireGatewaySignature } from './gateway-only.js';

/** What makes a subgraph: its database's migrations and seed, its schema and its request context. */
export interface SubgraphDefinition<DB, Context extends BaseContext> {
  /** The subgraph's name, as in the supergraph (`umea`, `polis-umea`). */
  name: string;
  region: Region;
  migrations: Record<string, Migration>;
  /** Seeds the database on start (the kommuner: the seed records it has not received; the police area: when empty). */
  seedOnStart(db: Kysely<DB>): Promise<unknown>;
  schema: GraphQLSchema;
  /** The per-request context, for a caller whose token has been verified; `idempotencyKey` makes its creates safe to retry. */
  context(db: Kysely<DB>, viewer: Viewer, request: { idempotencyKey: string | undefined }): Promise<Context>;
}

export interface SubgraphOptions<Context extends BaseContext> extends DatabaseConfig {
  port?: number | undefined;
  host?: string | undefined;
  /** The internal operations port (`/readyz`, `/metrics`) and its host; see serve-graphql.ts. */
  opsPort?: number | undefined;
  opsHost?: string | undefined;
  /** Seed the database on start (default true; see `seedOnStart`). */
  seedWhenEmpty?: boolean | undefined;
  plugins?: ApolloServerPlugin<Context>[] | undefined;
  /** How bearer tokens are verified (default: from the environment, see auth.ts). */
  auth?: AuthConfig | undefined;
  limits?: ServerLimits | undefined;
  logger?: Logger | undefined;
  /** The secret the gateway signs its requests with (default: SUBGRAPH_SECRET, see subgraph-signature.ts). */
  subgraphSecret?: string | undefined;
  /** Refuse every operation the gateway did not sign, not only `_service` and `_entities` (default: in production). */
  gatewayOnly?: boolean | undefined;
}

export interface RunningSubgraph<DB> {
  url: string;
  /** Base URL of the internal operations port. */
  opsUrl: string;
  db: Kysely<DB>;
  /** Stops serving, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

/** `Cache-Control: no-store` on every answer, as Apollo's cache hints gave without any hint in the schema. */
function answersAreNotCacheable(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/** A subgraph ready to serve: its database open, migrated and seeded, and what Apollo Server needs to answer over it. */
export interface OpenedSubgraph<DB, Context extends BaseContext> {
  db: Kysely<DB>;
  limits: ServerLimits;
  logger: Logger;
  /** The schema and the subgraph's own plugins. */
  apollo: { schema: GraphQLSchema; plugins: ApolloServerPlugin<Context>[] };
  context(request: RequestInfo): Promise<Context>;
  readiness(): Promise<Readiness>;
  /** The routes by which gateways follow the subgraph's changes. */
  routes(app: Express): void;
  metrics(): Record<string, number>;
  /** Ends the gateways' change streams; first, because a server's stop waits for open streams. */
  stopAnnouncing(): Promise<void>;
  /** Stops announcing changes and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the subgraph's database, migrates (and seeds) it, and puts together its schema, plugins
 * and request context: everything but HTTP, so that startSubgraph serves it and the subgraph test
 * layer executes it in process, both alike.
 */
export async function openSubgraph<DB extends SharedTables, Context extends BaseContext>(
  definition: SubgraphDefinition<DB, Context>,
  options: SubgraphOptions<Context>,
): Promise<OpenedSubgraph<DB, Context>> {
  const limits = options.limits ?? limitsFromEnv();
  const viewerFrom = createViewerVerifier(options.auth ?? authConfigFromEnv(), definition.region);
  const logger = options.logger ?? createLogger(definition.name);
  let sqlStatements = 0;
  const subgraphSecret = options.subgraphSecret ?? subgraphSecretFromEnv();
  const changes = createChangeAnnouncer(subgraphSecret);
  const db = openDatabase<DB>({
    ...options,
    onQuery: (statement) => {
      sqlStatements += 1;
      options.onQuery?.(statement);
    },
    onConnectionLost: (error) => logger.warn({ err: error }, 'database connection lost; it is reopened on demand'),
    notifications: {
      channel: DATA_CHANGED_CHANNEL,
      onNotify: changes.notified,
      onListening: changes.setListening,
    },
  });
  try {
    await migrateToLatest(db, definition.migrations);
    await deleteAllExpiredKeys(sharedTablesOf(db));
    if (options.seedWhenEmpty ?? true) await definition.seedOnStart(db);
  } catch (error) {
    await changes.close();
    await db.destroy();
    throw error;
  }
  return {
    db,
    limits,
    logger,
    apollo: {
      schema: definition.schema,
      plugins: [
        // Apollo's cache hints wrap every field's resolver; no subgraph answer is cacheable anyway.
        ApolloServerPluginCacheControlDisabled(),
        answersAreNotCacheable() as ApolloServerPlugin<Context>,
        requireGatewaySignature(subgraphSecret, {
          everyOperation: options.gatewayOnly ?? process.env.NODE_ENV === 'production',
        }) as ApolloServerPlugin<Context>,
        checkEntityRequests(definition.schema, limits.maxRepresentations) as ApolloServerPlugin<Context>,
        changes.plugin() as ApolloServerPlugin<Context>,
        ...(options.plugins ?? []),
      ],
    },
    context: async ({ authorization, idempotencyKey }) =>
      definition.context(db, await viewerFrom(authorization), { idempotencyKey }),
    readiness: async () => {
      await sql`select 1`.execute(db);
      return { ready: true, database: 'up' };
    },
    routes: changes.serve,
    metrics: () => ({
      sql_statements_total: sqlStatements,
      change_announcements_settled_total: changes.settledAnnouncements(),
    }),
    stopAnnouncing: () => changes.close(),
    close: async () => {
      await changes.close();
      await db.destroy();
    },
  };
}

/** Opens the subgraph (see openSubgraph) and serves it over HTTP. */
export async function startSubgraph<DB extends SharedTables, Context extends BaseContext>(
  definition: SubgraphDefinition<DB, Context>,
  options: SubgraphOptions<Context>,
): Promise<RunningSubgraph<DB>> {
  const subgraph = await openSubgraph(definition, options);
  try {
    const server = await serveGraphQL<Context>({
      name: definition.name,
      apollo: subgraph.apollo,
      routes: subgraph.routes,
      context: subgraph.context,
      readiness: subgraph.readiness,
      port: options.port,
      host: options.host,
      opsPort: options.opsPort,
      opsHost: options.opsHost,
      limits: subgraph.limits,
      logger: subgraph.logger,
      spans: {
        attributes: subgraphSpanAttributes(
          definition.name,
          definition.region.kommuner.find((kommun) => subgraphName(kommun) === definition.name),
        ),
        continueIncomingTrace: true,
      },
      metrics: subgraph.metrics,
    });
    return {
      url: server.url,
      opsUrl: server.opsUrl,
      db: subgraph.db,
      stop: async () => {
        await subgraph.stopAnnouncing();
        await server.stop();
        await subgraph.close();
      },
    };
  } catch (error) {
    await subgraph.close();
    throw error;
  }
}

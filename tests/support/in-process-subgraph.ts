import { randomUUID } from 'node:crypto';
import { ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import type { Kysely } from 'kysely';
import { type Kommun, region } from '../../domain/region.js';
import type { SharedTables } from '../../domain/shared-tables.js';
import { graphqlServerOptions } from '../../server/http/serve-graphql.js';
import { SIGNATURE_EXTENSION, subgraphSecretFromEnv, subgraphSignature } from '../../server/subgraph-signature.js';
import type { KommunDatabase } from '../../subgraphs/kommun/database.js';
import { kommunSubgraphDefinition } from '../../subgraphs/kommun/start-kommun-subgraph.js';
import type { CommitmentCheck } from '../../subgraphs/police/commitment-check.js';
import type { PoliceDatabase } from '../../subgraphs/police/database.js';
import { policeSubgraphDefinition } from '../../subgraphs/police/start-police-subgraph.js';
import { openSubgraph, type SubgraphDefinition, type SubgraphOptions } from '../../subgraphs/shared/start-subgraph.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import type { GraphQLResponse } from './graphql.js';

/** Posts an operation to a subgraph the way postGraphQL does over HTTP, and returns the answer with its status. */
export type PostToSubgraph = <Data = Record<string, any>>(
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => Promise<GraphQLResponse<Data> & { status: number }>;

/**
 * A subgraph's schema executed in this process, with the plugins, limits and request context the
 * server gives it (subgraphs/shared/start-subgraph.ts, server/http/serve-graphql.ts), over its own
 * fresh database: Apollo Server's own HTTP handling without a socket. The subgraph test layer.
 */
export interface InProcessSubgraph<DB> {
  db: Kysely<DB>;
  /** SQL statements executed since the subgraph opened. */
  statements: string[];
  post: PostToSubgraph;
  /** Posts as the gateway does, signed with the deployment's subgraph secret. */
  postSigned: PostToSubgraph;
  /** `fetch` as if this subgraph answered at every URL: for a part that calls it (the police's commitment check). */
  fetch: typeof fetch;
  stop(): Promise<void>;
}

export interface InProcessOptions<Context extends BaseContext> extends Partial<SubgraphOptions<Context>> {
  /** The database to open (default: a fresh one, dropped at stop; one given here is left to its owner). */
  database?: TestDatabase;
}

export async function openInProcessSubgraph<DB extends SharedTables, Context extends BaseContext>(
  definition: SubgraphDefinition<DB, Context>,
  { database: given, ...options }: InProcessOptions<Context> = {},
): Promise<InProcessSubgraph<DB>> {
  const database = given ?? (await createTestDatabase(definition.name));
  const statements: string[] = [];
  const opened = await openSubgraph(definition, {
    databaseUrl: database.databaseUrl,
    dataDir: database.dataDir,
    onQuery: (sql) => statements.push(sql),
    ...options,
  });
  const server = new ApolloServer<Context>(
    graphqlServerOptions({ apollo: opened.apollo, limits: opened.limits, logger: opened.logger }),
  );
  await server.start();

  const execute = async (body: Record<string, unknown>, headers: Record<string, string>) => {
    const headerMap = new HeaderMap();
    // What the HTTP front hands Apollo Server for fetch's `Accept: */*` (server/http/media-types.ts).
    headerMap.set('accept', 'application/graphql-response+json');
    headerMap.set('content-type', 'application/json');
    for (const [name, value] of Object.entries(headers)) headerMap.set(name.toLowerCase(), value);
    const answer = await server.executeHTTPGraphQLRequest({
      // The body as it arrives over HTTP: JSON, so without the undefined members.
      httpGraphQLRequest: { method: 'POST', headers: headerMap, search: '', body: JSON.parse(JSON.stringify(body)) },
      context: () =>
        opened.context({
          authorization: headerMap.get('authorization'),
          requestId: randomUUID(),
          idempotencyKey: headerMap.get('idempotency-key'),
        }),
    });
    if (answer.body.kind !== 'complete') throw new Error('a subgraph answers every operation in one body');
    return { body: answer.body.string, status: answer.status ?? 200 };
  };
  const post = async (body: Record<string, unknown>, headers: Record<string, string>) => {
    const answer = await execute(body, headers);
    return { ...(JSON.parse(answer.body) as GraphQLResponse<any>), status: answer.status };
  };

  return {
    db: opened.db,
    statements,
    post: (query, variables, headers = {}) => post({ query, variables }, headers),
    postSigned: (query, variables, headers = {}) =>
      post(
        {
          query,
          variables,
          extensions: { [SIGNATURE_EXTENSION]: subgraphSignature(subgraphSecretFromEnv(), { query, variables }) },
        },
        headers,
      ),
    fetch: async (_url, init) => {
      const answer = await execute(JSON.parse(String(init?.body)), Object.fromEntries(new Headers(init?.headers)));
      return new Response(answer.body, { status: answer.status, headers: { 'content-type': 'application/json' } });
    },
    stop: async () => {
      await server.stop();
      await opened.close();
      if (!given) await database.drop();
    },
  };
}

/** One kommun's subgraph in process over its own fresh, migrated and seeded database. */
export function openInProcessKommun(
  kommun: Kommun,
  options: InProcessOptions<BaseContext> = {},
): Promise<InProcessSubgraph<KommunDatabase>> {
  return openInProcessSubgraph(kommunSubgraphDefinition(kommun, region), options);
}

/** The police area's subgraph in process; `commitmentExists` stands in for the kommuner it asks. */
export function openInProcessPolice(
  commitmentExists: CommitmentCheck,
  options: InProcessOptions<BaseContext> = {},
): Promise<InProcessSubgraph<PoliceDatabase>> {
  return openInProcessSubgraph(policeSubgraphDefinition(region, commitmentExists), options);
}

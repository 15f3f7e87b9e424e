import { randomUUID } from 'node:crypto';
import { ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { Kind, parse, print } from 'graphql';
import type { Kysely } from 'kysely';
import { findKommun, type Kommun, municipalityRootField, region, subgraphName } from '../../domain/region.js';
import type { SharedTables } from '../../domain/shared-tables.js';
import { graphqlServerOptions, requestContext } from '../../server/http/serve-graphql.js';
import { subgraphSecretFromEnv } from '../../server/subgraph-signature.js';
import type { KommunDatabase } from '../../subgraphs/kommun/database.js';
import { kommunSubgraphDefinition } from '../../subgraphs/kommun/start-kommun-subgraph.js';
import { type CommitmentCheck, commitmentCheckOverHttp } from '../../subgraphs/police/commitment-check.js';
import type { PoliceDatabase } from '../../subgraphs/police/database.js';
import { policeSubgraphDefinition } from '../../subgraphs/police/start-police-subgraph.js';
import { openSubgraph, type SubgraphDefinition, type SubgraphOptions } from '../../subgraphs/shared/start-subgraph.js';
import { createSeededTestDatabase } from './database-templates.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { type GraphQLResponse, signedBody } from './graphql.js';
import { tableCounts } from './table-counts.js';

/** Posts an operation to a subgraph the way postGraphQL does over HTTP, and returns the answer with its status. */
export type PostToSubgraph = <Data = Record<string, any>>(
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => Promise<GraphQLResponse<Data> & { status: number }>;

/**
 * A subgraph's schema executed in this process, with the plugins, limits and request context the
 * server gives it (subgraphs/shared/start-subgraph.ts, server/http/serve-graphql.ts), over its own
 * fresh database (cloned from a seeded template, see database-templates.ts): Apollo Server's own
 * HTTP handling without a socket. The subgraph test layer.
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
  const database =
    given ??
    (options.seedWhenEmpty === false
      ? await createTestDatabase(definition.name)
      : await createSeededTestDatabase(definition));
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
        requestContext(opened.context)({
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
    postSigned: (query, variables, headers = {}) => post(signedBody(query, variables), headers),
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

/**
 * The kommuner's subgraphs in process, each over its own fresh database; `post` sends an
 * operation to the kommun its root field names (`{ umea { … } }`, `mutation { vannas { … } }`),
 * and a query of several kommuners' root fields to each its share, as the gateway's plan does.
 * With `police`, the police area's subgraph too, for its own root fields. An operation that joins
 * parties (the regional view, police fields on a kommun's records) needs the gateway: the hub layer.
 */
export interface InProcessKommuner {
  kommun(slug: string): InProcessSubgraph<KommunDatabase>;
  /** The police area's subgraph, when opened with `police: true`. */
  police(): InProcessSubgraph<PoliceDatabase>;
  post: PostToSubgraph;
  /** Row counts of every table in every database opened here, audit logs included. */
  snapshot(): Promise<Record<string, Record<string, number>>>;
  stop(): Promise<void>;
}

export async function openInProcessKommuner(
  slugs: string[] = region.kommuner.map((k) => k.slug),
  { police: withPolice = false }: { police?: boolean } = {},
): Promise<InProcessKommuner> {
  const subgraphs = new Map<string, InProcessSubgraph<any>>();
  for (const slug of slugs) subgraphs.set(slug, await openInProcessKommun(findKommun(slug)));
  const rootFields = new Map<string, InProcessSubgraph<any>>(
    slugs.map((slug) => [municipalityRootField(findKommun(slug)), subgraphs.get(slug)!]),
  );
  if (withPolice) {
    // The police's check of a commitment asks the in-process kommun, as it asks one over HTTP.
    const urls = Object.fromEntries(slugs.map((slug) => [slug, `http://${slug}.invalid/graphql`]));
    const fetchKommun: typeof fetch = (url, init) =>
      subgraphs.get(new URL(String(url)).hostname.split('.')[0]!)!.fetch(url, init);
    const definition = policeSubgraphDefinition(
      region,
      commitmentCheckOverHttp(urls, subgraphSecretFromEnv(), { fetchKommun }),
    );
    const police = await openInProcessSubgraph(definition);
    subgraphs.set(subgraphName(region.policeArea), police);
    for (const type of [definition.schema.getQueryType(), definition.schema.getMutationType()])
      for (const field of Object.keys(type?.getFields() ?? {}))
        if (!field.startsWith('_')) rootFields.set(field, police);
  }
  /** Each kommun's share of the operation: its root fields, in the order asked (a query of several kommuner, as the gateway splits it). */
  const shares = (query: string) => {
    const document = parse(query);
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    const fields = (operation?.selectionSet.selections ?? []).filter((s) => s.kind === Kind.FIELD);
    const owners = [...new Set(fields.map((field) => rootFields.get(field.name.value)))];
    if (!operation || owners.length === 0 || owners.includes(undefined))
      throw new Error(`${fields.map((f) => f.name.value).join(', ')}: not root fields of the kommuner opened here`);
    if (owners.length === 1) return [{ subgraph: owners[0]!, query }];
    if (operation.variableDefinitions?.length)
      throw new Error('an operation of several kommuner takes no variables here');
    return owners.map((subgraph) => ({
      subgraph: subgraph!,
      query: print({
        ...document,
        definitions: document.definitions.map((d) =>
          d !== operation
            ? d
            : {
                ...operation,
                selectionSet: {
                  ...operation.selectionSet,
                  selections: fields.filter((field) => rootFields.get(field.name.value) === subgraph),
                },
              },
        ),
      }),
    }));
  };
  const post = (async (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => {
    const answers = await Promise.all(
      shares(query).map((share) => share.subgraph.post(share.query, variables, headers)),
    );
    if (answers.length === 1) return answers[0]!;
    const errors = answers.flatMap((answer) => answer.errors ?? []);
    return {
      data: Object.assign({}, ...answers.map((answer) => answer.data)),
      ...(errors.length ? { errors } : {}),
      status: Math.max(...answers.map((answer) => answer.status)),
    };
  }) as PostToSubgraph;
  const kommuner: InProcessKommuner = {
    kommun: (slug) => subgraphs.get(slug)!,
    police: () => subgraphs.get(subgraphName(region.policeArea))!,
    post,
    snapshot: async () => {
      const snapshot: Record<string, Record<string, number>> = {};
      for (const [slug, subgraph] of subgraphs) snapshot[slug] = await tableCounts(subgraph.db);
      return snapshot;
    },
    stop: async () => {
      await Promise.all([...subgraphs.values()].map((s) => s.stop()));
    },
  };
  return kommuner;
}

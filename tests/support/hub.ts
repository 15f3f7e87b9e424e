import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApolloServerPlugin } from '@apollo/server';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import { type Kommun, region, subgraphName } from '../../domain/region.js';
import {
  type GatewayOptions,
  type RunningGateway,
  type SignInGatewayOptions,
  startGateway,
} from '../../gateway/start-gateway.js';
import type { AuthConfig } from '../../server/auth.js';
import type { ServerLimits } from '../../server/http/limits.js';
import { createLogger } from '../../server/http/request-log.js';
import { supergraphFile } from '../../server/project-root.js';
import { kommunSubgraphDefinition, startKommunSubgraph } from '../../subgraphs/kommun/start-kommun-subgraph.js';
import { policeSubgraphDefinition, startPoliceSubgraph } from '../../subgraphs/police/start-police-subgraph.js';
import type { RunningSubgraph } from '../../subgraphs/shared/start-subgraph.js';
import { createSeededTestDatabase, type SeededDatabaseRecipe } from './database-templates.js';
import type { TestDatabase } from './databases.js';
import { postGraphQL } from './graphql.js';
import { tableCounts } from './table-counts.js';

export interface ReceivedRequest {
  query: string;
  authorization: string | undefined;
  /** Header names the subgraph received. */
  headerNames: string[];
}

/** One running subgraph of the test hub, with the operations it has received. */
export interface HubSubgraph {
  name: string;
  port: number;
  url: string;
  /** Operations received, in order, with the Authorization header each came with. */
  requests: ReceivedRequest[];
  /** The subgraph's JSON log lines, parsed. */
  logs: Record<string, any>[];
  running: RunningSubgraph<unknown> | null;
  database: TestDatabase;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Holds every request it receives from now on until the returned function is called. */
  hang(): () => void;
  /** How many requests are being held by `hang` right now. */
  held: number;
}

export interface TestHub {
  gateway: RunningGateway;
  /** The gateway's JSON log lines, parsed. */
  gatewayLogs: Record<string, any>[];
  subgraphs: Map<string, HubSubgraph>;
  kommun(slug: string): HubSubgraph;
  resetRequestCounts(): void;
  stop(): Promise<void>;
}

function recordingPlugin(
  requests: ReceivedRequest[],
  held: () => Promise<void> | undefined,
  counter: { held: number },
): ApolloServerPlugin<any> {
  return {
    async requestDidStart({ request }) {
      const gate = held();
      if (gate) {
        counter.held += 1;
        await gate;
        counter.held -= 1;
      }
      const headers = request.http?.headers;
      requests.push({
        query: request.query ?? '',
        authorization: headers?.get('authorization') ?? undefined,
        headerNames: headers ? [...headers.keys()] : [],
      });
    },
  };
}

/** The process logger as the hub makes it (redaction included), writing its lines, parsed, to `logs`. */
function recordingLogger(name: string, logs: Record<string, any>[]): Logger {
  return createLogger(name, { level: 'info', destination: { write: (line: string) => logs.push(JSON.parse(line)) } });
}

async function hubSubgraph(
  recipe: SeededDatabaseRecipe,
  launch: (options: {
    port: number;
    databaseUrl: string | undefined;
    dataDir: string | undefined;
    logger: Logger;
    plugins: ApolloServerPlugin<any>[];
  }) => Promise<RunningSubgraph<unknown>>,
): Promise<HubSubgraph> {
  const { name } = recipe;
  const database = await createSeededTestDatabase(recipe);
  const requests: ReceivedRequest[] = [];
  const logs: Record<string, any>[] = [];
  const logger = recordingLogger(name, logs);
  let gate: Promise<void> | undefined;
  const subgraph: HubSubgraph = {
    name,
    port: 0,
    url: '',
    requests,
    logs,
    running: null,
    held: 0,
    database,
    async start() {
      // A restarted subgraph comes back on the same port, as a restarted process would.
      const running = await launch({
        port: subgraph.port,
        databaseUrl: database.databaseUrl,
        dataDir: database.dataDir,
        logger,
        plugins: [recordingPlugin(requests, () => gate, subgraph)],
      });
      subgraph.running = running;
      subgraph.url = running.url;
      subgraph.port = Number(new URL(running.url).port);
    },
    async stop() {
      await subgraph.running?.stop();
      subgraph.running = null;
    },
    hang() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
  await subgraph.start();
  return subgraph;
}

/**
 * The whole hub over real HTTP on loopback: six kommun subgraphs and the police subgraph, each
 * over its own fresh database, and the gateway over the committed supergraph.graphql.
 */
export interface TestHubOptions {
  /** Limits and production mode of the gateway and the subgraphs (default: from the environment). */
  limits?: ServerLimits;
  subgraphTimeoutMs?: number;
  /** Subgraphs refuse every operation the gateway did not sign, as in production (default: only `_service` and `_entities`). */
  gatewayOnly?: boolean;
  trustedDocumentsOnly?: boolean;
  /** How the gateway and every subgraph verify tokens, e.g. with a test's identity providers (default: from the environment). */
  auth?: AuthConfig;
  /** The gateway's port (default: any free one); a test identity provider must know the redirect URI before the hub starts. */
  gatewayPort?: number;
  signIn?: SignInGatewayOptions;
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const subgraphs = new Map<string, HubSubgraph>();
  const kommunSubgraphs = await Promise.all(
    region.kommuner.map((kommun: Kommun) =>
      hubSubgraph(
        kommunSubgraphDefinition(kommun, region),
        (launchOptions) =>
          startKommunSubgraph({
            kommun,
            limits: options.limits,
            gatewayOnly: options.gatewayOnly,
            auth: options.auth,
            ...launchOptions,
          }) as Promise<RunningSubgraph<unknown>>,
      ),
    ),
  );
  for (const subgraph of kommunSubgraphs) subgraphs.set(subgraph.name, subgraph);
  const kommunUrls = Object.fromEntries(kommunSubgraphs.map((s) => [s.name, s.url]));
  const police = await hubSubgraph(
    policeSubgraphDefinition(region, () => {
      throw new Error('no commitment is checked while the seeded database is made');
    }),
    (launchOptions) =>
      startPoliceSubgraph({
        region,
        kommunUrls,
        limits: options.limits,
        gatewayOnly: options.gatewayOnly,
        auth: options.auth,
        ...launchOptions,
      }) as Promise<RunningSubgraph<unknown>>,
  );
  subgraphs.set(police.name, police);

  const gatewayLogs: Record<string, any>[] = [];
  const gateway = await startGateway({
    region,
    logger: recordingLogger('gateway', gatewayLogs),
    supergraphSdl: readFileSync(supergraphFile, 'utf8'),
    subgraphUrls: Object.fromEntries([...subgraphs.values()].map((s) => [s.name, s.url])),
    subgraphTimeoutMs: options.subgraphTimeoutMs ?? 10_000,
    limits: options.limits,
    trustedDocumentsOnly: options.trustedDocumentsOnly,
    auth: options.auth,
    port: options.gatewayPort,
    signIn: options.signIn,
  });

  return {
    gateway,
    gatewayLogs,
    subgraphs,
    kommun: (slug) => subgraphs.get(slug)!,
    resetRequestCounts: () => {
      for (const subgraph of subgraphs.values()) subgraph.requests.length = 0;
    },
    stop: async () => {
      await gateway.stop();
      await Promise.all(
        [...subgraphs.values()].map(async (s) => {
          await s.stop();
          await s.database.drop();
        }),
      );
    },
  };
}

/** Row counts of every table in every database of the hub, audit logs included. */
export async function databaseSnapshot(hub: TestHub): Promise<Record<string, Record<string, number>>> {
  const snapshot: Record<string, Record<string, number>> = {};
  for (const subgraph of hub.subgraphs.values()) snapshot[subgraph.name] = await tableCounts(subgraph.running!.db);
  return snapshot;
}

/** Another gateway over the hub's subgraphs, with options of its own; the caller stops it. Waits until its change streams are live. */
export async function startGatewayOverHub(
  hub: TestHub,
  options: Partial<GatewayOptions> = {},
): Promise<RunningGateway> {
  const gateway = await startGateway({
    region,
    supergraphSdl: readFileSync(supergraphFile, 'utf8'),
    subgraphUrls: Object.fromEntries([...hub.subgraphs.values()].map((s) => [s.name, s.url])),
    ...options,
  });
  if (options.responseCache !== false || options.deduplication !== false) await untilLive(gateway);
  return gateway;
}

/** Waits until the gateway's change stream of every subgraph is live (its `/readyz` says so). */
export async function untilLive(gateway: RunningGateway): Promise<void> {
  for (;;) {
    const ready = await (await fetch(new URL('/readyz', gateway.opsUrl))).json();
    if (Object.values(ready.changeStreams ?? { none: 'not live' }).every((state) => state === 'live')) return;
    await sleep(100);
  }
}

/**
 * Reads until the gateway answers from its cache (asking Umeå nothing) and returns that answer:
 * an answer is kept only when every subgraph it came from was live at the same version all along,
 * and another test's write (or the hub's start) may still be on its way.
 */
export async function untilCached(
  hub: TestHub,
  gateway: RunningGateway,
  query: string,
  headers: Record<string, string> = {},
) {
  const umea = hub.kommun('umea').requests;
  // A stream re-subscribing or a write still being announced makes the gateway ask Umeå again;
  // try for a while, with pauses, rather than a fixed number of times back to back.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const before = umea.length;
    const answer = await postGraphQL(gateway.url, query, undefined, headers);
    if (umea.length === before) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${query} was never answered from the cache`);
}

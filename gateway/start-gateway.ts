import { ApolloGateway } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { type Region, subgraphName } from '../domain/region.js';
import { type AuthConfig, authConfigFromEnv, createViewerVerifier } from '../server/auth.js';
import { limitsFromEnv, type ServerLimits } from '../server/http/limits.js';
import { serveGraphQL } from '../server/http/serve-graphql.js';
import { identityProvidersFromEnv } from '../server/identity-providers.js';
import { SIGNATURE_EXTENSION, subgraphSecretFromEnv, subgraphSignature } from '../server/subgraph-signature.js';
import { cacheHeaders } from './cache-headers.js';
import { loadReportCatalogue, type ReportCatalogue } from './report-catalogue.js';
import { serveReportExports } from './report-exports.js';
import { createResponseCache, type ResponseCacheOptions } from './response-cache.js';
import { memorySessionStore, redisSessionStore, type SessionStore } from './sign-in/session-store.js';
import { serveSignIn } from './sign-in/sign-in.js';
import { signInSettingsFromEnv } from './sign-in/sign-in-settings.js';
import { subgraphChangeSubscriptions } from './subgraph-changes.js';
import { type GatewayContext, SubgraphDataSource, type SubgraphOwner } from './subgraph-data-source.js';
import { deduplicated } from './subgraph-deduplication.js';
import { createSubgraphFetcher } from './subgraph-fetcher.js';
import { trustedDocuments, trustedDocumentsOf } from './trusted-documents.js';
import { loadWebDocuments, serveWebPages } from './web-pages.js';

export interface GatewayOptions {
  region: Region;
  supergraphSdl: string;
  /** Subgraph URL by subgraph name; names not listed use the URL in the supergraph. */
  subgraphUrls?: Record<string, string>;
  port?: number | undefined;
  host?: string | undefined;
  /** The internal operations port (`/readyz` with each subgraph's state, `/metrics`) and its host. */
  opsPort?: number | undefined;
  opsHost?: string | undefined;
  /** How long one subgraph call may take before it is cut off (default 5 s). */
  subgraphTimeoutMs?: number | undefined;
  plugins?: ApolloServerPlugin<GatewayContext>[];
  /** How bearer tokens are verified (default: from the environment); the subgraphs verify them again. */
  auth?: AuthConfig | undefined;
  limits?: ServerLimits | undefined;
  logger?: Logger | undefined;
  /** The secret subgraph requests are signed with (default: SUBGRAPH_SECRET, see subgraph-signature.ts). */
  subgraphSecret?: string | undefined;
  /** Accept only the trusted documents (the report operations and the web pages' documents) from anonymous callers and readers (TRUSTED_DOCUMENTS_ONLY). */
  trustedDocumentsOnly?: boolean | undefined;
  /** The report operations (default: `reports/`). */
  reports?: ReportCatalogue | undefined;
  /** The built web front end to serve at `/`, with its documents to trust (default `dist/web`). */
  webPagesFolder?: string | undefined;
  /** The response cache for reads (default on; RESPONSE_CACHE=off), with its bounds and optional Redis store. */
  responseCache?: boolean | ResponseCacheOptions | undefined;
  /** Merge identical subgraph queries in flight (default on; SUBGRAPH_DEDUPLICATION=off). */
  deduplication?: boolean | undefined;
  /** Staff sign-in through the identity providers (gateway/sign-in/); each setting defaults to the environment's. */
  signIn?: SignInGatewayOptions | undefined;
}

export interface SignInGatewayOptions {
  /** The hub's address as browsers see it (HUB_PUBLIC_URL; default: the gateway's own URL). */
  publicUrl?: string | undefined;
  store?: SessionStore | undefined;
  sessionSeconds?: number | undefined;
}

export interface RunningGateway {
  url: string;
  /** Base URL of the internal operations port. */
  opsUrl: string;
  stop(): Promise<void>;
}

function ownersByName(region: Region): Map<string, SubgraphOwner> {
  return new Map<string, SubgraphOwner>([
    ...region.kommuner.map((kommun) => [subgraphName(kommun), { kind: 'kommun', kommun }] as const),
    [subgraphName(region.policeArea), { kind: 'policeArea', policeArea: region.policeArea }],
  ]);
}

/**
 * Whether each subgraph answers the gateway within a second: a signed `{ __typename }`, so a
 * subgraph that refuses the gateway's signature (another SUBGRAPH_SECRET) counts as down.
 */
async function subgraphStates(
  urls: Map<string, string>,
  subgraphSecret: string,
): Promise<Record<string, 'up' | 'down'>> {
  const probe = { query: '{ __typename }' };
  const body = JSON.stringify({
    ...probe,
    extensions: { [SIGNATURE_EXTENSION]: subgraphSignature(subgraphSecret, probe) },
  });
  const states = await Promise.all(
    [...urls].map(async ([name, url]) => {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(1_000),
        });
        return [name, response.ok ? 'up' : 'down'] as const;
      } catch {
        return [name, 'down'] as const;
      }
    }),
  );
  return Object.fromEntries(states);
}

/**
 * The response cache and deduplication as the environment sets them: RESPONSE_CACHE (`on` by
 * default, `off`) with RESPONSE_CACHE_REDIS_URL, RESPONSE_CACHE_MAX_ENTRIES and
 * RESPONSE_CACHE_MAX_BYTES; SUBGRAPH_DEDUPLICATION (`on` by default, `off`).
 */
export function readPathFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Required<Pick<GatewayOptions, 'responseCache' | 'deduplication'>> {
  const number = (value: string | undefined) => (value ? Number(value) : undefined);
  return {
    responseCache:
      env.RESPONSE_CACHE === 'off'
        ? false
        : {
            redisUrl: env.RESPONSE_CACHE_REDIS_URL || undefined,
            maxEntries: number(env.RESPONSE_CACHE_MAX_ENTRIES),
            maxBytes: number(env.RESPONSE_CACHE_MAX_BYTES),
          },
    deduplication: env.SUBGRAPH_DEDUPLICATION !== 'off',
  };
}

/** Serves the region's supergraph, planning each query over the kommun and police subgraphs. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const owners = ownersByName(options.region);
  const limits = options.limits ?? limitsFromEnv();
  const configuredAuth = options.auth ?? authConfigFromEnv();
  // A gateway in production mode trusts only the providers it is given, never the development one.
  const auth = {
    ...configuredAuth,
    identityProviders:
      configuredAuth.identityProviders ?? identityProvidersFromEnv(options.region, process.env, limits.production),
  };
  const verifyViewer = createViewerVerifier(auth, options.region);
  const signInEnv = signInSettingsFromEnv();
  const sessionStore =
    options.signIn?.store ??
    (signInEnv.SESSION_REDIS_URL ? redisSessionStore(signInEnv.SESSION_REDIS_URL) : memorySessionStore());
  const configuredPublicUrl = (options.signIn?.publicUrl ?? signInEnv.HUB_PUBLIC_URL)?.replace(/\/$/, '');
  const urls = new Map<string, string>();
  const sendingFetcher = createSubgraphFetcher(options.subgraphTimeoutMs ?? 5_000);
  const subgraphSecret = options.subgraphSecret ?? subgraphSecretFromEnv();
  const cacheOptions = typeof options.responseCache === 'object' ? options.responseCache : {};
  // Both the cache and deduplication rest on the subgraphs' change streams for read-after-write.
  const changes =
    options.responseCache === false && options.deduplication === false
      ? undefined
      : subgraphChangeSubscriptions(subgraphSecret);
  let deduplicatedFetches = 0;
  const fetcher =
    options.deduplication === false || !changes
      ? sendingFetcher
      : deduplicated(
          sendingFetcher,
          (url) => {
            const name = [...urls].find(([, known]) => known === url)?.[0];
            return name === undefined ? null : changes.liveVersion(name);
          },
          () => (deduplicatedFetches += 1),
        );
  const cache =
    options.responseCache === false
      ? undefined
      : changes && createResponseCache(changes, { ...cacheOptions, supergraphSdl: options.supergraphSdl });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const owner = owners.get(name);
      if (!owner) throw new Error(`Subgraph "${name}" in the supergraph is not in the region config`);
      const resolvedUrl = options.subgraphUrls?.[name] ?? url!;
      urls.set(name, resolvedUrl);
      changes?.follow(name, resolvedUrl);
      return new SubgraphDataSource({ name, url: resolvedUrl, owner, fetcher, subgraphSecret });
    },
  });
  let supergraphLoaded = false;
  let apiSchema: GraphQLSchema | null = null;
  gateway.onSchemaLoadOrUpdate((loaded) => {
    supergraphLoaded = true;
    apiSchema = loaded.apiSchema;
  });

  const reports = options.reports ?? loadReportCatalogue();
  const server = await serveGraphQL<GatewayContext>({
    name: 'gateway',
    apollo: {
      gateway,
      plugins: [
        trustedDocuments(trustedDocumentsOf(reports, loadWebDocuments(options.webPagesFolder)), {
          trustedOnly: options.trustedDocumentsOnly ?? false,
        }),
        cacheHeaders(),
        ...(cache ? [cache.plugin] : []),
        ...(options.plugins ?? []),
      ],
    },
    // A bad token is refused here once, rather than by every subgraph the query reaches.
    context: async ({ authorization, requestId, idempotencyKey }) => {
      const viewer = await verifyViewer(authorization);
      return { authorization, requestId, idempotencyKey, viewer };
    },
    routes: (app) => {
      serveSignIn(app, {
        providers: auth.identityProviders,
        region: options.region,
        store: sessionStore,
        verifyViewer,
        publicUrl: () => configuredPublicUrl ?? new URL(server.url).origin,
        sessionSeconds: options.signIn?.sessionSeconds ?? signInEnv.SESSION_LIFETIME_SECONDS,
        secureCookies: limits.production || configuredPublicUrl?.startsWith('https:') === true,
        env: process.env,
        production: limits.production,
      });
      serveReportExports(app, reports, () => apiSchema);
      serveWebPages(app, options.webPagesFolder);
    },
    readiness: async () => ({
      ready: supergraphLoaded,
      supergraph: supergraphLoaded ? 'loaded' : 'not loaded',
      subgraphs: await subgraphStates(urls, subgraphSecret),
      // Whether the response cache may serve entries of each subgraph (its change stream is live).
      ...(changes && {
        changeStreams: Object.fromEntries(
          [...changes.liveVersions()].map(([name, version]) => [name, version ? 'live' : 'not live']),
        ),
      }),
    }),
    port: options.port,
    host: options.host,
    opsPort: options.opsPort,
    opsHost: options.opsHost,
    limits,
    logger: options.logger,
    metrics: () => ({
      ...cache?.counters(),
      subgraph_fetches_deduplicated_total: deduplicatedFetches,
    }),
  });
  return {
    url: server.url,
    opsUrl: server.opsUrl,
    stop: async () => {
      changes?.stop();
      await server.stop();
      await cache?.stop();
      await sessionStore.close();
    },
  };
}

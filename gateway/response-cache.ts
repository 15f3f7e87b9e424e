import { createHash } from 'node:crypto';
import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Viewer } from '../domain/access.js';
import { todayInSweden } from '../domain/dates.js';
import type { SubgraphChanges } from './subgraph-changes.js';
import type { GatewayContext } from './subgraph-data-source.js';

export interface ResponseCacheOptions {
  /** The supergraph served; entries of another supergraph (in a shared Redis) never match. */
  supergraphSdl?: string | undefined;
  /** Most entries kept in memory (default 10 000). */
  maxEntries?: number | undefined;
  /** Most bytes of answers kept in memory (default 64 MiB); a larger answer is not kept. */
  maxBytes?: number | undefined;
  /** A backstop only: no entry lives longer than this (default 10 minutes); freshness comes from the change versions. */
  ttlMs?: number | undefined;
  /** Keep entries in Redis instead, shared by several gateways (RESPONSE_CACHE_REDIS_URL). */
  redisUrl?: string | undefined;
}

export interface ResponseCache {
  plugin: ApolloServerPlugin<GatewayContext>;
  /** What the cache did so far, as counters for `/metrics` (Prometheus names, some labelled by subgraph). */
  counters(): Record<string, number>;
  stop(): Promise<void>;
}

/** What the cache counts (see `counters`). */
interface CacheCounts {
  hits: number;
  misses: number;
  stores: number;
  /** Answers not kept: an error, no data, or a subgraph without a live lease when the request started. */
  uncacheable: number;
  /** Entries pushed out by the memory bound (least recently used first). */
  evictions: number;
  /** Entries found but not served, by subgraph: its version changed since (a write) or it was not live. */
  stale: Map<string, number>;
}

/** What is kept per answer: the change version of every subgraph it was built from, and the answer as sent. */
interface Entry {
  versions: Record<string, string>;
  body: string;
}

interface EntryStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Caches the answers of queries (including the report operations and, through them, the
 * exports). An answer is kept only when it is complete (no error at all) and every subgraph it
 * came from was live (subscribed, within its lease) when the request started; it is served only
 * while each of those subgraphs is still live at the same change version. Anonymous answers are
 * shared by all anonymous callers; a member's answers only with members of the same organisation
 * and role, as the gateway verified them (what a subgraph lets a caller read depends on nothing
 * else, see domain/access.ts).
 */
export function createResponseCache(changes: SubgraphChanges, options: ResponseCacheOptions = {}): ResponseCache {
  const ttlMs = options.ttlMs ?? 600_000;
  const supergraph = createHash('sha256')
    .update(options.supergraphSdl ?? '')
    .digest('base64url');
  const counts: CacheCounts = { hits: 0, misses: 0, stores: 0, uncacheable: 0, evictions: 0, stale: new Map() };
  const store = options.redisUrl
    ? redisStore(options.redisUrl, ttlMs)
    : memoryStore(options, ttlMs, () => (counts.evictions += 1));
  return {
    plugin: {
      async requestDidStart({ contextValue }) {
        if (contextValue.idempotencyKey !== undefined) return;
        let key: string | undefined;
        let versionsAtStart: Map<string, string | null> | undefined;
        let served = false;
        return {
          async responseForOperation({ operation, source, request }) {
            // Apollo comes here without an operation when operationName names none (its typing says otherwise).
            if ((operation as typeof operation | undefined)?.operation !== 'query') return null;
            key = cacheKey(
              supergraph,
              todayInSweden(),
              contextValue.viewer,
              source,
              request.operationName,
              request.variables,
            );
            // Taken before any subgraph is asked: an answer built now is at least as new as these versions.
            versionsAtStart = changes.liveVersions();
            contextValue.subgraphsAsked = new Set();
            const stored = await store.get(key);
            const entry = stored === undefined ? undefined : (JSON.parse(stored) as Entry);
            const staleFor = entry
              ? Object.entries(entry.versions).filter(([name, v]) => versionsAtStart?.get(name) !== v)
              : [];
            for (const [name] of staleFor) counts.stale.set(name, (counts.stale.get(name) ?? 0) + 1);
            if (!entry || staleFor.length > 0) {
              counts.misses += 1;
              return null;
            }
            counts.hits += 1;
            served = true;
            return {
              http: { status: undefined, headers: new HeaderMap() },
              body: { kind: 'single', singleResult: JSON.parse(entry.body) },
            };
          },
          async willSendResponse({ response }) {
            if (served || key === undefined || versionsAtStart === undefined || response.body.kind !== 'single') return;
            const { singleResult } = response.body;
            const versions: Record<string, string> = {};
            for (const name of contextValue.subgraphsAsked ?? []) {
              const version = versionsAtStart.get(name);
              if (version) versions[name] = version;
            }
            if (
              singleResult.errors ||
              singleResult.data == null ||
              Object.keys(versions).length < (contextValue.subgraphsAsked?.size ?? 0)
            ) {
              counts.uncacheable += 1;
              return;
            }
            counts.stores += 1;
            await store.set(key, JSON.stringify({ versions, body: JSON.stringify(singleResult) } satisfies Entry));
          },
        };
      },
    },
    counters: () => ({
      response_cache_hits_total: counts.hits,
      response_cache_misses_total: counts.misses,
      response_cache_stores_total: counts.stores,
      response_cache_uncacheable_total: counts.uncacheable,
      response_cache_evictions_total: counts.evictions,
      ...Object.fromEntries(
        [...counts.stale].map(([name, count]) => [`response_cache_stale_entries_total{subgraph="${name}"}`, count]),
      ),
    }),
    stop: () => store.close(),
  };
}

/**
 * The supergraph, today's date in Sweden (answers such as the citizen report's `asOf` depend on
 * it), the operation, its variables and the caller's scope: anonymous, or a member's
 * organisation and role.
 */
export function cacheKey(
  supergraph: string,
  today: string,
  viewer: Viewer | undefined,
  source: string,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): string {
  const scope = viewer?.kind === 'member' ? `member ${viewer.organisation} ${viewer.role}` : 'anonymous';
  return createHash('sha256')
    .update(JSON.stringify([supergraph, today, scope, operationName ?? null, source, variables ?? {}]))
    .digest('base64url');
}

function memoryStore(options: ResponseCacheOptions, ttlMs: number, onEvicted: () => void): EntryStore {
  const entries = new LRUCache<string, string>({
    max: options.maxEntries ?? 10_000,
    maxSize: options.maxBytes ?? 64 * 1024 * 1024,
    // JavaScript strings take two bytes a character.
    sizeCalculation: (value, key) => 2 * (value.length + key.length),
    ttl: ttlMs,
    dispose: (_value, _key, reason) => {
      if (reason === 'evict') onEvicted();
    },
  });
  return {
    get: async (key) => entries.get(key),
    set: async (key, value) => {
      entries.set(key, value);
    },
    close: async () => entries.clear(),
  };
}

/** Entries in Redis under `loftesnavet:response:<key>`, each with the backstop TTL; Redis's own `maxmemory` bounds them. A Redis that does not answer is a miss, never an error. */
function redisStore(url: string, ttlMs: number): EntryStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', () => {
    // Reconnects by itself; meanwhile every get is a miss and every set is skipped.
  });
  const prefix = 'loftesnavet:response:';
  return {
    get: async (key) => (await redis.get(prefix + key).catch(() => null)) ?? undefined,
    set: async (key, value) => {
      await redis.set(prefix + key, value, 'PX', ttlMs).catch(() => {});
    },
    close: async () => {
      redis.disconnect();
    },
  };
}

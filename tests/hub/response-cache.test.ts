import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { type Kysely, sql } from 'kysely';
import { type Dispatcher, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '../../domain/access.js';
import { region } from '../../domain/region.js';
import { cacheKey } from '../../gateway/response-cache.js';
import { type GatewayOptions, type RunningGateway, readPathFromEnv } from '../../gateway/start-gateway.js';
import { deduplicated } from '../../gateway/subgraph-deduplication.js';
import type { SubgraphResponse } from '../../gateway/subgraph-fetcher.js';
import { subscriptionHeaders } from '../../server/change-stream.js';
import { supergraphFile } from '../../server/project-root.js';
import { subgraphSecretFromEnv } from '../../server/subgraph-signature.js';
import { type GraphQLResponse, postGraphQL, postSigned } from '../support/graphql.js';
import {
  startGatewayOverHub,
  startTestHub,
  type TestHub,
  untilCached as untilCachedAt,
  untilLive,
} from '../support/hub.js';
import { bearer } from '../support/tokens.js';

// The response cache and in-flight deduplication of the real gateway over the real subgraphs and
// databases: what is merged and cached, and that no answer is ever older than an acknowledged write.
let hub: TestHub;
const extraGateways: RunningGateway[] = [];
beforeAll(async () => {
  hub = await startTestHub();
  await untilLive(hub.gateway);
});
afterAll(async () => {
  await Promise.all(extraGateways.map((gateway) => gateway.stop()));
  await hub?.stop();
});

/** Another gateway over the same subgraphs, with options of its own, stopped after the file. */
async function gatewayOverHub(options: Partial<GatewayOptions> = {}): Promise<RunningGateway> {
  const gateway = await startGatewayOverHub(hub, options);
  extraGateways.push(gateway);
  return gateway;
}

/** How many GraphQL operations each named subgraph has received so far. */
function received(...names: string[]): number[] {
  return names.map((name) => hub.subgraphs.get(name)!.requests.length);
}

function receivedSince(before: number[], ...names: string[]): number[] {
  return received(...names).map((count, index) => count - before[index]!);
}

const umeaEditor = await bearer('umea', 'editor');
const umeaReader = await bearer('umea', 'reader');
const bjurholmEditor = await bearer('bjurholm', 'editor');
const coordinator = await bearer('region', 'reader');

/** A new promise of Umeå, created through the gateway: a draft with an internal note unless published. */
async function newUmeaPromise(title: string, { published }: { published: boolean }): Promise<string> {
  const { data, errors } = await postGraphQL(
    hub.gateway.url,
    `mutation ($input: CreatePromiseInput!) { umea { createPromise(input: $input) { id } } }`,
    {
      input: {
        title,
        summary: 'Trygghet i Ålidhem och på Öst på stan.',
        period: { start: '2026-01-01', end: '2027-12-31' },
        internalNote: 'Intern anteckning: stäm av med kommunpolisen.',
      },
    },
    umeaEditor,
  );
  expect(errors).toBeUndefined();
  const id: string = data!.umea.createPromise.id;
  if (published) {
    const commitment = await postGraphQL(
      hub.gateway.url,
      `mutation { umea { addCommitment(promiseId: "${id}", input: { text: "Fler trygghetsvandringar", responsible: JOINT }) { id } } }`,
      undefined,
      umeaEditor,
    );
    expect(commitment.errors).toBeUndefined();
    const publish = await postGraphQL(
      hub.gateway.url,
      `mutation { umea { publishPromise(id: "${id}", expectedVersion: 1) { status } } }`,
      undefined,
      umeaEditor,
    );
    expect(publish.errors).toBeUndefined();
  }
  return id;
}

/** A public read of one promise. */
const promiseRead = (id: string) => `{ umea { promise(id: "${id}") { id title status version } } }`;

const untilCached = (gateway: RunningGateway, query: string, headers: Record<string, string> = {}) =>
  untilCachedAt(hub, gateway, query, headers);

const redisUrl = process.env.RESPONSE_CACHE_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  const reachable = await probe.connect().then(
    () => true,
    () => false,
  );
  probe.disconnect();
  return reachable;
}

describe('the response cache', () => {
  it('answers a repeated read without asking any subgraph, and with RESPONSE_CACHE=off asks every time', async () => {
    const id = await newUmeaPromise('Trygg i Umeå', { published: true });
    const first = await untilCached(hub.gateway, promiseRead(id));
    expect(first.errors).toBeUndefined();
    expect(first.data!.umea.promise.title).toBe('Trygg i Umeå');
    const before = received('umea');
    expect(await postGraphQL(hub.gateway.url, promiseRead(id))).toEqual(first);
    expect(await postGraphQL(hub.gateway.url, promiseRead(id))).toEqual(first);
    expect(receivedSince(before, 'umea')).toEqual([0]);

    const uncached = await gatewayOverHub(readPathFromEnv({ RESPONSE_CACHE: 'off' }));
    const beforeUncached = received('umea');
    expect(await postGraphQL(uncached.url, promiseRead(id))).toEqual(first);
    expect(await postGraphQL(uncached.url, promiseRead(id))).toEqual(first);
    expect(receivedSince(beforeUncached, 'umea')).toEqual([2]);
  });

  it('shows a write through the gateway to the very next read', async () => {
    const id = await newUmeaPromise('Före ändringen', { published: true });
    expect((await untilCached(hub.gateway, promiseRead(id))).data!.umea.promise.title).toBe('Före ändringen');
    const update = await postGraphQL(
      hub.gateway.url,
      `mutation { umea { updatePromise(id: "${id}", expectedVersion: 2, input: { title: "Efter ändringen – å, ä, ö" }) { version } } }`,
      undefined,
      umeaEditor,
    );
    expect(update.errors).toBeUndefined();
    expect((await postGraphQL(hub.gateway.url, promiseRead(id))).data!.umea.promise).toMatchObject({
      title: 'Efter ändringen – å, ä, ö',
      version: 3,
    });
  });

  it('shows a write sent straight to the subgraph (with the gateway credential) to the very next read, on every gateway', async () => {
    const second = await gatewayOverHub();
    const id = await newUmeaPromise('Före operatörens ändring', { published: true });
    for (const gateway of [hub.gateway, second, hub.gateway, second]) {
      expect((await postGraphQL(gateway.url, promiseRead(id))).data!.umea.promise.title).toBe(
        'Före operatörens ändring',
      );
    }
    const update = await postSigned(
      hub.kommun('umea').url,
      `mutation { umea { updatePromise(id: "${id}", expectedVersion: 2, input: { title: "Operatörens ändring" }) { version } } }`,
      undefined,
      umeaEditor,
    );
    expect(update.errors).toBeUndefined();
    // The subgraph acknowledged the write only after both gateways confirmed its announcement.
    for (const gateway of [hub.gateway, second]) {
      expect((await postGraphQL(gateway.url, promiseRead(id))).data!.umea.promise.title).toBe('Operatörens ändring');
    }
  });

  it('shows a write by another writer of the database (an operator’s SQL) to every read once the subgraph announced it', async () => {
    const id = await newUmeaPromise('Före SQL', { published: true });
    expect((await untilCached(hub.gateway, promiseRead(id))).data!.umea.promise.title).toBe('Före SQL');
    const metrics = new URL('/metrics', hub.kommun('umea').running!.opsUrl);
    const settled = async () =>
      Number(/^change_announcements_settled_total (\d+)$/m.exec(await (await fetch(metrics)).text())![1]);
    const before = await settled();
    const db = hub.kommun('umea').running!.db as Kysely<any>;
    await sql`update citizen_promise set title = 'Ändrad med SQL' where id = ${id}`.execute(db);
    // The bound: the trigger's NOTIFY reaches the subgraph after the commit, and the subgraph
    // announces it; every read sent after that announcement is settled sees the change.
    while ((await settled()) <= before) await sleep(20);
    expect((await postGraphQL(hub.gateway.url, promiseRead(id))).data!.umea.promise.title).toBe('Ändrad med SQL');
  });

  it('never gives a caller what the uncached hub would not: drafts and internal notes by organisation and role', async () => {
    const draft = await newUmeaPromise('Utkast med intern anteckning', { published: false });
    const published = await newUmeaPromise('Publicerat med intern anteckning', { published: true });
    const uncached = await gatewayOverHub({ responseCache: false });
    const callers = {
      anonymous: {},
      'editor of the owner': umeaEditor,
      'reader of the owner': umeaReader,
      'editor of another kommun': bjurholmEditor,
      coordinator,
    };
    const withNote = (id: string) => `{ umea { promise(id: "${id}") { id title status internalNote } } }`;
    const reads = [
      withNote(draft),
      withNote(published),
      promiseRead(draft),
      `{ umea { promises(status: DRAFT) { id title internalNote } } }`,
      `{ umea { auditLog(limit: 3) { action recordId } } }`,
    ];
    // The owner's editor reads first, so an entry with everything in it exists before anyone else asks.
    for (const [who, headers] of Object.entries(callers)) {
      for (const query of reads) {
        const expected = await postGraphQL(uncached.url, query, undefined, headers);
        for (let round = 0; round < 2; round++) {
          expect({ who, query, answer: await postGraphQL(hub.gateway.url, query, undefined, headers) }).toEqual({
            who,
            query,
            answer: expected,
          });
        }
      }
    }
    // And the refusals are the refusals of the hub: anonymous callers see no draft and no note.
    const anonymousDraft = await postGraphQL(hub.gateway.url, promiseRead(draft));
    expect(JSON.stringify(anonymousDraft)).not.toContain('Intern anteckning');
    expect(
      JSON.stringify(await postGraphQL(hub.gateway.url, promiseRead(draft), undefined, bjurholmEditor)),
    ).not.toContain('Intern anteckning');
  });

  it('does not keep an answer that misses a kommun that is down', async () => {
    const regional = `{ localPoliceArea(id: "umea") { municipalities { code promises { title } } } }`;
    await hub.kommun('vindeln').stop();
    try {
      const partial = await postGraphQL(hub.gateway.url, regional);
      expect(new Set(partial.errors?.map((e) => e.extensions?.serviceName))).toEqual(new Set(['vindeln']));
      const before = received('umea');
      expect(await postGraphQL(hub.gateway.url, regional)).toEqual(partial);
      expect(receivedSince(before, 'umea')).toEqual([1]);
    } finally {
      await hub.kommun('vindeln').start();
    }
    await untilLive(hub.gateway);
    const whole = await postGraphQL(hub.gateway.url, regional);
    expect(whole.errors).toBeUndefined();
    expect(whole.data!.localPoliceArea.municipalities).toHaveLength(region.kommuner.length);
  });

  it('keeps entries within its bound: the least recently used is evicted', async () => {
    const small = await gatewayOverHub({ responseCache: { maxEntries: 2 } });
    const queries = ['{ umea { name } }', '{ umea { code } }', '{ umea { name code } }'];
    for (const query of queries) await postGraphQL(small.url, query);
    const before = received('umea');
    await postGraphQL(small.url, queries[2]!);
    await postGraphQL(small.url, queries[1]!);
    expect(receivedSince(before, 'umea')).toEqual([0]);
    await postGraphQL(small.url, queries[0]!);
    expect(receivedSince(before, 'umea')).toEqual([1]);
  });

  it('shares entries between gateways through Redis (RESPONSE_CACHE_REDIS_URL)', async (context) => {
    expect(readPathFromEnv({ RESPONSE_CACHE_REDIS_URL: redisUrl }).responseCache).toMatchObject({ redisUrl });
    if (!(await redisReachable())) {
      context.skip(`Redis is not reachable at ${redisUrl}: the Redis store is not tested here (CI has it)`);
      return;
    }
    const first = await gatewayOverHub({ responseCache: { redisUrl } });
    const second = await gatewayOverHub({ responseCache: { redisUrl } });
    const id = await newUmeaPromise('Delad via Redis', { published: true });
    const answer = await untilCached(first, promiseRead(id));
    const before = received('umea');
    expect(await postGraphQL(second.url, promiseRead(id))).toEqual(answer);
    expect(receivedSince(before, 'umea')).toEqual([0]);
  });

  it('does not serve an entry of yesterday once the date in Sweden changed', async () => {
    const query = '{ umea { code name } }';
    const answer = await untilCached(hub.gateway, query);
    // Only Date is moved a day on; leases and timers run on the real clocks.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 24 * 60 * 60 * 1000);
      const before = received('umea');
      expect(await postGraphQL(hub.gateway.url, query)).toEqual(answer);
      expect(receivedSince(before, 'umea')).toEqual([1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never serves an entry made under another supergraph (through a shared Redis)', async (context) => {
    if (!(await redisReachable())) {
      context.skip(`Redis is not reachable at ${redisUrl}: a shared store is needed to test this end to end`);
      return;
    }
    const sdl = readFileSync(supergraphFile, 'utf8');
    const first = await gatewayOverHub({ responseCache: { redisUrl }, supergraphSdl: sdl });
    // The same schema in other text: another supergraph as far as the cache knows.
    const other = await gatewayOverHub({ responseCache: { redisUrl }, supergraphSdl: `${sdl}\n# Ändrad\n` });
    const id = await newUmeaPromise('Två supergrafer', { published: true });
    const answer = await untilCached(first, promiseRead(id));
    const before = received('umea');
    expect(await postGraphQL(other.url, promiseRead(id))).toEqual(answer);
    expect(receivedSince(before, 'umea')).toEqual([1]);
  });

  it('sends Cache-Control and an ETag on GET, and 304 Not Modified when the answer is unchanged; exports too', async () => {
    // undici's request, not fetch: fetch sends `Cache-Control: no-cache` with every If-None-Match, which forbids a 304.
    const get = async (query: string, headers: Record<string, string> = {}) =>
      asResponse(
        await request(`${hub.gateway.url}?query=${encodeURIComponent(query)}`, {
          headers: { 'apollo-require-preflight': 'true', accept: 'application/graphql-response+json', ...headers },
        }),
      );
    const query = '{ umea { name code } }';
    const publicAnswer = await get(query);
    expect(publicAnswer.status).toBe(200);
    expect(publicAnswer.headers.get('cache-control')).toBe('public, no-cache');
    expect(publicAnswer.headers.get('vary')).toBe('Authorization, Accept');
    const etag = publicAnswer.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const revalidated = await get(query, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect((await get(query, umeaEditor)).headers.get('cache-control')).toBe('private, no-cache');
    expect((await get('{ umea { nosuchfield } }')).headers.get('cache-control')).toBe('no-store');

    const exportUrl = new URL('/reports/RegionalPromises.csv', hub.gateway.url);
    const file = asResponse(await request(exportUrl));
    expect(file.status).toBe(200);
    expect(file.headers.get('cache-control')).toBe('public, no-cache');
    const before = received('umea');
    const again = asResponse(await request(exportUrl, { headers: { 'if-none-match': file.headers.get('etag')! } }));
    expect(again.status).toBe(304);
    expect(receivedSince(before, 'umea')).toEqual([0]);
    expect(asResponse(await request(exportUrl, { headers: umeaReader })).headers.get('cache-control')).toBe(
      'private, no-cache',
    );
  });
});

/** The response cache's and deduplication's counters in the gateway's `/metrics`, by series. */
async function cacheCounters(gateway: RunningGateway): Promise<Record<string, number>> {
  const text = await (await fetch(new URL('/metrics', gateway.opsUrl))).text();
  return Object.fromEntries(
    [...text.matchAll(/^((?:response_cache|subgraph_fetches)_\S+) (\d+)$/gm)].map(([, series, value]) => [
      series!,
      Number(value),
    ]),
  );
}

/** An undici answer with its headers as fetch gives them. */
function asResponse({ statusCode, headers, body }: Dispatcher.ResponseData) {
  return {
    status: statusCode,
    headers: new Headers(Object.entries(headers).map(([name, value]): [string, string] => [name, String(value)])),
    text: () => body.text(),
  };
}

describe('the cache key', () => {
  it('names the supergraph, the date in Sweden, the caller’s scope, the operation and its variables', () => {
    const member: Viewer = { kind: 'member', subject: 'anna', organisation: 'umea', role: 'editor' };
    const base = {
      supergraph: 'supergraf-a',
      today: '2026-11-25',
      viewer: undefined as Viewer | undefined,
      source: '{ umea { name } }',
      operationName: undefined as string | undefined,
      variables: {} as Record<string, unknown>,
    };
    const key = (changes: Partial<typeof base> = {}) => {
      const k = { ...base, ...changes };
      return cacheKey(k.supergraph, k.today, k.viewer, k.source, k.operationName, k.variables);
    };
    expect(key()).toBe(key());
    const others = [
      key({ supergraph: 'supergraf-b' }),
      key({ today: '2026-11-26' }),
      key({ viewer: member }),
      key({ viewer: { ...member, role: 'reader' } }),
      key({ viewer: { ...member, organisation: 'vannas' } }),
      key({ source: '{ umea { code } }' }),
      key({ operationName: 'Namn' }),
      key({ variables: { id: '2480-1' } }),
    ];
    expect(new Set([key(), ...others]).size).toBe(others.length + 1);
    // Two anonymous callers share entries, and so do two members of one organisation and role.
    expect(key({ viewer: { kind: 'anonymous' } })).toBe(key());
    expect(key({ viewer: { ...member, subject: 'bertil' } })).toBe(key({ viewer: member }));
  });
});

describe('a subgraph’s change stream', () => {
  it('is refused without the gateway’s signature, with another secret, or with a signature older than 30 s', async () => {
    const stream = new URL('/changes', hub.kommun('umea').url);
    for (const headers of [
      {},
      subscriptionHeaders('another-deployments-secret', 'intruder'),
      subscriptionHeaders(subgraphSecretFromEnv(), 'replayed', Date.now() - 60_000),
    ]) {
      const response = await fetch(stream, { headers });
      expect(response.status).toBe(403);
      expect((await response.json()).errors[0].extensions.code).toBe('GATEWAY_CREDENTIAL_REQUIRED');
    }
  });
});

describe('in-flight deduplication', () => {
  /** Sends every request at once while Umeå holds them, then lets them through: how many reached Umeå, and the answers. */
  async function concurrently(gateway: RunningGateway, callers: Record<string, string>[]) {
    const query = `{ umea { name promises { id title } } }`;
    const before = received('umea');
    const release = hub.kommun('umea').hang();
    const answers: Promise<GraphQLResponse>[] = callers.map((headers) =>
      postGraphQL(gateway.url, query, undefined, headers),
    );
    while (hub.kommun('umea').held === 0) await sleep(10);
    // Let every request reach the gateway's fetcher; unmerged ones queue at Umeå too and are counted.
    await sleep(300);
    release();
    const settled = await Promise.all(answers);
    return { fetches: receivedSince(before, 'umea')[0], answers: settled };
  }

  it('merges identical queries of one scope into one fetch, and never queries of different callers’ authorisation', async () => {
    const uncached = await gatewayOverHub({ responseCache: false });
    const same = await concurrently(uncached, [{}, {}, {}, {}]);
    expect(same.fetches).toBe(1);
    expect(new Set(same.answers.map((answer) => JSON.stringify(answer))).size).toBe(1);

    const scopes = await concurrently(uncached, [{}, umeaEditor, umeaReader, bjurholmEditor, {}, umeaEditor]);
    expect(scopes.fetches).toBe(4);
  });

  it('is counted in /metrics with the response cache: hits, misses, stores, evictions, stale entries by kommun, uncacheable answers', async () => {
    const gateway = await gatewayOverHub({ responseCache: { maxEntries: 2 } });
    const expected = {
      response_cache_hits_total: 0,
      response_cache_misses_total: 0,
      response_cache_stores_total: 0,
      response_cache_uncacheable_total: 0,
      response_cache_evictions_total: 0,
      subgraph_fetches_deduplicated_total: 0,
    };
    expect(await cacheCounters(gateway)).toEqual(expected);
    // Four at once: each misses and keeps the answer, one fetch reaches Umeå, three wait for it.
    expect((await concurrently(gateway, [{}, {}, {}, {}])).fetches).toBe(1);
    Object.assign(expected, {
      response_cache_misses_total: 4,
      response_cache_stores_total: 4,
      subgraph_fetches_deduplicated_total: 3,
    });
    expect(await cacheCounters(gateway)).toEqual(expected);
    await postGraphQL(gateway.url, `{ umea { name promises { id title } } }`);
    await postGraphQL(gateway.url, '{ umea { name } }');
    await postGraphQL(gateway.url, '{ umea { code } }');
    Object.assign(expected, {
      response_cache_hits_total: 1,
      response_cache_misses_total: 6,
      response_cache_stores_total: 6,
      response_cache_evictions_total: 1,
    });
    expect(await cacheCounters(gateway)).toEqual(expected);
    // A write to Umeå: its entries stop matching, counted for Umeå.
    await newUmeaPromise('Räknas i metrics', { published: false });
    await postGraphQL(gateway.url, '{ umea { code } }');
    const refused = await postGraphQL(gateway.url, '{ umea { auditLog(limit: 1) { action } } }');
    expect(refused.errors).toBeDefined();
    Object.assign(expected, {
      response_cache_misses_total: 8,
      response_cache_stores_total: 7,
      response_cache_uncacheable_total: 1,
      'response_cache_stale_entries_total{subgraph="umea"}': 1,
    });
    expect(await cacheCounters(gateway)).toEqual(expected);
  });

  it('with SUBGRAPH_DEDUPLICATION=off sends every query', async () => {
    const separate = await gatewayOverHub(readPathFromEnv({ RESPONSE_CACHE: 'off', SUBGRAPH_DEDUPLICATION: 'off' }));
    expect((await concurrently(separate, [{}, {}, {}])).fetches).toBe(3);
  });
});

describe('a merged subgraph response', () => {
  it('is each waiter’s own: parsed anew, with its own headers', async () => {
    let sent = 0;
    let answer!: (response: SubgraphResponse) => void;
    const fetcher = deduplicated(
      async () => {
        sent += 1;
        return new Promise<SubgraphResponse>((resolve) => (answer = resolve));
      },
      () => 'epoch:1',
    );
    const query = { body: '{"query":"query { umea { name } }"}', headers: { authorization: 'Bearer x' } };
    const first = fetcher('http://umea/graphql', {
      ...query,
      headers: { ...query.headers, 'x-request-id': 'a', traceparent: '00-a' },
    });
    const second = fetcher('http://umea/graphql', {
      ...query,
      headers: { ...query.headers, 'x-request-id': 'b', traceparent: '00-b' },
    });
    const text = '{"data":{"umea":{"name":"Umeå"}}}';
    answer({
      ok: true,
      status: 200,
      statusText: 'OK',
      url: 'http://umea/graphql',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () => text,
      json: async () => JSON.parse(text),
    });
    const [a, b] = await Promise.all([first, second]);
    expect(sent).toBe(1);
    expect(await a.json()).toEqual(await b.json());
    expect(await a.json()).not.toBe(await b.json());
    expect(a.headers).not.toBe(b.headers);
    // A mutation is never merged: the fetch starts at once, beside any identical one.
    void fetcher('http://umea/graphql', { body: '{"query":"mutation { umea { x } }"}', headers: {} });
    void fetcher('http://umea/graphql', { body: '{"query":"mutation { umea { x } }"}', headers: {} });
    expect(sent).toBe(3);
  });
});

describe('deduplication and the change version', () => {
  it('merges only at the same live version: a query sent after a write was acknowledged never joins an earlier one', async () => {
    let sent = 0;
    let version: string | null = 'epoch:0';
    const fetcher = deduplicated(
      async () => {
        sent += 1;
        return new Promise<SubgraphResponse>(() => {});
      },
      () => version,
    );
    const query = { body: '{"query":"query { umea { name } }"}', headers: {} };
    void fetcher('http://umea/graphql', query);
    void fetcher('http://umea/graphql', query);
    expect(sent).toBe(1);
    // The write committed and this gateway confirmed the new version before it was acknowledged.
    version = 'epoch:1';
    void fetcher('http://umea/graphql', query);
    expect(sent).toBe(2);
    // No lease on the subgraph: nothing is merged.
    version = null;
    void fetcher('http://umea/graphql', query);
    void fetcher('http://umea/graphql', query);
    expect(sent).toBe(4);
  });
});

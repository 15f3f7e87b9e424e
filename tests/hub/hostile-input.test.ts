import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitsFromEnv } from '../../server/http/limits.js';
import { postGraphQL } from '../support/graphql.js';
import { startTestHub, type TestHub } from '../support/hub.js';

// Malformed and malicious requests against the gateway and a subgraph, both in production mode:
// each gets a clean 4xx or a GraphQL error with a code, never a stack trace, and the servers keep
// answering the regional query correctly afterwards.
let hub: TestHub;
let reference: unknown;
const regionalQuery = `{ localPoliceArea(id: "umea") { name municipalities { code name
  promises { title period { start end } commitments { text responsible policeActivities { kind date } } } } } }`;

beforeAll(async () => {
  hub = await startTestHub({ limits: { ...limitsFromEnv({}), production: true, introspection: false } });
  reference = await postGraphQL(hub.gateway.url, regionalQuery);
});
afterAll(() => hub?.stop());

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const deepQuery = `{ umea { promises { ${'extends { '.repeat(48)}id${' }'.repeat(48)} } } }`;
const aliasQuery = `{ ${Array.from({ length: 1_000 }, (_, i) => `a${i}: umea { name }`).join(' ')} }`;
const fragmentQuery = `{ umea { ...F0 } } ${Array.from({ length: 500 }, (_, i) => `fragment F${i} on UmeaMunicipality { name ${i < 499 ? `...F${i + 1}` : ''} }`).join(' ')}`;

interface Case {
  label: string;
  request: (url: string) => [string, RequestInit];
  status: number;
  /** Where the gateway answers otherwise: it leaves coercing variables to the subgraph, whose 400 becomes an error in a 200. */
  gatewayStatus?: number;
  code: string;
}

const corpus: Case[] = [
  { label: 'malformed JSON', request: (url) => [url, json('{"query": ')], status: 400, code: 'BAD_REQUEST' },
  {
    label: 'wrong content type (text/plain, a CSRF vector)',
    request: (url) => [
      url,
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) },
    ],
    status: 400,
    code: 'BAD_REQUEST',
  },
  { label: 'empty body', request: (url) => [url, json('')], status: 400, code: 'BAD_REQUEST' },
  {
    label: 'a 2 MB query',
    request: (url) => [url, json({ query: `{ __typename }${' '.repeat(2_000_000)}` })],
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    label: 'depth 50',
    request: (url) => [url, json({ query: deepQuery })],
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    label: '1 000 aliases',
    request: (url) => [url, json({ query: aliasQuery })],
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    label: '100 aliases (under the token limit)',
    request: (url) => [
      url,
      json({ query: `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: umea { name }`).join(' ')} }` }),
    ],
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    label: '500 fragments',
    request: (url) => [url, json({ query: fragmentQuery })],
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    label: 'unknown operation name',
    request: (url) => [url, json({ query: 'query A { __typename }', operationName: 'B' })],
    status: 400,
    code: '*',
  },
  {
    label: 'variables of the wrong type',
    request: (url) => [
      url,
      json({ query: 'query ($on: Date) { umea { promises(activeOn: $on) { id } } }', variables: { on: 42 } }),
    ],
    status: 400,
    gatewayStatus: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    label: 'a mutation over GET',
    request: (url) => [
      `${url}?query=${encodeURIComponent('mutation { umea { publishPromise(id: "2480-ml-2023", expectedVersion: 1) { id } } }')}`,
      { method: 'GET', headers: { 'apollo-require-preflight': 'true' } },
    ],
    status: 405,
    code: 'BAD_REQUEST',
  },
  {
    label: 'batched requests',
    request: (url) => [url, json([{ query: '{ __typename }' }, { query: '{ __typename }' }])],
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    label: 'introspection in production',
    request: (url) => [url, json({ query: '{ __schema { types { name } } }' })],
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
];

describe.each([
  ['the gateway', () => hub.gateway.url, true],
  ['the Umeå subgraph', () => hub.kommun('umea').url, false],
])('%s', (_name, urlOf, isGateway) => {
  it.each(corpus)('$label → $status with $code, no stack trace', async ({ request, status, gatewayStatus, code }) => {
    const [url, init] = request(urlOf());
    const response = await fetch(url, init);
    const text = await response.text();
    expect(response.status).toBe(isGateway ? (gatewayStatus ?? status) : status);
    const body = JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(body.errors?.length).toBeGreaterThan(0);
    if (code !== '*') expect(body.errors!.map((e) => e.extensions?.code)).toContain(code);
    for (const error of body.errors!) expect(error.extensions?.code).toEqual(expect.any(String));
    expect(text).not.toMatch(/stacktrace| {4}at /);
  });
});

it('still answers the regional query exactly as before the corpus', async () => {
  expect(await postGraphQL(hub.gateway.url, regionalQuery)).toEqual(reference);
});

it('reports health on the public port, and readiness naming each subgraph up or down on the internal one', async () => {
  const base = new URL(hub.gateway.opsUrl);
  expect(await (await fetch(new URL('/healthz', hub.gateway.url))).json()).toEqual({ status: 'ok' });
  expect(await (await fetch(new URL('/healthz', base))).json()).toEqual({ status: 'ok' });
  const ready = await (await fetch(new URL('/readyz', base))).json();
  expect(ready).toEqual({
    ready: true,
    supergraph: 'loaded',
    subgraphs: {
      umea: 'up',
      bjurholm: 'up',
      nordmaling: 'up',
      robertsfors: 'up',
      vindeln: 'up',
      vannas: 'up',
      'polis-umea': 'up',
    },
    // Whether the response cache may use each subgraph's entries (tests/hub/response-cache.test.ts).
    changeStreams: expect.any(Object),
  });
  const subgraphReady = await fetch(new URL('/readyz', hub.kommun('umea').running!.opsUrl));
  expect(subgraphReady.status).toBe(200);
  expect(await subgraphReady.json()).toEqual({ ready: true, database: 'up' });

  await hub.kommun('vindeln').stop();
  try {
    const partial = await (await fetch(new URL('/readyz', base))).json();
    expect(partial.ready).toBe(true);
    expect(partial.subgraphs.vindeln).toBe('down');
    expect(partial.subgraphs.umea).toBe('up');
  } finally {
    await hub.kommun('vindeln').start();
  }
});

it('passes its request id to every subgraph the query reaches, where it is in the JSON logs', async () => {
  const response = await fetch(hub.gateway.url, {
    // A query no earlier test sent, so the response cache cannot answer it without the subgraphs.
    ...json({ query: `query RequestIdFollowed ${regionalQuery}` }),
    headers: { 'content-type': 'application/json', 'x-request-id': 'test-request-4711' },
  });
  expect(response.headers.get('x-request-id')).toBe('test-request-4711');
  for (const subgraph of hub.subgraphs.values()) {
    const lines = subgraph.logs.filter((line) => line.req?.id === 'test-request-4711');
    // One request to each kommun, two to the police; each logged once on completion.
    expect(lines.map((line) => [line.name, line.msg, line.res.statusCode])).toEqual(
      Array.from({ length: subgraph.name === 'polis-umea' ? 2 : 1 }, () => [subgraph.name, 'request completed', 200]),
    );
  }
});

it('answers only /healthz on the public ports: /readyz and /metrics are on the internal port alone', async () => {
  for (const [publicUrl, opsUrl] of [
    [hub.gateway.url, hub.gateway.opsUrl],
    [hub.kommun('umea').url, hub.kommun('umea').running!.opsUrl],
  ] as const) {
    for (const path of ['/readyz', '/metrics']) {
      const response = await fetch(new URL(path, publicUrl));
      expect(response.status, `${path} at ${publicUrl}`).not.toBe(200);
      expect(await response.text()).not.toMatch(/subgraphs|database|graphql_requests_total/);
    }
    expect(await (await fetch(new URL('/metrics', opsUrl))).text()).toMatch(/^graphql_requests_total \d+$/m);
  }
});

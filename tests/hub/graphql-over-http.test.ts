import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webPagesFolder } from '../../gateway/web-pages.js';
import { startTestHub, type TestHub } from '../support/hub.js';

// GraphQL over HTTP: the status code follows the response's media type, and Accept is honoured,
// at the gateway and at a subgraph alike (both are served by server/http/).
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

/** A POST with exactly these headers (fetch would add `accept: *\/*` of its own). */
function post(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; contentType: string; body: any }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            contentType: String(response.headers['content-type']),
            body: JSON.parse(text),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const requestErrors = [
  ['a document that does not parse', { query: '{ umea { name ' }, 'GRAPHQL_PARSE_FAILED'],
  ['a document that does not validate', { query: '{ umea { nosuchfield } }' }, 'GRAPHQL_VALIDATION_FAILED'],
] as const;

describe.each([
  ['the gateway', () => hub.gateway.url],
  ['the Umeå subgraph', () => hub.kommun('umea').url],
])('%s', (_name, urlOf) => {
  it.each(requestErrors)('answers %s with 200 for Accept: application/json', async (_label, body, code) => {
    const response = await post(urlOf(), { accept: 'application/json' }, JSON.stringify(body));
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('application/json; charset=utf-8');
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors.map((e: any) => e.extensions.code)).toEqual([code]);
  });

  it.each(requestErrors)(
    'answers %s with 400 for Accept: application/graphql-response+json',
    async (_label, body, code) => {
      const response = await post(urlOf(), { accept: 'application/graphql-response+json' }, JSON.stringify(body));
      expect(response.status).toBe(400);
      expect(response.contentType).toBe('application/graphql-response+json; charset=utf-8');
      expect(response.body.errors.map((e: any) => e.extensions.code)).toEqual([code]);
    },
  );

  it.each([
    ['no Accept', {}],
    ['Accept: */*', { accept: '*/*' }],
    [
      'urql’s default',
      {
        accept:
          'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed',
      },
    ],
    ['Apollo Client’s default', { accept: 'application/graphql-response+json,application/json;q=0.9' }],
  ])('prefers application/graphql-response+json (and its 400) for %s', async (_label, headers) => {
    const response = await post(urlOf(), headers, JSON.stringify({ query: '{ umea { nosuchfield } }' }));
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/graphql-response+json; charset=utf-8');
  });

  it('answers a good query with 200 in the media type asked for', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const response = await post(urlOf(), { accept }, JSON.stringify({ query: '{ umea { name } }' }));
      expect([response.status, response.contentType, response.body]).toEqual([
        200,
        `${accept}; charset=utf-8`,
        { data: { umea: { name: 'Umeå' } } },
      ]);
    }
  });

  it('refuses Accept: text/csv with 406, naming the media types it serves', async () => {
    const response = await post(urlOf(), { accept: 'text/csv' }, JSON.stringify({ query: '{ umea { name } }' }));
    expect(response.status).toBe(406);
    expect(response.body.errors[0].message).toContain('application/graphql-response+json');
  });

  it('still answers a request that is not well-formed (not JSON, no query) with 400 for application/json', async () => {
    expect((await post(urlOf(), { accept: 'application/json' }, '{"query": ')).status).toBe(400);
    expect((await post(urlOf(), { accept: 'application/json' }, JSON.stringify({ variables: {} }))).status).toBe(400);
  });
});

it('still serves the landing page to a browser (or says the pages are not built, when this checkout has not built them)', async () => {
  const response = await fetch(hub.gateway.url, {
    headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
  });
  if (existsSync(path.join(webPagesFolder, 'index.html'))) {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  } else {
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('Webbsidorna är inte byggda: kör npm run build:web.\n');
  }
});

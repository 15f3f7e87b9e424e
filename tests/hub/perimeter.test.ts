import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitsFromEnv } from '../../server/http/limits.js';
import { postGraphQL, postSigned } from '../support/graphql.js';
import { databaseSnapshot, startTestHub, type TestHub } from '../support/hub.js';
import { bearer } from '../support/tokens.js';

// The hub's perimeter in production mode, with subgraphs that answer only signed (gateway)
// requests: what reaches SQL, what an error tells a client, what the logs keep, and who may ask
// a subgraph for its schema and entities. Each case is asked through the gateway and directly
// of the subgraph (signed, as a gateway would), and nothing stored may change.
let hub: TestHub;
let umeaEditor: Record<string, string>;
let policeEditor: Record<string, string>;

beforeAll(async () => {
  hub = await startTestHub({
    limits: { ...limitsFromEnv({}), production: true, introspection: false },
    gatewayOnly: true,
  });
  umeaEditor = await bearer('umea');
  policeEditor = await bearer('polis-umea');
});
afterAll(() => hub?.stop());

/** Posts through the gateway, or signed straight to the subgraph that owns the operation. */
async function ask(
  target: 'gateway' | 'subgraph',
  subgraph: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  if (target === 'subgraph') return postSigned(hub.kommun(subgraph).url, query, variables, headers);
  const response = await fetch(hub.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await response.json()) as Record<string, any>), status: response.status };
}

const refused = (field: string, what = 'control characters') => ({
  status: 400,
  errors: [{ message: `${field} must not contain ${what}`, extensions: { code: 'BAD_USER_INPUT', field } }],
});

const createPromise = 'mutation ($input: CreatePromiseInput!) { umea { createPromise(input: $input) { id title } } }';
const validPromise = {
  title: 'Medborgarlöften för Umeå 2027–2028',
  summary: 'Nya löften.',
  period: { start: '2027-01-01', end: '2028-12-31' },
};
const activity = { date: '2026-05-01', kind: 'CAMPAIGN', place: 'Umeå', description: 'Kampanj' };

// Finding 1: a NUL in any id reached PostgreSQL ("invalid byte sequence for encoding UTF8: 0x00").
const nulInIds: {
  label: string;
  subgraph: string;
  query: string;
  variables?: Record<string, unknown>;
  field: string;
  police?: boolean;
}[] = [
  { label: 'promise(id:)', subgraph: 'umea', query: '{ umea { promise(id: "a\\u0000b") { id } } }', field: 'id' },
  { label: 'commitment(id:)', subgraph: 'umea', query: '{ umea { commitment(id: "a\\u0000b") { id } } }', field: 'id' },
  {
    label: 'citizenReport(promiseId:)',
    subgraph: 'umea',
    query: 'query ($id: ID!) { umea { citizenReport(promiseId: $id) { asOf } } }',
    variables: { id: 'a\u0000b' },
    field: 'promiseId',
  },
  { label: 'indicator(id:)', subgraph: 'umea', query: '{ umea { indicator(id: "2480\\u0000") { id } } }', field: 'id' },
  {
    label: 'updatePromise(id:)',
    subgraph: 'umea',
    query:
      'mutation { umea { updatePromise(id: "2480-ml-2023\\u0000", expectedVersion: 1, input: { title: "Ny" }) { id } } }',
    field: 'id',
  },
  {
    label: 'recordActivity(commitmentId:)',
    subgraph: 'umea',
    query:
      'mutation ($id: ID!, $input: ActivityInput!) { umea { recordActivity(commitmentId: $id, input: $input) { id } } }',
    variables: { id: '2480-ml-2023-c1\u0000', input: activity },
    field: 'commitmentId',
  },
  {
    label: 'createPromise extendsId',
    subgraph: 'umea',
    query: createPromise,
    variables: { input: { ...validPromise, extendsId: 'a\u0000' } },
    field: 'input.extendsId',
  },
  {
    label: 'createPromise indicatorIds',
    subgraph: 'umea',
    query: createPromise,
    variables: { input: { ...validPromise, indicatorIds: ['2480-x', 'a\u0000'] } },
    field: 'input.indicatorIds[1]',
  },
  {
    label: 'recordPoliceActivity commitmentId (was a retryable SERVICE_UNAVAILABLE)',
    subgraph: 'polis-umea',
    query: 'mutation ($input: PoliceActivityInput!) { recordPoliceActivity(input: $input) { id } }',
    variables: { input: { ...activity, kind: 'PATROL', commitmentId: '2480-ml-2023-c1\u0000' } },
    field: 'input.commitmentId',
    police: true,
  },
];

// Finding 9: text a person cannot read as stored.
const badText: { label: string; input: Record<string, unknown>; field: string; what?: string; message?: string }[] = [
  {
    label: 'a lone surrogate (was stored as U+FFFD)',
    input: { ...validPromise, title: 'a\ud800b' },
    field: 'input.title',
    what: 'lone surrogates (it is not valid Unicode)',
  },
  {
    label: 'a right-to-left override',
    input: { ...validPromise, summary: 'Löfte \u202Egnidaer' },
    field: 'input.summary',
    what: 'bidirectional override characters',
  },
  {
    label: 'a bell character in a focus area',
    input: { ...validPromise, focusAreas: ['Trafik', 'ljud\u0007'] },
    field: 'input.focusAreas[1]',
  },
];

describe.each(['gateway', 'subgraph'] as const)('through the %s', (target) => {
  it.each(nulInIds)(
    'a NUL in $label is BAD_USER_INPUT naming $field, before SQL',
    async ({ subgraph, query, variables, field, police }) => {
      const before = await databaseSnapshot(hub);
      expect(await ask(target, subgraph, query, variables, police ? policeEditor : umeaEditor)).toEqual(refused(field));
      expect(await databaseSnapshot(hub)).toEqual(before);
    },
  );

  it.each(badText)('$label is BAD_USER_INPUT naming $field', async ({ input, field, what }) => {
    const before = await databaseSnapshot(hub);
    expect(await ask(target, 'umea', createPromise, { input }, umeaEditor)).toEqual(refused(field, what));
    expect(await databaseSnapshot(hub)).toEqual(before);
  });

  it('a title of three zero-width spaces is empty', async () => {
    const before = await databaseSnapshot(hub);
    const { errors } = await ask(
      target,
      'umea',
      createPromise,
      { input: { ...validPromise, title: '\u200B\u200B\u200B' } },
      umeaEditor,
    );
    expect(errors).toEqual([
      expect.objectContaining({
        message: 'input.title must not be empty',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.title' }),
      }),
    ]);
    expect(await databaseSnapshot(hub)).toEqual(before);
  });

  it('text is stored in Unicode NFC: a decomposed "å" (a + ring) is stored as one character', async () => {
    const { data, errors } = await ask(
      target,
      'umea',
      createPromise,
      { input: { ...validPromise, title: `Trygg Uma\u030Aa ${target}` } },
      umeaEditor,
    );
    expect(errors).toBeUndefined();
    expect(data!.umea.createPromise.title).toBe(`Trygg Um\u00e5a ${target}`);
  });
});

describe('_service and _entities answer only the gateway', () => {
  const umeaRepresentation = { __typename: 'UmeaMunicipality', code: '2480' };
  const entities = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on UmeaMunicipality { name } } }';

  it('refuses _service and _entities without the gateway’s signature, and in production any operation', async () => {
    const url = hub.kommun('umea').url;
    const refusal = (message: string) => ({
      errors: [
        {
          message: `${message}: the request carries no valid gateway signature`,
          extensions: { code: 'GATEWAY_CREDENTIAL_REQUIRED' },
        },
      ],
    });
    for (const [query, variables] of [
      ['{ _service { sdl } }', undefined],
      [entities, { r: [umeaRepresentation] }],
      ['{ umea { name } }', undefined],
    ] as const) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual(refusal('This subgraph answers only the hub’s gateway'));
    }
    // A signature made with another secret is no signature.
    const forged = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }', extensions: { 'hmac-signature': 'bm90IGEgc2lnbmF0dXJl' } }),
    });
    expect(forged.status).toBe(403);
    // Signed, the same operations are answered.
    expect((await postSigned(url, '{ _service { sdl } }')).data!._service.sdl).toContain('type UmeaMunicipality');
    expect(await postSigned(url, entities, { r: [umeaRepresentation] })).toEqual({
      status: 200,
      data: { _entities: [{ name: 'Umeå' }] },
    });
  });

  it('refuses more representations than the cap with TOO_MANY_REPRESENTATIONS, and an unknown __typename with BAD_USER_INPUT', async () => {
    const url = hub.kommun('umea').url;
    const max = limitsFromEnv({}).maxRepresentations;
    expect(await postSigned(url, entities, { r: Array.from({ length: max + 1 }, () => umeaRepresentation) })).toEqual({
      status: 400,
      errors: [
        {
          message: `_entities takes at most ${max} representations per request (got ${max + 1})`,
          extensions: { code: 'TOO_MANY_REPRESENTATIONS', max },
        },
      ],
    });
    expect(
      (await postSigned(url, entities, { r: Array.from({ length: max }, () => umeaRepresentation) })).data!._entities,
    ).toHaveLength(max);
    expect(
      await postSigned(url, entities, { r: [umeaRepresentation, { __typename: 'NoSuchType', code: '2480' }] }),
    ).toEqual({
      status: 400,
      errors: [
        {
          message: 'representations[1].__typename: "NoSuchType" is not an entity of this subgraph',
          extensions: { code: 'BAD_USER_INPUT', field: 'representations[1].__typename' },
        },
      ],
    });
  });
});

describe('subgraph-to-subgraph calls are signed too', () => {
  it('the police subgraph checks a commitment with Umeå, which answers only signed requests, and records the activity', async () => {
    const before = await databaseSnapshot(hub);
    const { data, errors } = await postGraphQL(
      hub.gateway.url,
      'mutation ($input: PoliceActivityInput!) { recordPoliceActivity(input: $input) { commitmentId municipalityCode } }',
      { input: { ...activity, kind: 'PATROL', commitmentId: '2480-ml-2023-c1' } },
      policeEditor,
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ recordPoliceActivity: { commitmentId: '2480-ml-2023-c1', municipalityCode: '2480' } });
    const police = before['polis-umea']!;
    expect(await databaseSnapshot(hub)).toEqual({
      ...before,
      'polis-umea': { ...police, police_activity: police.police_activity! + 1, audit_entry: police.audit_entry! + 1 },
    });
  });
});

describe('production error masking (finding 2)', () => {
  // A real internal failure: Vindeln's indicator table is out of reach for a moment.
  async function withoutIndicatorTable<T>(use: () => Promise<T>): Promise<T> {
    const db = hub.kommun('vindeln').running!.db as Kysely<any>;
    await sql`alter table indicator rename to indicator_out_of_reach`.execute(db);
    try {
      return await use();
    } finally {
      await sql`alter table indicator_out_of_reach rename to indicator`.execute(db);
    }
  }

  it('an unexpected subgraph error reaches the client as INTERNAL_SERVER_ERROR with the request id and the kommun, its text only in the logs', async () => {
    const before = await databaseSnapshot(hub);
    const requestId = 'masking-through-gateway-1';
    const { text, status } = await withoutIndicatorTable(async () => {
      const response = await fetch(hub.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ query: '{ vindeln { name indicators { name } } umea { name } }' }),
      });
      return { text: await response.text(), status: response.status };
    });
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      data: { vindeln: { name: 'Vindeln', indicators: null }, umea: { name: 'Umeå' } },
      errors: [
        {
          message: `Internal server error (request ${requestId})`,
          path: ['vindeln', 'indicators'],
          extensions: {
            code: 'INTERNAL_SERVER_ERROR',
            requestId,
            serviceName: 'vindeln',
            kommunCode: '2404',
            kommun: 'Vindeln',
          },
        },
      ],
    });
    expect(text).not.toMatch(/relation|indicator_|does not exist|at /);
    const logged = hub
      .kommun('vindeln')
      .logs.filter((line) => line.requestId === requestId && line.msg === 'unexpected error');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.err.cause).toMatch(/indicator.*does not exist/);
    expect(
      hub.gatewayLogs.filter((line) => line.requestId === requestId && line.msg === 'unexpected error'),
    ).toHaveLength(1);
    expect(await databaseSnapshot(hub)).toEqual(before);
  });

  it('directly at the subgraph, the same error is masked the same way', async () => {
    const requestId = 'masking-at-subgraph-1';
    const body = await withoutIndicatorTable(() =>
      postSigned(hub.kommun('vindeln').url, '{ vindeln { indicators { name } } }', undefined, {
        'x-request-id': requestId,
      }),
    );
    expect(body).toEqual({
      status: 200,
      data: { vindeln: { indicators: null } },
      errors: [
        {
          message: `Internal server error (request ${requestId})`,
          path: ['vindeln', 'indicators'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
        },
      ],
    });
  });

  it('errors the hub made for the client pass with their message', async () => {
    const { errors } = await postGraphQL(
      hub.gateway.url,
      'mutation { umea { publishPromise(id: "2480-ml-2023", expectedVersion: 1) { id } } }',
    );
    expect(errors).toEqual([
      expect.objectContaining({
        message: "Writing umea's data needs a bearer token",
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED', kommunCode: '2480' }),
      }),
    ]);
  });
});

describe('logs (finding 5)', () => {
  it('no log line of the gateway or of any subgraph carries the bearer token', async () => {
    const token = umeaEditor.authorization!.slice('Bearer '.length);
    const requestId = 'redaction-check-1';
    const response = await fetch(hub.gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        ...umeaEditor,
        cookie: 'session=secret-cookie',
      },
      body: JSON.stringify({
        query:
          '{ localPoliceArea(id: "umea") { municipalities { promises { title } } } umea { auditLog(limit: 1) { action } } }',
      }),
    });
    expect(response.status).toBe(200);
    const lines = [...hub.gatewayLogs, ...[...hub.subgraphs.values()].flatMap((s) => s.logs)];
    const ofRequest = lines.filter((line) => line.req?.id === requestId);
    // The gateway and all seven subgraphs logged the request, the credential replaced.
    expect(new Set(ofRequest.map((line) => line.name))).toEqual(new Set(['gateway', ...hub.subgraphs.keys()]));
    for (const line of ofRequest) expect(line.req.headers.authorization).toBe('[redacted]');
    expect(hub.gatewayLogs.find((line) => line.req?.id === requestId)!.req.headers.cookie).toBe('[redacted]');
    const all = JSON.stringify(lines);
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.split('.')[2]);
    expect(all).not.toContain('secret-cookie');
  });
});

describe('records tied to a draft (finding 11)', () => {
  it('an indicator made for a draft promise is hidden from everyone but the owner and coordinators until the promise is published', async () => {
    const { data: made } = await postGraphQL(
      hub.gateway.url,
      'mutation ($input: IndicatorInput!) { umea { createIndicator(input: $input) { id } } }',
      {
        input: {
          name: 'Otrygghet vid Vasaplan (utkast)',
          definition: 'Andel (%).',
          unit: '%',
          dataSource: 'NTU',
          desiredDirection: 'DECREASE',
        },
      },
      umeaEditor,
    );
    const indicatorId = made!.umea.createIndicator.id as string;
    const { data: drafted } = await postGraphQL(
      hub.gateway.url,
      createPromise,
      { input: { ...validPromise, title: 'Utkast med indikator', indicatorIds: [indicatorId] } },
      umeaEditor,
    );
    const promiseId = drafted!.umea.createPromise.id as string;

    const read = `query ($id: ID!) { umea { indicators { id } indicator(id: $id) { name definition } } }`;
    const seen = async (headers: Record<string, string>) => {
      const answers = [
        await postGraphQL(hub.gateway.url, read, { id: indicatorId }, headers),
        await postSigned(hub.kommun('umea').url, read, { id: indicatorId }, headers),
      ];
      return answers.map(({ data, errors }) => {
        expect(errors).toBeUndefined();
        return {
          listed: data!.umea.indicators.some((i: { id: string }) => i.id === indicatorId),
          byId: data!.umea.indicator,
        };
      });
    };
    const hidden = { listed: false, byId: null };
    const shown = { listed: true, byId: { name: 'Otrygghet vid Vasaplan (utkast)', definition: 'Andel (%).' } };
    expect(await seen({})).toEqual([hidden, hidden]);
    expect(await seen(await bearer('vannas'))).toEqual([hidden, hidden]);
    expect(await seen(umeaEditor)).toEqual([shown, shown]);
    expect(await seen(await bearer('region', 'reader'))).toEqual([shown, shown]);

    const commitment = await postGraphQL(
      hub.gateway.url,
      'mutation ($id: ID!) { umea { addCommitment(promiseId: $id, input: { text: "Trygghetsvandring", responsible: KOMMUN }) { id } } }',
      { id: promiseId },
      umeaEditor,
    );
    expect(commitment.errors).toBeUndefined();
    const { version } = (
      await postGraphQL(
        hub.gateway.url,
        'query ($id: ID!) { umea { promise(id: $id) { version } } }',
        { id: promiseId },
        umeaEditor,
      )
    ).data!.umea.promise;
    const { errors } = await postGraphQL(
      hub.gateway.url,
      'mutation ($id: ID!, $v: Int!) { umea { publishPromise(id: $id, expectedVersion: $v) { status } } }',
      { id: promiseId, v: version },
      umeaEditor,
    );
    expect(errors).toBeUndefined();
    expect(await seen({})).toEqual([shown, shown]);
  });
});

import http from 'node:http';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postGraphQL } from '../support/graphql.js';
import { databaseSnapshot, startTestHub, type TestHub } from '../support/hub.js';
import { bearer } from '../support/tokens.js';

// Creates and records are safe to retry with an `Idempotency-Key` header: a retry returns the
// first result and stores nothing new, also when the first attempt's answer never arrived. A key
// is bound to its request (another request under it is refused) and honoured for 24 hours.
let hub: TestHub;
let umeaEditor: Record<string, string>;
beforeAll(async () => {
  hub = await startTestHub();
  umeaEditor = await bearer('umea');
});
afterAll(() => hub?.stop());

const createPromise = 'mutation ($input: CreatePromiseInput!) { umea { createPromise(input: $input) { id title } } }';
const promiseInput = (title: string) => ({
  input: { title, summary: 'Ett löfte.', period: { start: '2027-01-01', end: '2028-12-31' } },
});

async function until<T>(what: string, attempt: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 400; i += 1) {
    const result = await attempt();
    if (result !== undefined) return result;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Gave up waiting for ${what}`);
}

/** Umeå's promises with this title and the audit entries of their creation, as the owner sees them. */
async function storedAs(title: string) {
  const { data } = await postGraphQL(
    hub.gateway.url,
    '{ umea { promises { id title } auditLog(limit: 500) { action recordId } } }',
    {},
    umeaEditor,
  );
  const ids = data!.umea.promises.filter((p: { title: string }) => p.title === title).map((p: { id: string }) => p.id);
  const audits = data!.umea.auditLog.filter(
    (e: { action: string; recordId: string }) => e.action === 'createPromise' && ids.includes(e.recordId),
  );
  return { ids, audits: audits.length };
}

it('a create retried with its key after the connection was cut is stored once, with one audit entry', async () => {
  const title = 'Avbruten och försökt igen';
  const headers = { ...umeaEditor, 'idempotency-key': 'retry-after-cut-1', 'content-type': 'application/json' };
  const umea = hub.kommun('umea');

  // The first attempt reaches Umeå, which holds it; meanwhile the client's connection is cut.
  const release = umea.hang();
  const first = http.request(hub.gateway.url, { method: 'POST', headers });
  first.on('error', () => {});
  first.end(JSON.stringify({ query: createPromise, variables: promiseInput(title) }));
  await until('the create to reach Umeå', () => (umea.held > 0 ? true : undefined));
  first.destroy();
  release();

  // The write goes through all the same, as it did when the gateway died mid-request. Read again
  // once it shows: the promises and the audit log are read in parallel, so the read that first
  // sees the promise may have read the log just before the commit.
  await until('the first attempt to be stored', async () =>
    (await storedAs(title)).ids.length > 0 ? true : undefined,
  );
  const stored = await storedAs(title);
  expect(stored).toEqual({ ids: [expect.any(String)], audits: 1 });

  // The client never saw an answer, so it retries with the same key: it gets the first record.
  const retried = await postGraphQL(hub.gateway.url, createPromise, promiseInput(title), headers);
  expect(retried).toEqual({ data: { umea: { createPromise: { id: stored.ids[0], title } } } });
  expect(await storedAs(title)).toEqual(stored);

  // Once more, and the same answer again; nothing new stored.
  const before = await databaseSnapshot(hub);
  expect(await postGraphQL(hub.gateway.url, createPromise, promiseInput(title), headers)).toEqual(retried);
  expect(await databaseSnapshot(hub)).toEqual(before);
});

it('another key, or no key, creates another record', async () => {
  const title = 'Två nycklar';
  const a = await postGraphQL(hub.gateway.url, createPromise, promiseInput(title), {
    ...umeaEditor,
    'idempotency-key': 'key-a',
  });
  const b = await postGraphQL(hub.gateway.url, createPromise, promiseInput(title), {
    ...umeaEditor,
    'idempotency-key': 'key-b',
  });
  const none = await postGraphQL(hub.gateway.url, createPromise, promiseInput(title), umeaEditor);
  const ids = [a, b, none].map((response) => response.data!.umea.createPromise.id);
  expect(new Set(ids).size).toBe(3);
  expect(await storedAs(title)).toEqual({ ids: expect.arrayContaining(ids), audits: 3 });
});

it('a police activity recorded twice with one key is stored once', async () => {
  const police = await bearer('polis-umea');
  const record = 'mutation ($input: PoliceActivityInput!) { recordPoliceActivity(input: $input) { id } }';
  const input = {
    input: {
      commitmentId: '2480-ml-2023-c1',
      date: '2026-05-02',
      kind: 'PATROL',
      place: 'Rådhustorget',
      description: 'Patrull',
    },
  };
  const headers = { ...police, 'idempotency-key': 'police-activity-1' };
  const before = await databaseSnapshot(hub);
  const first = await postGraphQL(hub.gateway.url, record, input, headers);
  expect(first.errors).toBeUndefined();
  expect(await postGraphQL(hub.subgraphs.get('polis-umea')!.url, record, input, headers)).toEqual(first);
  const after = await databaseSnapshot(hub);
  const police_ = before['polis-umea']!;
  expect(after).toEqual({
    ...before,
    'polis-umea': {
      ...police_,
      police_activity: police_.police_activity! + 1,
      audit_entry: police_.audit_entry! + 1,
      idempotency_key: police_.idempotency_key! + 1,
    },
  });
});

it('a key that is not 1 to 200 printable characters is BAD_USER_INPUT, and nothing is stored', async () => {
  const before = await databaseSnapshot(hub);
  const response = await postGraphQL(hub.gateway.url, createPromise, promiseInput('För lång nyckel'), {
    ...umeaEditor,
    'idempotency-key': 'k'.repeat(201),
  });
  expect(response.errors).toEqual([
    {
      message: 'Idempotency-Key must be 1 to 200 printable characters',
      extensions: { code: 'BAD_USER_INPUT', field: 'Idempotency-Key' },
    },
  ]);
  expect(await databaseSnapshot(hub)).toEqual(before);
});

/** Umeå's database, where the tests look at and backdate idempotency keys. */
const umeaDatabase = () => hub.kommun('umea').running!.db as Kysely<any>;

/** The keys stored for `key` in Umeå: which mutation, whether the request is hashed, and how old (whole hours). */
async function umeaKeys(key: string) {
  const { rows } = await sql<{ action: string; hashed: boolean; hours: number }>`
    select action, request_hash is not null as hashed, floor(extract(epoch from now() - created_at) / 3600)::int as hours
    from idempotency_key where key = ${key} order by action`.execute(umeaDatabase());
  return rows;
}

/** Makes Umeå's key `key` as old as `hours`. */
async function backdate(key: string, hours: number) {
  await sql`update idempotency_key set created_at = now() - make_interval(hours => ${hours}) where key = ${key}`.execute(
    umeaDatabase(),
  );
}

/** What a refused reuse of `key` answers, through the gateway (which adds the kommun to the extensions) or at the subgraph. */
const reusedAnswer = (key: string, action: string) => ({
  data: null,
  errors: [
    {
      message: `Idempotency-Key "${key}" was used for a ${action} with other arguments in the last 24 hours; nothing was stored, send a new key with a new request`,
      code: 'IDEMPOTENCY_KEY_REUSED',
    },
  ],
});
const answerOf = (response: Awaited<ReturnType<typeof postGraphQL>>) => ({
  data: response.data,
  errors: response.errors?.map((error) => ({ message: error.message, code: error.extensions?.code })),
});

it('a retry with the same arguments in another document, straight to the subgraph, gets the first record', async () => {
  const headers = { ...umeaEditor, 'idempotency-key': 'same-request-other-document' };
  const first = await postGraphQL(hub.gateway.url, createPromise, promiseInput('Samma begäran'), headers);
  expect(first.errors).toBeUndefined();
  const before = await databaseSnapshot(hub);
  // Literal arguments in another order, an explicit null for an absent field, an alias, another selection.
  const retried = await postGraphQL(
    hub.kommun('umea').url,
    `mutation { umea { again: createPromise(input: {
        period: { end: "2028-12-31", start: "2027-01-01" }, summary: "Ett löfte.", title: "Samma begäran", extendsId: null
      }) { title id } } }`,
    {},
    headers,
  );
  expect(retried).toEqual({ data: { umea: { again: first.data!.umea.createPromise } } });
  expect(await databaseSnapshot(hub)).toEqual(before);
  expect(await umeaKeys('same-request-other-document')).toEqual([{ action: 'createPromise', hashed: true, hours: 0 }]);
});

it('the same key with other variables is IDEMPOTENCY_KEY_REUSED, through the gateway and at the subgraph, and nothing is stored', async () => {
  const key = 'reused-with-other-input';
  const headers = { ...umeaEditor, 'idempotency-key': key };
  const first = await postGraphQL(hub.gateway.url, createPromise, promiseInput('Först'), headers);
  expect(first.errors).toBeUndefined();
  const before = await databaseSnapshot(hub);
  for (const url of [hub.gateway.url, hub.kommun('umea').url]) {
    const reused = await postGraphQL(url, createPromise, promiseInput('Något annat'), headers);
    expect(answerOf(reused)).toEqual(reusedAnswer(key, 'createPromise'));
  }
  expect(await databaseSnapshot(hub)).toEqual(before);
  expect(await storedAs('Något annat')).toEqual({ ids: [], audits: 0 });
  // The first request is still what the key answers.
  expect(await postGraphQL(hub.gateway.url, createPromise, promiseInput('Först'), headers)).toEqual(first);
});

it('concurrent creates under one key with two requests: one is stored, its twins get it, the other request is refused', async () => {
  const key = 'concurrent-two-requests';
  const headers = { ...umeaEditor, 'idempotency-key': key };
  const titles = ['Samtidigt A', 'Samtidigt B', 'Samtidigt A', 'Samtidigt B', 'Samtidigt A', 'Samtidigt B'];
  const answers = await Promise.all(
    titles.map((title) => postGraphQL(hub.gateway.url, createPromise, promiseInput(title), headers)),
  );
  const stored = [...(await storedAs('Samtidigt A')).ids, ...(await storedAs('Samtidigt B')).ids];
  expect(stored).toHaveLength(1);
  const winner = answers.find((answer) => answer.data)!.data!.umea.createPromise;
  expect(answers.map(answerOf)).toEqual(
    titles.map((title) =>
      title === winner.title
        ? { data: { umea: { createPromise: { id: stored[0], title } } }, errors: undefined }
        : reusedAnswer(key, 'createPromise'),
    ),
  );
});

it('the police area’s key is bound to its request too', async () => {
  const police = { ...(await bearer('polis-umea')), 'idempotency-key': 'police-reused' };
  const record = 'mutation ($input: PoliceActivityInput!) { recordPoliceActivity(input: $input) { id place } }';
  const activity = (place: string) => ({
    input: { commitmentId: '2480-ml-2023-c1', date: '2026-05-03', kind: 'PATROL', place, description: 'Patrull' },
  });
  const first = await postGraphQL(hub.gateway.url, record, activity('Vasaplan'), police);
  expect(first.errors).toBeUndefined();
  const before = await databaseSnapshot(hub);
  const reused = await postGraphQL(hub.subgraphs.get('polis-umea')!.url, record, activity('Broparken'), police);
  expect(answerOf(reused)).toEqual(reusedAnswer('police-reused', 'recordPoliceActivity'));
  expect(await databaseSnapshot(hub)).toEqual(before);
});

it('a key is its caller’s: another organisation’s same key is its own, for its own request', async () => {
  const key = 'shared-by-two-kommuner';
  const umea = await postGraphQL(hub.gateway.url, createPromise, promiseInput('Umeås löfte'), {
    ...umeaEditor,
    'idempotency-key': key,
  });
  const bjurholm = await postGraphQL(
    hub.gateway.url,
    'mutation ($input: CreatePromiseInput!) { bjurholm { createPromise(input: $input) { id title } } }',
    promiseInput('Bjurholms löfte'),
    { ...(await bearer('bjurholm')), 'idempotency-key': key },
  );
  expect(umea.data!.umea.createPromise.title).toBe('Umeås löfte');
  expect(bjurholm).toEqual({
    data: { bjurholm: { createPromise: { id: expect.any(String), title: 'Bjurholms löfte' } } },
  });
});

it('a key older than 24 hours is new again: the same key with another request creates a record', async () => {
  const key = 'expired-key';
  const headers = { ...umeaEditor, 'idempotency-key': key };
  const first = await postGraphQL(hub.gateway.url, createPromise, promiseInput('I förrgår'), headers);
  await backdate(key, 25);
  expect(await umeaKeys(key)).toEqual([{ action: 'createPromise', hashed: true, hours: 25 }]);

  const second = await postGraphQL(hub.gateway.url, createPromise, promiseInput('I dag'), headers);
  expect(second).toEqual({ data: { umea: { createPromise: { id: expect.any(String), title: 'I dag' } } } });
  expect(second.data!.umea.createPromise.id).not.toBe(first.data!.umea.createPromise.id);
  expect(await umeaKeys(key)).toEqual([{ action: 'createPromise', hashed: true, hours: 0 }]);
  // Now the key answers the new request, and refuses the old one.
  expect(await postGraphQL(hub.gateway.url, createPromise, promiseInput('I dag'), headers)).toEqual(second);
  expect(answerOf(await postGraphQL(hub.gateway.url, createPromise, promiseInput('I förrgår'), headers))).toEqual(
    reusedAnswer(key, 'createPromise'),
  );
});

it('each keyed create deletes at most 100 expired keys, and no key younger than 24 hours', async () => {
  const db = umeaDatabase();
  await sql`delete from idempotency_key`.execute(db);
  await sql`
    insert into idempotency_key (organisation, subject, action, key, request_hash, created_at)
    select 'umea', 'editor@umea', 'createPromise', 'old-' || n, 'x', now() - interval '24 hours 1 minute'
    from generate_series(1, 150) n
    union all
    select 'umea', 'editor@umea', 'createPromise', 'recent-' || n, 'x', now() - interval '23 hours 59 minutes'
    from generate_series(1, 3) n`.execute(db);
  const count = async (prefix: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from idempotency_key where key like ${`${prefix}%`}`.execute(
        db,
      )
    ).rows[0]!.n;

  // A create without a key leaves the keys alone.
  await postGraphQL(hub.gateway.url, createPromise, promiseInput('Utan nyckel'), umeaEditor);
  expect([await count('old-'), await count('recent-')]).toEqual([150, 3]);

  const keyed = (key: string) =>
    postGraphQL(hub.gateway.url, createPromise, promiseInput('Städar'), { ...umeaEditor, 'idempotency-key': key });
  await keyed('cleanup-1');
  expect([await count('old-'), await count('recent-'), await count('cleanup-')]).toEqual([50, 3, 1]);
  await keyed('cleanup-2');
  expect([await count('old-'), await count('recent-'), await count('cleanup-')]).toEqual([0, 3, 2]);
});

it('a subgraph that starts deletes every expired key, and no key younger than 24 hours', async () => {
  const insertKeys = sql`
    insert into idempotency_key (organisation, subject, action, key, request_hash, created_at)
    select 'umea', 'editor@umea', 'createPromise', 'start-old-' || n, 'x', now() - interval '24 hours 1 minute'
    from generate_series(1, 120) n
    union all
    select 'umea', 'editor@umea', 'createPromise', 'start-recent-' || n, 'x', now() - interval '23 hours 59 minutes'
    from generate_series(1, 2) n`;
  await insertKeys.execute(umeaDatabase());
  await hub.kommun('umea').stop();
  await hub.kommun('umea').start();
  const { rows } = await sql<{ key: string }>`
    select key from idempotency_key where key like 'start-%' order by key`.execute(umeaDatabase());
  expect(rows.map((row) => row.key)).toEqual(['start-recent-1', 'start-recent-2']);
});

it('a key claimed before requests were hashed (an upgraded database) still answers its mutation with the first record', async () => {
  const key = 'claimed-before-hashing';
  const headers = { ...umeaEditor, 'idempotency-key': key };
  const first = await postGraphQL(hub.gateway.url, createPromise, promiseInput('Före uppgraderingen'), headers);
  await sql`update idempotency_key set request_hash = null where key = ${key}`.execute(umeaDatabase());
  const before = await databaseSnapshot(hub);
  expect(await postGraphQL(hub.gateway.url, createPromise, promiseInput('Annan titel'), headers)).toEqual(first);
  expect(await databaseSnapshot(hub)).toEqual(before);
});

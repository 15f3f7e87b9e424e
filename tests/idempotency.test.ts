import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postGraphQL } from './support/graphql.js';
import { databaseSnapshot, startTestHub, type TestHub } from './support/hub.js';
import { bearer } from './support/tokens.js';

// Creates and records are safe to retry with an `Idempotency-Key` header: a retry returns the
// first result and stores nothing new, also when the first attempt's answer never arrived.
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

  // The write goes through all the same, as it did when the gateway died mid-request.
  const stored = await until('the first attempt to be stored', async () => {
    const found = await storedAs(title);
    return found.ids.length > 0 ? found : undefined;
  });
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

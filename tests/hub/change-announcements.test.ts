import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { RunningGateway } from '../../gateway/start-gateway.js';
import {
  CHANGE_CONFIRM_PATH,
  CHANGE_STREAM_PATH,
  type ChangeVersion,
  LEASE_MARGIN_MS,
  LEASE_MS,
  signedConfirmation,
  subscriptionHeaders,
} from '../../server/change-stream.js';
import { withPostgresClient } from '../../server/database.js';
import { subgraphSecretFromEnv } from '../../server/subgraph-signature.js';
import { postGraphQL, postSigned } from '../support/graphql.js';
import { startGatewayOverHub, startTestHub, type TestHub, untilCached, untilLive } from '../support/hub.js';
import { bearer } from '../support/tokens.js';

// The freshness protocol of the response cache (server/change-stream.ts) over the real hub: when a
// subgraph lets a mutation's answer out, what a gateway that confirms slowly, never, or went away
// does to it, and what happens while the subgraph does not hear its database's notifications.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await untilLive(hub.gateway);
});
afterAll(() => hub?.stop());

const umeaEditor = await bearer('umea', 'editor');
/** How long a subgraph waits for a gateway that stopped confirming, counted from its last confirmation. */
const LEASE_LAPSE_MS = LEASE_MS + LEASE_MARGIN_MS;
/** The stated bound on a held answer: the lapse plus the subgraph's 250 ms check. */
const HOLD_BOUND_MS = LEASE_LAPSE_MS + 250;
/** Room for a loaded machine on top of the bound; a correctness bound (never forever), not a performance figure. */
const SLACK_MS = 5_000;

interface Confirmation {
  counter: number;
  /** performance.now() when it was sent and when its answer came back. */
  sentAt: number;
  answeredAt: number;
  status: number;
}

/** A gateway played by the test: it subscribes to a subgraph's changes and confirms as told. */
interface TestSubscriber {
  /** Versions received, in order, with performance.now() at arrival. */
  received: (ChangeVersion & { at: number })[];
  confirmations: Confirmation[];
  /** performance.now() when the stream ended, once it did. */
  endedAt: number | undefined;
  close(): void;
}

/**
 * Subscribes to the subgraph's change stream with the deployment's signature. `confirmAfterMs`:
 * each message is confirmed that long after it arrived, or (null) never. The subgraph runs in
 * this process, so its performance.now() and ours are one clock.
 */
async function subscribe(subgraphUrl: string, confirmAfterMs: number | null): Promise<TestSubscriber> {
  const secret = subgraphSecretFromEnv();
  const id = `test-${randomUUID()}`;
  const abort = new AbortController();
  const response = await fetch(new URL(CHANGE_STREAM_PATH, subgraphUrl), {
    headers: subscriptionHeaders(secret, id),
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const subscriber: TestSubscriber = {
    received: [],
    confirmations: [],
    endedAt: undefined,
    close: () => abort.abort(),
  };
  const confirm = async (version: ChangeVersion) => {
    const sentAt = performance.now();
    const answer = await fetch(new URL(CHANGE_CONFIRM_PATH, subgraphUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signedConfirmation(secret, id, version)),
    });
    await answer.arrayBuffer();
    subscriber.confirmations.push({
      counter: version.counter,
      sentAt,
      answeredAt: performance.now(),
      status: answer.status,
    });
  };
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = response.body!.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += decoder.decode(chunk.value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const version = JSON.parse(buffer.slice('data: '.length, end)) as ChangeVersion;
          buffer = buffer.slice(end + 2);
          subscriber.received.push({ ...version, at: performance.now() });
          if (confirmAfterMs !== null) setTimeout(() => void confirm(version).catch(() => {}), confirmAfterMs);
        }
      }
    } catch {
      // Closed by the test.
    }
    subscriber.endedAt = performance.now();
  })();
  while (subscriber.received.length === 0) await sleep(10);
  return subscriber;
}

/** Creates a promise of Umeå through the gateway; returns its id and when the answer arrived. */
async function createThroughGateway(title: string): Promise<{ id: string; answeredAt: number }> {
  const { data, errors } = await postGraphQL(
    hub.gateway.url,
    `mutation ($input: CreatePromiseInput!) { umea { createPromise(input: $input) { id } } }`,
    { input: { title, summary: 'Trygghet i centrum.', period: { start: '2026-01-01', end: '2027-12-31' } } },
    umeaEditor,
  );
  const answeredAt = performance.now();
  expect(errors).toBeUndefined();
  return { id: data!.umea.createPromise.id, answeredAt };
}

const umeaUrl = () => hub.kommun('umea').url;
const promiseTitle = (id: string) => `{ umea { promise(id: "${id}") { title } } }`;
/** Reads a promise's title as Umeå's editor (the promises made here are drafts). */
const readTitle = (gateway: RunningGateway, id: string) =>
  postGraphQL(gateway.url, promiseTitle(id), undefined, umeaEditor);
const cachedTitle = (gateway: RunningGateway, id: string) => untilCached(hub, gateway, promiseTitle(id), umeaEditor);

describe('a mutation’s answer', () => {
  it('waits until a subscribed gateway confirmed the write’s announcement, however slowly it confirms', async () => {
    const slow = await subscribe(umeaUrl(), 1_500);
    const before = slow.received.at(-1)!.counter;
    const { answeredAt } = await createThroughGateway('Väntar på en långsam gateway');
    const announced = slow.received.find((version) => version.counter > before)!;
    expect(announced, 'the write was announced').toBeDefined();
    const confirmed = slow.confirmations.find((c) => c.counter >= announced.counter && c.status === 204);
    // The answer left only after the confirmation was sent, 1.5 s after the announcement arrived.
    expect(confirmed!.sentAt).toBeLessThanOrEqual(answeredAt);
    expect(answeredAt - announced.at).toBeGreaterThanOrEqual(1_500);
    // Released by the confirmation, not by a lapsed lease: the subscription is still there.
    expect(slow.endedAt).toBeUndefined();
    slow.close();
  });

  it('of a gateway that subscribed but never confirms waits out its lease once, never longer than the bound', async () => {
    const subscribedAt = performance.now();
    const silent = await subscribe(umeaUrl(), null);
    const { answeredAt } = await createThroughGateway('Väntar på en tyst gateway');
    // The subgraph dropped the silent gateway (its lease lapsed) before the answer left.
    expect(silent.endedAt).toBeDefined();
    expect(silent.endedAt!).toBeLessThanOrEqual(answeredAt);
    expect(answeredAt - subscribedAt).toBeGreaterThanOrEqual(LEASE_LAPSE_MS);
    expect(answeredAt - subscribedAt).toBeLessThan(HOLD_BOUND_MS + SLACK_MS);
    expect(silent.confirmations).toEqual([]);
  });

  it('after a gateway’s stream closed waits until that gateway’s last lease lapsed, within the bound', async () => {
    const leaving = await subscribe(umeaUrl(), 0);
    while (!leaving.confirmations.some((c) => c.status === 204)) await sleep(10);
    leaving.close();
    const closedAt = performance.now();
    const lastConfirmationSent = Math.max(
      ...leaving.confirmations.filter((c) => c.status === 204).map((c) => c.sentAt),
    );
    const { answeredAt } = await createThroughGateway('Efter en gateway som gick');
    // The gateway may still trust the lease of its last confirmation: not a moment earlier.
    expect(answeredAt - lastConfirmationSent).toBeGreaterThanOrEqual(LEASE_LAPSE_MS);
    expect(answeredAt - closedAt).toBeLessThan(HOLD_BOUND_MS + SLACK_MS);
  });
});

describe('reads after writes', () => {
  it('are never stale, for writes through the gateway and straight to the subgraph (on PGlite: no barrier)', async () => {
    const second = await startGatewayOverHub(hub);
    onTestFinished(() => second.stop());
    const { id } = await createThroughGateway('Runda 0');
    for (let round = 1; round <= 4; round++) {
      for (const gateway of [hub.gateway, second]) await cachedTitle(gateway, id);
      const title = `Runda ${round}`;
      const mutation = `mutation { umea { updatePromise(id: "${id}", expectedVersion: ${round}, input: { title: "${title}" }) { version } } }`;
      // Odd rounds through the gateway, even rounds straight to the subgraph (as a tool with the gateway credential).
      const write =
        round % 2 === 1
          ? await postGraphQL(hub.gateway.url, mutation, undefined, umeaEditor)
          : await postSigned(umeaUrl(), mutation, undefined, umeaEditor);
      expect(write.errors).toBeUndefined();
      for (const gateway of [second, hub.gateway]) {
        expect(await readTitle(gateway, id)).toEqual({ data: { umea: { promise: { title } } } });
      }
    }
  });
});

/** The PostgreSQL database of Umeå's subgraph in this hub, and a client of the server it lives on. */
function umeaDatabase(): { url: string; name: string } {
  const url = hub.kommun('umea').database.databaseUrl!;
  return { url, name: decodeURIComponent(new URL(url).pathname.slice(1)) };
}

/** The process id of the backend the subgraph LISTENs on. */
async function listenerBackend(): Promise<number> {
  const { url, name } = umeaDatabase();
  return withPostgresClient(url, (client) => listenerBackendFrom(client, name));
}

describe('while the subgraph does not hear its database (PostgreSQL)', () => {
  it('the change stream answers 503, the gateway caches nothing of that kommun, and after it nothing is stale', async (context) => {
    if (!process.env.TEST_DATABASE_URL) {
      context.skip('PGlite runs in the subgraph’s process: its notifications cannot be lost (PostgreSQL only)');
      return;
    }
    const { id } = await createThroughGateway('Före avbrottet');
    expect((await cachedTitle(hub.gateway, id)).data!.umea.promise.title).toBe('Före avbrottet');
    const witness = await subscribe(umeaUrl(), 0);
    while (!witness.confirmations.some((c) => c.status === 204)) await sleep(10);
    const { url, name } = umeaDatabase();
    // An operator's session, opened before the database refuses new connections.
    const operator = new pg.Client({ connectionString: url });
    await operator.connect();
    const server = process.env.TEST_DATABASE_URL;
    try {
      await withPostgresClient(server, (client) => client.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`));
      const pid = await listenerBackendFrom(operator, name);
      await operator.query('select pg_terminate_backend($1)', [pid]);
      const lastConfirmationSent = Math.max(
        ...witness.confirmations.filter((c) => c.status === 204).map((c) => c.sentAt),
      );

      // The subgraph ends every subscription and refuses new ones until it listens again.
      while (witness.endedAt === undefined) await sleep(10);
      const refused = await fetch(new URL(CHANGE_STREAM_PATH, umeaUrl()), {
        headers: subscriptionHeaders(subgraphSecretFromEnv(), 'during-the-outage'),
      });
      expect(refused.status).toBe(503);
      expect((await refused.json()).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      for (;;) {
        const ready = await (await fetch(new URL('/readyz', hub.gateway.opsUrl))).json();
        if (ready.changeStreams.umea === 'not live') break;
        await sleep(20);
      }

      // A write nobody hears of, then reads: each one asks Umeå and sees it.
      await operator.query(`update citizen_promise set title = 'Under avbrottet' where id = $1`, [id]);
      const asked = hub.kommun('umea').requests.length;
      for (let read = 0; read < 3; read++) {
        expect(await readTitle(hub.gateway, id)).toEqual({
          data: { umea: { promise: { title: 'Under avbrottet' } } },
        });
      }
      expect(hub.kommun('umea').requests.length - asked).toBe(3);

      // A write through the gateway meanwhile: committed and answered, but only once every lease
      // the subgraph gave before it stopped hearing has lapsed.
      const update = await postGraphQL(
        hub.gateway.url,
        `mutation { umea { updatePromise(id: "${id}", expectedVersion: 1, input: { title: "Skrivet under avbrottet" }) { version } } }`,
        undefined,
        umeaEditor,
      );
      expect(update).toEqual({ data: { umea: { updatePromise: { version: 2 } } } });
      expect(performance.now() - lastConfirmationSent).toBeGreaterThanOrEqual(LEASE_LAPSE_MS);
    } finally {
      await withPostgresClient(server, (client) => client.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`));
      await operator.end();
    }
    // Listening again: the stream is live, the write is seen, and caching resumes with it.
    await untilLive(hub.gateway);
    const expected = { data: { umea: { promise: { title: 'Skrivet under avbrottet' } } } };
    expect(await readTitle(hub.gateway, id)).toEqual(expected);
    expect(await cachedTitle(hub.gateway, id)).toEqual(expected);
  });

  it('a barrier that does not come back (the listening backend stopped) holds the answer until the gateways confirmed', async (context) => {
    if (!process.env.TEST_DATABASE_URL) {
      context.skip('PGlite has no barrier: its notifications arrive before COMMIT returns (PostgreSQL only)');
      return;
    }
    const pid = await listenerBackend();
    // Only a PostgreSQL server on this machine, whose backend this process may pause.
    const local = (() => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres') && process.kill(pid, 0);
      } catch {
        return false;
      }
    })();
    if (!local) {
      context.skip('the PostgreSQL server is not on this machine, or its backends cannot be paused from here');
      return;
    }
    const slow = await subscribe(umeaUrl(), 2_500);
    const { id } = await createThroughGateway('Före barriären');
    await cachedTitle(hub.gateway, id);
    const before = slow.received.at(-1)!.counter;
    process.kill(pid, 'SIGSTOP');
    let answeredAt: number;
    try {
      const update = await postGraphQL(
        hub.gateway.url,
        `mutation { umea { updatePromise(id: "${id}", expectedVersion: 1, input: { title: "Efter barriären" }) { version } } }`,
        undefined,
        umeaEditor,
      );
      answeredAt = performance.now();
      expect(update).toEqual({ data: { umea: { updatePromise: { version: 2 } } } });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // The trigger's notification never arrived (the listener was paused): the mutation announced
    // on its own after the barrier's timer, and its answer waited for that announcement's confirmation.
    const announced = slow.received.find((version) => version.counter > before);
    expect(announced, 'the mutation announced its write without the barrier').toBeDefined();
    const confirmed = slow.confirmations.find((c) => c.counter >= announced!.counter && c.status === 204);
    expect(confirmed!.sentAt).toBeLessThanOrEqual(answeredAt);
    expect(slow.endedAt).toBeUndefined();
    expect(await readTitle(hub.gateway, id)).toEqual({
      data: { umea: { promise: { title: 'Efter barriären' } } },
    });
    slow.close();
  });
});

/** The listening backend of database `name`, found over a session already open (its last statement is one only the listener sends). */
async function listenerBackendFrom(client: pg.Client, name: string): Promise<number> {
  const { rows } = await client.query<{ pid: number }>(
    `select pid from pg_stat_activity
     where datname = $1 and pid <> pg_backend_pid()
       and (query like 'LISTEN %' or query = 'select 1' or query like 'select pg_notify(%')`,
    [name],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.pid;
}

describe('a subgraph that stops', () => {
  it('refuses new mutations, and releases the held ones by the gateways’ confirmations before its streams end', async () => {
    const umea = hub.kommun('umea');
    const slow = await subscribe(umeaUrl(), 1_000);
    const before = slow.received.at(-1)!.counter;
    const create = (title: string) =>
      postSigned(
        umeaUrl(),
        `mutation ($input: CreatePromiseInput!) { umea { createPromise(input: $input) { id } } }`,
        { input: { title, summary: 'Trygghet i centrum.', period: { start: '2026-01-01', end: '2027-12-31' } } },
        umeaEditor,
      );
    const held = create('Hålls medan Umeå stannar');
    while (!slow.received.some((version) => version.counter > before)) await sleep(10);
    const stopped = umea.stop();
    try {
      const refused = await create('Kommer under stoppet');
      expect(refused.status).toBe(503);
      expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
      const answer = await held;
      const answeredAt = performance.now();
      expect(answer.errors).toBeUndefined();
      // The write's confirmation still got in (the server accepts it while mutations are held) and released the answer.
      const announced = slow.received.find((version) => version.counter > before)!;
      const confirmed = slow.confirmations.find((c) => c.counter >= announced.counter);
      expect(confirmed?.status).toBe(204);
      expect(confirmed!.sentAt).toBeLessThanOrEqual(answeredAt);
      await stopped;
      expect(slow.endedAt).toBeDefined();
    } finally {
      await stopped;
      await umea.start();
    }
    await untilLive(hub.gateway);
    const titles = await postGraphQL(
      hub.gateway.url,
      '{ umea { promises(status: DRAFT) { title } } }',
      undefined,
      umeaEditor,
    );
    const made = titles.data!.umea.promises.map((promise: { title: string }) => promise.title);
    expect(made).toContain('Hålls medan Umeå stannar');
    expect(made).not.toContain('Kommer under stoppet');
  });
});

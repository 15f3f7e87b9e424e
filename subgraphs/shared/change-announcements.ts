import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import express, { type Express, type Response } from 'express';
import { gatewaySignatureRequired, notFound, stopping } from '../../domain/errors.js';
import {
  CHANGE_CONFIRM_PATH,
  CHANGE_STREAM_PATH,
  type ChangeVersion,
  HEARTBEAT_MS,
  LEASE_MARGIN_MS,
  LEASE_MS,
  verifiedConfirmation,
  verifiedSubscriber,
} from '../../server/change-stream.js';

/** The database channel migration 0006's triggers NOTIFY on every committed change. */
export const DATA_CHANGED_CHANNEL = 'data_changed';
/** How long a mutation's answer waits for its barrier notification before it announces without one. */
const BARRIER_TIMEOUT_MS = 2_000;

interface Subscriber {
  stream: Response;
  /** The newest counter of this epoch the gateway confirmed, and when the last confirmation arrived. */
  confirmed: number;
  confirmedAt: number;
  waiting: { counter: number; done: () => void }[];
}

export interface ChangeAnnouncer {
  /** The subgraph's version now. */
  version(): ChangeVersion;
  /** How many announcements every subscribed gateway has confirmed (or lost its lease on) so far. */
  settledAnnouncements(): number;
  /** Counts a change and resolves once every subscribed gateway confirmed it or lost its lease (server/change-stream.ts). */
  announce(): Promise<void>;
  /** A notification on DATA_CHANGED_CHANNEL: a committed change (empty payload) or a barrier this announcer sent. */
  notified(payload: string): void;
  /**
   * Whether the database's notifications are being heard, and how to send a barrier (undefined:
   * notifications arrive before their COMMIT returns, see server/database.ts). While not listening
   * every subscription is ended and new ones are refused, so gateways' leases lapse.
   */
  setListening(listening: boolean, notify: ((payload: string) => Promise<unknown>) | undefined): void;
  /** `GET /changes` and `POST /changes/confirm`. */
  serve(app: Express): void;
  /** A plugin that holds every mutation's answer until the changes it committed are announced (see `settleCommitted`). */
  plugin(): ApolloServerPlugin<BaseContext>;
  /**
   * The process is stopping: new mutations and subscriptions are refused (503), the mutations in
   * flight are let finish, their answers released by the gateways' confirmations, which still get
   * in (the server still accepts connections), and then every subscription ends. Resolves then,
   * at most a lease, its margin and a heartbeat (4.5 s) later; the server may stop after it.
   * Calling it again returns the same stop.
   */
  close(): Promise<void>;
}

/**
 * Announces a subgraph's changes to the gateways that subscribed (the protocol:
 * server/change-stream.ts). A mutation is announced by the plugin before its answer leaves, so
 * the write is acknowledged only once every live gateway knows; every other committed write (the
 * seed script, an operator's SQL) reaches `announce` through the database's NOTIFY.
 */
export function createChangeAnnouncer(secret: string): ChangeAnnouncer {
  const epoch = randomUUID();
  let counter = 0;
  let listening = false;
  let notify: ((payload: string) => Promise<unknown>) | undefined;
  let settled = 0;
  const subscribers = new Map<string, Subscriber>();

  const message = () => `data: ${JSON.stringify({ epoch, counter })}\n\n`;
  const send = () => {
    for (const subscriber of subscribers.values()) subscriber.stream.write(message());
  };
  /** When the lease of the last dropped subscriber lapses (performance.now()); announcements wait for it. */
  let droppedLeasesLapse = 0;
  const drop = (id: string, subscriber: Subscriber) => {
    if (subscribers.get(id) !== subscriber) return;
    subscribers.delete(id);
    subscriber.stream.end();
    // The gateway may still trust its last lease: its waiters are released only once that lapsed.
    const lapse = subscriber.confirmedAt + LEASE_MS + LEASE_MARGIN_MS;
    droppedLeasesLapse = Math.max(droppedLeasesLapse, lapse);
    setTimeout(
      () => {
        for (const waiter of subscriber.waiting) waiter.done();
      },
      Math.max(0, lapse - performance.now()),
    ).unref();
  };
  /** The stop, once `close` was called. */
  let closing: Promise<void> | undefined;
  /** Mutations let through and not yet answered, and what `close` waits on to learn that none is left. */
  let mutationsInFlight = 0;
  let noMutationInFlight: (() => void) | undefined;
  let ticks = 0;
  const tick = setInterval(() => {
    const lapsed = performance.now() - LEASE_MS - LEASE_MARGIN_MS;
    for (const [id, subscriber] of subscribers) if (subscriber.confirmedAt < lapsed) drop(id, subscriber);
    ticks += 1;
    if (listening && ticks % 4 === 0) send();
  }, HEARTBEAT_MS / 4);
  tick.unref();

  let latest: Promise<void> = Promise.resolve();
  const barriers = new Map<string, () => void>();

  const announce = async () => {
    counter += 1;
    const announced = counter;
    send();
    const untilDroppedLeasesLapse = droppedLeasesLapse - performance.now();
    await Promise.all([
      ...[...subscribers.values()].map((subscriber) =>
        subscriber.confirmed >= announced
          ? undefined
          : new Promise<void>((done) => subscriber.waiting.push({ counter: announced, done })),
      ),
      untilDroppedLeasesLapse > 0 ? sleep(untilDroppedLeasesLapse) : undefined,
    ]);
    settled += 1;
  };

  /**
   * Resolves once every change committed so far is announced and settled. PostgreSQL delivers
   * notifications in commit order, so once a barrier sent now comes back, the notifications of
   * every earlier commit have arrived and started their announcements. A mutation that changed
   * nothing (refused) so costs one NOTIFY, not a round to the gateways. Without a listening
   * connection (or a barrier that does not return), it announces anyway.
   */
  const settleCommitted = async () => {
    if (listening && !notify) return latest;
    if (listening && notify) {
      const send = notify;
      const token = `barrier:${randomUUID()}`;
      const ok = await new Promise<boolean>((resolve) => {
        barriers.set(token, () => resolve(true));
        setTimeout(() => resolve(false), BARRIER_TIMEOUT_MS).unref();
        // Raced against the timeout, never awaited alone: a listening connection that died (or hangs)
        // after the mutation committed must neither fail the committed write nor hold later ones.
        send(token).catch(() => resolve(false));
      });
      barriers.delete(token);
      if (ok) return latest;
    }
    return announce();
  };

  return {
    version: () => ({ epoch, counter }),
    notified(payload) {
      if (payload === '') latest = announce();
      else barriers.get(payload)?.();
    },
    settledAnnouncements: () => settled,
    announce,
    setListening(now, send) {
      const resumed = now && !listening;
      listening = now;
      notify = send;
      // Without notifications no change would be announced: no gateway may keep or take a lease.
      if (!now) for (const [id, subscriber] of subscribers) drop(id, subscriber);
      // Writes made while nobody listened were not announced; one announcement covers them all.
      if (resumed) latest = announce();
    },
    serve(app) {
      app.get(CHANGE_STREAM_PATH, (req, res) => {
        const id = verifiedSubscriber(secret, (name) => req.get(name));
        if (id && (!listening || closing !== undefined)) {
          notListening(res);
          return;
        }
        if (!id) {
          const { message, extensions } = gatewaySignatureRequired('Only the hub’s gateway may subscribe to changes');
          res.status(403).json({ errors: [{ message, extensions: { code: extensions.code } }] });
          return;
        }
        const previous = subscribers.get(id);
        if (previous) drop(id, previous);
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
        const subscriber: Subscriber = { stream: res, confirmed: 0, confirmedAt: performance.now(), waiting: [] };
        subscribers.set(id, subscriber);
        res.write(message());
        req.on('close', () => drop(id, subscriber));
      });
      app.post(CHANGE_CONFIRM_PATH, express.json({ limit: '1kb' }), (req, res) => {
        const confirmation = verifiedConfirmation(secret, req.body);
        if (confirmation && !listening) {
          notListening(res);
          return;
        }
        const subscriber = confirmation && subscribers.get(confirmation.subscriber);
        if (!confirmation || !subscriber) {
          const { message, extensions } = notFound('No such subscription to changes (a new one is needed)');
          res.status(404).json({ errors: [{ message, extensions: { code: extensions.code } }] });
          return;
        }
        subscriber.confirmedAt = performance.now();
        if (confirmation.epoch === epoch && confirmation.counter > subscriber.confirmed) {
          subscriber.confirmed = confirmation.counter;
          const [done, still] = partition(subscriber.waiting, (waiter) => waiter.counter <= confirmation.counter);
          subscriber.waiting = still;
          for (const waiter of done) waiter.done();
        }
        res.status(204).end();
      });
    },
    plugin: () => ({
      async requestDidStart() {
        let letThrough = false;
        return {
          async didResolveOperation({ operation }) {
            if (operation?.operation !== 'mutation') return;
            // After the streams end no gateway could confirm its write: refused before it runs.
            if (closing !== undefined) throw stopping('The subgraph is stopping; try again shortly');
            letThrough = true;
            mutationsInFlight += 1;
          },
          async willSendResponse() {
            if (!letThrough) return;
            try {
              await settleCommitted();
            } finally {
              mutationsInFlight -= 1;
              if (mutationsInFlight === 0) noMutationInFlight?.();
            }
          },
        };
      },
    }),
    close() {
      closing ??= (async () => {
        if (mutationsInFlight > 0) {
          const boundPassed = new AbortController();
          await Promise.race([
            new Promise<void>((resolve) => (noMutationInFlight = resolve)),
            // A held answer waits at most a lease and its margin for its confirmations; a heartbeat more for it to leave.
            sleep(LEASE_MS + LEASE_MARGIN_MS + HEARTBEAT_MS, undefined, { signal: boundPassed.signal }).catch(() => {}),
          ]);
          boundPassed.abort();
        }
        clearInterval(tick);
        for (const [id, subscriber] of subscribers) drop(id, subscriber);
      })();
      return closing;
    },
  };
}

/** While the database's notifications are not heard, no gateway may subscribe or renew a lease. */
function notListening(res: Response): void {
  res.status(503).json({
    errors: [
      { message: 'Changes are not being heard; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } },
    ],
  });
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

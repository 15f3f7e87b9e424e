import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import express, { type Express, type Response } from 'express';
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
  /** Whether the database's notifications are being heard; without them no heartbeat is sent, so gateways' leases lapse. */
  setListening(listening: boolean): void;
  /** `GET /changes` and `POST /changes/confirm`. */
  serve(app: Express): void;
  /** A plugin that announces after every mutation that answered with data, before its answer is sent. */
  plugin(): ApolloServerPlugin<BaseContext>;
  /** Ends every subscription (the process is stopping). */
  close(): void;
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
  let settled = 0;
  const subscribers = new Map<string, Subscriber>();

  const message = () => `data: ${JSON.stringify({ epoch, counter })}\n\n`;
  const send = () => {
    for (const subscriber of subscribers.values()) subscriber.stream.write(message());
  };
  const drop = (id: string, subscriber: Subscriber) => {
    if (subscribers.get(id) !== subscriber) return;
    subscribers.delete(id);
    subscriber.stream.end();
    for (const waiter of subscriber.waiting) waiter.done();
  };
  let ticks = 0;
  const tick = setInterval(() => {
    const lapsed = performance.now() - LEASE_MS - LEASE_MARGIN_MS;
    for (const [id, subscriber] of subscribers) if (subscriber.confirmedAt < lapsed) drop(id, subscriber);
    ticks += 1;
    if (listening && ticks % 4 === 0) send();
  }, HEARTBEAT_MS / 4);
  tick.unref();

  const announce = async () => {
    counter += 1;
    const announced = counter;
    send();
    await Promise.all(
      [...subscribers.values()].map((subscriber) =>
        subscriber.confirmed >= announced
          ? undefined
          : new Promise<void>((done) => subscriber.waiting.push({ counter: announced, done })),
      ),
    );
    settled += 1;
  };

  return {
    version: () => ({ epoch, counter }),
    settledAnnouncements: () => settled,
    announce,
    setListening(now) {
      const resumed = now && !listening;
      listening = now;
      // Writes made while nobody listened were not announced; one announcement covers them all.
      if (resumed) void announce();
    },
    serve(app) {
      app.get(CHANGE_STREAM_PATH, (req, res) => {
        const id = verifiedSubscriber(secret, (name) => req.get(name));
        if (!id) {
          res.status(401).json({
            errors: [
              { message: 'Only the hub’s gateway may subscribe', extensions: { code: 'GATEWAY_SIGNATURE_REQUIRED' } },
            ],
          });
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
        const subscriber = confirmation && subscribers.get(confirmation.subscriber);
        if (!confirmation || !subscriber) {
          res.status(404).json({ errors: [{ message: 'No such subscription', extensions: { code: 'NOT_FOUND' } }] });
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
        return {
          async willSendResponse({ operation, response }) {
            // A refused mutation answers with no data at all and changed nothing. (One that committed and then
            // failed as a whole is still announced, by the database's notification.)
            const answered = response.body.kind !== 'single' || response.body.singleResult.data != null;
            if (operation?.operation === 'mutation' && answered) await announce();
          },
        };
      },
    }),
    close() {
      clearInterval(tick);
      for (const [id, subscriber] of subscribers) drop(id, subscriber);
    },
  };
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

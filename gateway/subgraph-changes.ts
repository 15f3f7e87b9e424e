import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import {
  CHANGE_CONFIRM_PATH,
  CHANGE_STREAM_PATH,
  type ChangeVersion,
  LEASE_MS,
  signedConfirmation,
  subscriptionHeaders,
  versionText,
} from '../server/change-stream.js';

/** What the gateway knows of each subgraph's changes (the protocol: server/change-stream.ts). */
export interface SubgraphChanges {
  /**
   * The version of the subgraph that a cached entry built from it must carry to be served now, or
   * null while the gateway holds no live lease on it (then no cached entry of it is served).
   */
  liveVersion(subgraph: string): string | null;
  /** `liveVersion` of every subgraph at once. */
  liveVersions(): Map<string, string | null>;
  /** Subscribes to a subgraph's changes (its GraphQL URL), resubscribing whenever the stream ends. */
  follow(subgraph: string, url: string): void;
  stop(): void;
}

interface Subscription {
  known: ChangeVersion | null;
  /** Until when (performance.now()) the gateway may trust `known`. */
  leaseUntil: number;
}

/** The gateway's subscriptions to its subgraphs' change streams, one per subgraph it follows. */
export function subgraphChangeSubscriptions(secret: string): SubgraphChanges {
  const subscriber = randomUUID();
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const stopping = new AbortController();
  const subscriptions = new Map<string, Subscription>();

  const confirm = async (subscription: Subscription, url: string, version: ChangeVersion) => {
    const sentAt = performance.now();
    try {
      const { statusCode, body } = await request(new URL(CHANGE_CONFIRM_PATH, url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(signedConfirmation(secret, subscriber, version)),
        dispatcher: agent,
        signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(LEASE_MS)]),
      });
      await body.dump();
      if (statusCode === 204) subscription.leaseUntil = Math.max(subscription.leaseUntil, sentAt + LEASE_MS);
    } catch {
      // No lease from this one; the next heartbeat tries again.
    }
  };

  const follow = async (name: string, url: string) => {
    if (subscriptions.has(name)) return;
    const subscription: Subscription = { known: null, leaseUntil: 0 };
    subscriptions.set(name, subscription);
    while (!stopping.signal.aborted) {
      try {
        const { statusCode, body } = await request(new URL(CHANGE_STREAM_PATH, url), {
          method: 'GET',
          headers: subscriptionHeaders(secret, subscriber),
          dispatcher: agent,
          signal: stopping.signal,
          // Heartbeats come every second; a stream silent for longer than a lease is dead.
          bodyTimeout: LEASE_MS,
        });
        if (statusCode !== 200) {
          await body.dump();
          throw new Error(`change stream answered ${statusCode}`);
        }
        body.setEncoding('utf8');
        let buffer = '';
        for await (const chunk of body) {
          buffer += chunk as string;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
            buffer = buffer.slice(end + 2);
            if (!data) continue;
            // Entries must match the new version before the subgraph hears that this gateway knows it.
            const version = JSON.parse(data) as ChangeVersion;
            subscription.known = version;
            void confirm(subscription, url, version);
          }
        }
      } catch {
        // Refused, cut or stopped: resubscribe below.
      }
      subscription.known = null;
      subscription.leaseUntil = 0;
      await sleep(500, undefined, { signal: stopping.signal }).catch(() => {});
    }
  };

  const liveVersion = (name: string) => {
    const subscription = subscriptions.get(name);
    if (!subscription?.known || performance.now() >= subscription.leaseUntil) return null;
    return versionText(subscription.known);
  };
  return {
    liveVersion,
    liveVersions: () => new Map([...subscriptions.keys()].map((name) => [name, liveVersion(name)])),
    follow: (name, url) => void follow(name, url),
    stop() {
      stopping.abort();
      void agent.close();
    },
  };
}

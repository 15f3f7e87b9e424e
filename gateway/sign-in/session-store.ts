import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/**
 * Where the gateway keeps sign-in state: sessions (with the user's tokens, which never leave the
 * server) and sign-ins under way (state, nonce, PKCE verifier). In memory for one gateway process;
 * in Redis (SESSION_REDIS_URL) when several gateways serve the same hub, so a browser may reach any
 * of them. Server-side rather than in an encrypted cookie: an access, a refresh and an ID token
 * together outgrow a 4 KB cookie, and a sign-out must end the session for every process at once.
 */
export interface SessionStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** Reads and deletes at once: a sign-in's state can be used only once, even by two gateways racing. */
  take<T>(key: string): Promise<T | undefined>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

export function memorySessionStore(maxEntries = 100_000): SessionStore {
  const entries = new LRUCache<string, string>({ max: maxEntries, ttlAutopurge: false });
  return {
    get: async (key) => {
      const value = entries.get(key);
      return value === undefined ? undefined : JSON.parse(value);
    },
    set: async (key, value, ttlSeconds) => {
      entries.set(key, JSON.stringify(value), { ttl: ttlSeconds * 1000 });
    },
    take: async (key) => {
      const value = entries.get(key);
      entries.delete(key);
      return value === undefined ? undefined : JSON.parse(value);
    },
    delete: async (key) => {
      entries.delete(key);
    },
    close: async () => entries.clear(),
  };
}

export function redisSessionStore(url: string, prefix = 'loftesnavet:sign-in:'): SessionStore {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const parsed = (value: string | null) => (value === null ? undefined : JSON.parse(value));
  return {
    get: async (key) => parsed(await redis.get(prefix + key)),
    set: async (key, value, ttlSeconds) => {
      await redis.set(prefix + key, JSON.stringify(value), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    take: async (key) => parsed(await redis.getdel(prefix + key)),
    delete: async (key) => {
      await redis.del(prefix + key);
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

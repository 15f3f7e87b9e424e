import { Client, cacheExchange, fetchExchange } from '@urql/preact';

/**
 * The one GraphQL client of the pages. urql's document cache: each page asks its own documents
 * (one per kommun, see kommun-documents.ts), a partial result is cached whole with its errors,
 * and a write invalidates every cached result holding its type (`FollowUp`, `Activity`).
 * A normalised cache would need the schema's six per-kommun types and the interface spelled out
 * for little gain here.
 */
export const TOKEN_KEY = 'loftesnavet-token';

export const client = new Client({
  url: '/graphql',
  exchanges: [cacheExchange, fetchExchange],
  requestPolicy: 'cache-and-network',
  // POST, never GET: the hub's CSRF prevention refuses GET queries without a preflight header.
  preferGetMethod: false,
  fetchOptions: () => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token ? { headers: { authorization: `Bearer ${token}` } } : {};
  },
});

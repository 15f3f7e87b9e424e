import { Client, cacheExchange, fetchExchange, makeOperation, mapExchange } from '@urql/preact';

/**
 * The one GraphQL client of the pages. urql's document cache: each page asks its own documents
 * (one per kommun, see kommun-documents.ts), a partial result is cached whole with its errors,
 * and a write invalidates every cached result holding its type (`FollowUp`, `Activity`).
 * A normalised cache would need the schema's six per-kommun types and the interface spelled out
 * for little gain here. Staff are signed in by the gateway's session cookie (session.tsx), which
 * the browser sends by itself: the pages hold no token.
 */

/**
 * Every document is a trusted document of the gateway (scripts/web-trusted-documents.ts): the
 * pages send its id, over Apollo's persisted-query protocol, instead of its text, so they work
 * under TRUSTED_DOCUMENTS_ONLY. The development server (`web:dev`, with hot reload) sends the texts: the
 * running gateway may not have documents edited since it started.
 */
const persistedDocuments = mapExchange({
  onOperation(operation) {
    const id = (operation.query as { __meta__?: { hash: string } }).__meta__?.hash;
    if (!id || import.meta.hot) return operation;
    const persistedQuery = { version: 1 as const, sha256Hash: id };
    return makeOperation(operation.kind, { ...operation, extensions: { ...operation.extensions, persistedQuery } });
  },
});

export const client = new Client({
  url: '/graphql',
  exchanges: [cacheExchange, persistedDocuments, fetchExchange],
  requestPolicy: 'cache-and-network',
  // POST, never GET: the hub's CSRF prevention refuses GET queries without a preflight header.
  preferGetMethod: false,
});

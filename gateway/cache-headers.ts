import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './subgraph-data-source.js';

/**
 * `Cache-Control` for an answer that HTTP caches may keep: a complete public answer may be kept
 * and revalidated by anyone, a member's only by the member's own client, and neither is used
 * without asking again (`no-cache`), so no cache serves it stale. Express adds the `ETag` and
 * answers a matching `If-None-Match` with 304 Not Modified.
 */
export function cacheControl(authenticated: boolean, complete: boolean): string {
  if (!complete) return 'no-store';
  return authenticated ? 'private, no-cache' : 'public, no-cache';
}

/** Cache headers on GET GraphQL requests (POST answers are not cacheable in HTTP). */
export function cacheHeaders(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      if (request.http?.method !== 'GET') return;
      return {
        async willSendResponse({ response }) {
          const complete = response.body.kind === 'single' && !response.body.singleResult.errors;
          response.http.headers.set('cache-control', cacheControl(contextValue.authorization !== undefined, complete));
          // The answer's content type follows `Accept` (GraphQL over HTTP).
          response.http.headers.set('vary', 'Authorization, Accept');
        },
      };
    },
  };
}

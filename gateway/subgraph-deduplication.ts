import type { SubgraphFetcher, SubgraphResponse } from './subgraph-fetcher.js';

/**
 * Merges identical subgraph queries in flight: a request to the same subgraph URL with the same
 * body (query, variables and the gateway's signature over them) and the same `Authorization`
 * waits for the one already on its way instead of sending another. Other headers (the request
 * id, trace context) do not part requests. Mutations and requests with an `Idempotency-Key` are
 * always sent on their own. Each waiter gets its own response: the body is text, parsed anew by
 * each reader, and its own copy of the headers.
 *
 * Requests are merged only at the same live change version of the subgraph (`liveVersion`, from
 * its change stream): a query sent after a write was acknowledged never joins one sent before
 * the write committed, because the acknowledgement waits until this gateway knows the new
 * version. Without a live version (no lease) nothing is merged. `onJoined` is told of every
 * request that waited for one already on its way instead of being sent (`/metrics`).
 */
export function deduplicated(
  fetcher: SubgraphFetcher,
  liveVersion: (url: string) => string | null,
  onJoined: () => void = () => {},
): SubgraphFetcher {
  const inFlight = new Map<string, Promise<SubgraphResponse>>();
  return async (url, init) => {
    const headers = init.headers ?? {};
    if (!isQuery(init.body) || headers['idempotency-key'] !== undefined) return fetcher(url, init);
    const version = liveVersion(url);
    if (version === null) return fetcher(url, init);
    const key = `${url}\n${version}\n${headers.authorization ?? ''}\n${init.body}`;
    let shared = inFlight.get(key);
    if (!shared) {
      shared = fetcher(url, init).finally(() => inFlight.delete(key));
      inFlight.set(key, shared);
    } else onJoined();
    const response = await shared;
    return { ...response, headers: new Headers(response.headers) };
  };
}

/** Apollo Gateway sends `{"query":"<operation>", ...}`; only an operation that is plainly a query is merged. */
function isQuery(body: string | undefined): boolean {
  return body !== undefined && (body.startsWith('{"query":"query') || body.startsWith('{"query":"{'));
}

import { type GraphQLResponse, postGraphQL } from './graphql.js';

/**
 * `clients` concurrent clients each send the operation again as soon as the previous answer
 * arrives, until `durationMs` has passed or `maxRequests` were sent. Bounded in time and count.
 */
export async function runLoad(
  url: string,
  query: string,
  {
    clients = 8,
    durationMs = 3_000,
    maxRequests = 5_000,
    headers = {},
  }: { clients?: number; durationMs?: number; maxRequests?: number; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse[]> {
  const responses: GraphQLResponse[] = [];
  const until = Date.now() + durationMs;
  let sent = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until && sent < maxRequests) {
        sent += 1;
        responses.push(await postGraphQL(url, query, {}, headers));
      }
    }),
  );
  return responses;
}

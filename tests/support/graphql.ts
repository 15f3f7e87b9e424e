import { SIGNATURE_EXTENSION, subgraphSecretFromEnv, subgraphSignature } from '../../server/subgraph-signature.js';

export interface GraphQLResponse<Data = Record<string, any>> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Posts a GraphQL operation over real HTTP and returns the parsed response. */
export async function postGraphQL<Data = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<Data>;
}

/** Posts to a subgraph as the gateway does, signed with the deployment's subgraph secret; returns the HTTP status too. */
export async function postSigned<Data = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<Data> & { status: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(signedBody(query, variables)),
  });
  return { ...((await response.json()) as GraphQLResponse<Data>), status: response.status };
}

/** A request body signed as the gateway signs it, with the deployment's subgraph secret. */
export function signedBody(query: string, variables?: Record<string, unknown>) {
  const signature = subgraphSignature(subgraphSecretFromEnv(), { query, variables });
  return { query, variables, extensions: { [SIGNATURE_EXTENSION]: signature } };
}

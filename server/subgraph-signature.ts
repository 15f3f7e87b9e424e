import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a subgraph knows a request comes from the hub's gateway: an HMAC-SHA256 over the request's
 * query and variables with a secret of the deployment (SUBGRAPH_SECRET), carried in the request's
 * `extensions["hmac-signature"]` in base64. This is Hive Gateway's upstream signature
 * (`hmacSignature: { secret }` in its configuration), so either gateway can call the subgraphs.
 * The signature proves who built the request, not who the user is: the user's own bearer token
 * still travels in `Authorization` and is verified by the subgraph as before.
 */
export const SIGNATURE_EXTENSION = 'hmac-signature';

/** Used only when SUBGRAPH_SECRET is not set outside production (`npm start` sets a fresh one). */
export const DEVELOPMENT_SUBGRAPH_SECRET = 'loftesnavet-development-only-subgraph-secret';

export function subgraphSecretFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SUBGRAPH_SECRET) return env.SUBGRAPH_SECRET;
  if (env.NODE_ENV === 'production')
    throw new Error('Set SUBGRAPH_SECRET (the gateway signs its subgraph requests with it) in production');
  return DEVELOPMENT_SUBGRAPH_SECRET;
}

export interface SignedParts {
  query?: string | undefined;
  variables?: Record<string, unknown> | undefined;
}

/** The signature of a request's query and variables. */
export function subgraphSignature(secret: string, request: SignedParts): string {
  return createHmac('sha256', secret).update(signedText(request)).digest('base64');
}

/** Whether `signature` is this deployment's signature of the request. */
export function isSignedBy(secret: string, request: SignedParts, signature: unknown): boolean {
  if (typeof signature !== 'string') return false;
  const expected = Buffer.from(subgraphSignature(secret, request));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What is signed, byte for byte as Hive Gateway signs it: `{query, variables}` as JSON with sorted keys, empty variables left out. */
function signedText({ query, variables }: SignedParts): string {
  return (
    stableJson({ query, variables: variables && Object.keys(variables).length > 0 ? variables : undefined }) ?? '{}'
  );
}

function stableJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item) ?? 'null').join(',')}]`;
  const fields = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const text = stableJson((value as Record<string, unknown>)[key]);
      return text === undefined ? [] : [`${JSON.stringify(key)}:${text}`];
    });
  return `{${fields.join(',')}}`;
}

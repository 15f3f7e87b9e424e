import { type Kommun, municipalityRootField } from '../../domain/region.js';
import { SIGNATURE_EXTENSION, subgraphSignature } from '../../server/subgraph-signature.js';
import { injectTraceContext } from '../../server/tracing.js';

/** Asks the owning kommun whether a commitment exists (and is public); throws when it cannot be asked. */
export type CommitmentCheck = (kommun: Kommun, commitmentId: string) => Promise<boolean>;

/**
 * Asks over HTTP, signed as the gateway signs (kommun subgraphs in production answer only signed
 * requests); `fetchKommun` is the subgraph test layer's way to reach an in-process kommun.
 */
export function commitmentCheckOverHttp(
  urls: Record<string, string>,
  subgraphSecret: string,
  { timeoutMs = 3_000, fetchKommun = fetch }: { timeoutMs?: number; fetchKommun?: typeof fetch } = {},
): CommitmentCheck {
  return async (kommun, commitmentId) => {
    const root = municipalityRootField(kommun);
    const request = {
      query: `query ($id: ID!) { ${root} { commitment(id: $id) { id } } }`,
      variables: { id: commitmentId },
    };
    const headers = new Headers({ 'content-type': 'application/json' });
    injectTraceContext(headers);
    const response = await fetchKommun(urls[kommun.slug]!, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        ...request,
        extensions: { [SIGNATURE_EXTENSION]: subgraphSignature(subgraphSecret, request) },
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`${kommun.organisation} answered HTTP ${response.status}`);
    const body = (await response.json()) as {
      data?: Record<string, { commitment: { id: string } | null }>;
      errors?: { message: string }[];
    };
    if (body.errors?.length || !body.data)
      throw new Error(`${kommun.organisation} answered: ${body.errors?.[0]?.message ?? 'no data'}`);
    return body.data[root]?.commitment?.id === commitmentId;
  };
}

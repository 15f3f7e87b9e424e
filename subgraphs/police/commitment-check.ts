import { municipalityRootField, type Kommun } from '../../domain/region.js';

/** Asks the owning kommun whether a commitment exists (and is public); throws when it cannot be asked. */
export type CommitmentCheck = (kommun: Kommun, commitmentId: string) => Promise<boolean>;

export function commitmentCheckOverHttp(urls: Record<string, string>, timeoutMs = 3_000): CommitmentCheck {
  return async (kommun, commitmentId) => {
    const root = municipalityRootField(kommun);
    const response = await fetch(urls[kommun.slug]!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query ($id: ID!) { ${root} { commitment(id: $id) { id } } }`, variables: { id: commitmentId } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`${kommun.organisation} answered HTTP ${response.status}`);
    const body = (await response.json()) as { data?: Record<string, { commitment: { id: string } | null }>; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(`${kommun.organisation} answered: ${body.errors?.[0]?.message ?? 'no data'}`);
    return body.data[root]?.commitment?.id === commitmentId;
  };
}

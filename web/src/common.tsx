import type { CombinedError } from '@urql/preact';

/** The PUBLISHED/ILLUSTRATIVE/ENTERED mark of a record's source. */
export function SourceLabel({ kind }: { kind: string }) {
  const text =
    kind === 'PUBLISHED' ? 'Publicerat' : kind === 'ILLUSTRATIVE' ? 'Illustrativt exempel' : 'Inmatat i navet';
  return <span class={`label label-${kind.toLowerCase()}`}>{text}</span>;
}

/** An error of a whole page's query, as a person reads it. */
export function LoadError({ error }: { error: CombinedError }) {
  const kommun = error.graphQLErrors.find((e) => e.extensions?.kommun)?.extensions?.kommun;
  return (
    <p role="alert" class="alert">
      {kommun
        ? `${String(kommun)} kommun kan inte nås just nu. Försök igen om en stund.`
        : error.networkError
          ? 'Navet kan inte nås just nu. Försök igen om en stund.'
          : 'Uppgifterna kunde inte hämtas.'}
    </p>
  );
}

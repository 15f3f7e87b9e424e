import type { TypedDocumentNode } from '@urql/preact';
import type { DocumentNode } from 'graphql';
import kommunDocumentIds from '../generated/kommun-document-ids.json';
import { retargetDocument } from './kommun-root-field.ts';

/**
 * Every kommun has its own root field (`umea`, `vannas`, …) with the same fields. The documents
 * under operations/ are written for `umea`; this points one at another kommun's root field and
 * keeps `umea` as the alias, so the generated result types hold for every kommun. Memoised, so
 * urql sees one document per kommun and caches each apart.
 * `municipality(code:)` reaches any kommun with one document too, but only with the fields of the
 * `Municipality` interface; `promise(id:)`, `citizenReport(promiseId:)` and the writes are the kommun's own.
 * Each variant is a trusted document of its own: its id (`__meta__.hash`, see client.ts) comes
 * from the ids scripts/web-trusted-documents.ts made; without one, the page sends its text.
 */
const retargeted = new WeakMap<DocumentNode, Map<string, DocumentNode>>();
const variantIds: Record<string, Record<string, string> | undefined> = kommunDocumentIds;

export function forKommun<Result, Variables>(
  document: TypedDocumentNode<Result, Variables>,
  slug: string,
): TypedDocumentNode<Result, Variables> {
  const bySlug = retargeted.get(document) ?? new Map<string, DocumentNode>();
  retargeted.set(document, bySlug);
  let copy = bySlug.get(slug);
  if (!copy) {
    const { __meta__, ...written } = document as DocumentNode & { __meta__?: { hash: string } };
    const hash = __meta__ && variantIds[__meta__.hash]?.[slug];
    copy = { ...retargetDocument(written, slug), ...(hash && { __meta__: { hash } }) };
    bySlug.set(slug, copy);
  }
  return copy as TypedDocumentNode<Result, Variables>;
}

import type { TypedDocumentNode } from '@urql/preact';
import type { DocumentNode, FieldNode, OperationDefinitionNode } from 'graphql';

/**
 * Every kommun has its own root field (`umea`, `vannas`, …) with the same fields. The documents
 * under operations/ are written for `umea`; this points one at another kommun's root field and
 * keeps `umea` as the alias, so the generated result types hold for every kommun. Memoised, so
 * urql sees one document per kommun and caches each apart.
 * `municipality(code:)` reaches any kommun with one document too, but only with the fields of the
 * `Municipality` interface; `promise(id:)`, `citizenReport(promiseId:)` and the writes are the kommun's own.
 */
const retargeted = new WeakMap<DocumentNode, Map<string, DocumentNode>>();

export function forKommun<Result, Variables>(
  document: TypedDocumentNode<Result, Variables>,
  slug: string,
): TypedDocumentNode<Result, Variables> {
  const bySlug = retargeted.get(document) ?? new Map<string, DocumentNode>();
  retargeted.set(document, bySlug);
  let copy = bySlug.get(slug);
  if (!copy) {
    copy = retargetDocument(document, slug);
    bySlug.set(slug, copy);
  }
  return copy as TypedDocumentNode<Result, Variables>;
}

/**
 * The document pointed at the kommun's root field. Its `__meta__` (the persisted document's id,
 * see client.ts) names the kommun too: the variant is a trusted document of its own
 * (scripts/web-trusted-documents.ts makes every variant with this function).
 */
export function retargetDocument(document: DocumentNode, slug: string): DocumentNode {
  const meta = (document as { __meta__?: Record<string, unknown> }).__meta__;
  return {
    ...document,
    ...(meta && { __meta__: { ...meta, kommun: slug } }),
    definitions: document.definitions.map((definition) =>
      definition.kind === 'OperationDefinition' ? retargetOperation(definition, slug) : definition,
    ),
  } as DocumentNode;
}

function retargetOperation(operation: OperationDefinitionNode, slug: string): OperationDefinitionNode {
  const selections = operation.selectionSet.selections.map((selection) =>
    selection.kind === 'Field' && selection.name.value === 'umea'
      ? ({
          ...selection,
          alias: { kind: 'Name' as FieldNode['name']['kind'], value: 'umea' },
          name: { ...selection.name, value: slug },
        } as FieldNode)
      : selection,
  );
  return { ...operation, selectionSet: { ...operation.selectionSet, selections } };
}

import type { DocumentNode, FieldNode, OperationDefinitionNode } from 'graphql';

/**
 * A document written for `umea` pointed at another kommun's root field, with `umea` kept as the
 * alias (see kommun-documents.ts). Used by the pages, and by scripts/web-trusted-documents.ts,
 * which makes every variant a trusted document: so it must stay free of the pages' own imports.
 */
export function retargetDocument(document: DocumentNode, slug: string): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.map((definition) =>
      definition.kind === 'OperationDefinition' ? retargetOperation(definition, slug) : definition,
    ),
  };
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

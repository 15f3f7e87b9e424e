import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type DocumentNode, Kind, type ValueNode, visit } from 'graphql';
import { checkCharacters } from '../../domain/validation.js';

/**
 * Refuses, before any resolver or SQL runs, every string in the operation (literals and
 * variables, ids included) that holds characters no field of the hub accepts (see
 * `checkCharacters`), with BAD_USER_INPUT naming the argument, e.g. `id` or `input.title`.
 * The gateway and every subgraph apply it, so a caller gets the same answer either way.
 */
export function refuseForbiddenCharacters(): ApolloServerPlugin<BaseContext> {
  // Apollo hands every request of a document it has cached the same parsed document: its literals were checked once.
  const checkedDocuments = new WeakMap<DocumentNode, Map<string, string>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let argumentOf = checkedDocuments.get(document);
          if (!argumentOf) {
            argumentOf = checkLiteralsAndFindVariables(document);
            checkedDocuments.set(document, argumentOf);
          }
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            checkValue(value, argumentOf.get(name) ?? `$${name}`);
          }
        },
      };
    },
  };
}

/** Checks every string literal of the document's arguments; returns the argument each variable is given to. */
function checkLiteralsAndFindVariables(document: DocumentNode): Map<string, string> {
  const argumentOf = new Map<string, string>();
  const walk = (node: ValueNode, path: string): void => {
    if (node.kind === Kind.STRING || node.kind === Kind.ENUM) checkCharacters(node.value, path);
    else if (node.kind === Kind.LIST) {
      for (const [i, item] of node.values.entries()) walk(item, `${path}[${i}]`);
    } else if (node.kind === Kind.OBJECT)
      for (const field of node.fields) walk(field.value, `${path}.${field.name.value}`);
    else if (node.kind === Kind.VARIABLE && !argumentOf.has(node.name.value)) argumentOf.set(node.name.value, path);
  };
  visit(document, {
    enter(node) {
      if (node.kind === Kind.ARGUMENT) walk(node.value, node.name.value);
    },
  });
  return argumentOf;
}

function checkValue(value: unknown, path: string): void {
  if (typeof value === 'string') checkCharacters(value, path);
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkValue(item, `${path}[${i}]`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      checkCharacters(key, path);
      checkValue(item, `${path}.${key}`);
    }
  }
}

import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type GraphQLObjectType, type GraphQLSchema, valueFromASTUntyped } from 'graphql';
import { badUserInput, tooManyRepresentations } from '../../domain/errors.js';
import { rootFields } from './root-fields.js';

/**
 * Checks `_entities` requests before they run: at most `maxRepresentations` representations (one
 * request of 20 000 copies once grew a subgraph by 3 GB), and each `__typename` an entity of this
 * subgraph (@apollo/subgraph throws a plain Error, an INTERNAL_SERVER_ERROR, for any other).
 */
export function checkEntityRequests(
  schema: GraphQLSchema,
  maxRepresentations: number,
): ApolloServerPlugin<BaseContext> {
  const entityTypes = entityTypeNames(schema);
  const hasEntities = Boolean(schema.getQueryType()?.getFields()._entities);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!hasEntities || operation?.operation !== 'query') return;
          for (const field of rootFields(operation, document)) {
            if (field.name.value !== '_entities') continue;
            const argument = field.arguments?.find((a) => a.name.value === 'representations');
            // Validation has made sure it is there and a list; untyped, because @apollo/subgraph's types come from another copy of graphql.
            const value = argument ? valueFromASTUntyped(argument.value, request.variables ?? {}) : [];
            const representations: unknown[] = Array.isArray(value) ? value : [value];
            if (representations.length > maxRepresentations)
              throw tooManyRepresentations(representations.length, maxRepresentations);
            representations.forEach((representation, i) => {
              const typename = (representation as { __typename?: unknown } | null)?.__typename;
              if (typeof typename !== 'string' || !entityTypes.has(typename)) {
                throw badUserInput(
                  `representations[${i}].__typename: ${JSON.stringify(typename ?? null)} is not an entity of this subgraph`,
                  `representations[${i}].__typename`,
                );
              }
            });
          }
        },
      };
    },
  };
}

/** The `_Entity` union's members and the entity interfaces they implement. */
function entityTypeNames(schema: GraphQLSchema): Set<string> {
  const union = schema.getType('_Entity') as { getTypes?: () => GraphQLObjectType[] } | undefined;
  const members = union?.getTypes?.() ?? [];
  return new Set([
    ...members.map((type) => type.name),
    ...members.flatMap((type) => type.getInterfaces().map((i) => i.name)),
  ]);
}

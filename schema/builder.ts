import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';

/** What every subgraph's Pothos builder has in common; `Context` is the subgraph's own. */
export interface SubgraphSchemaTypes<Context extends object> {
  Context: Context;
  // Composition fails on nullability mismatches between subgraphs, so everything is
  // non-null unless a field says otherwise (docs/architecture.md).
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
    Date: { Input: string; Output: string };
    DateTime: { Input: never; Output: Date | string };
    JSON: { Input: never; Output: unknown };
  };
  Directives: {
    external: { locations: 'FIELD_DEFINITION'; args: Record<string, never> };
  };
}

export type SubgraphTypes<Context extends object> = PothosSchemaTypes.ExtendDefaultTypes<SubgraphSchemaTypes<Context>>;
export type SubgraphBuilder<Context extends object> = PothosSchemaTypes.SchemaBuilder<SubgraphTypes<Context>>;

export function createSubgraphBuilder<Context extends object>(): SubgraphBuilder<Context> {
  return new SchemaBuilder<SubgraphSchemaTypes<Context>>({
    plugins: [DirectivesPlugin, FederationPlugin],
    defaultFieldNullability: false,
  });
}

/** Federation spec every subgraph links: 2.3 is the first with `@key` on interfaces. */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.3';

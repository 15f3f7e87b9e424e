import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Limits every server of the hub applies to incoming requests; each has a safe default and an
 * environment variable to change it.
 */
export interface ServerLimits {
  /** Deepest selection set (GRAPHQL_MAX_DEPTH, default 15; the regional query is 6 deep). */
  maxDepth: number;
  /** Aliases in one operation (GRAPHQL_MAX_ALIASES, default 30). */
  maxAliases: number;
  /** Estimated cost of one operation, GraphQL Armor's measure (GRAPHQL_MAX_COST, default 5000). */
  maxCost: number;
  /** Tokens in one operation document (GRAPHQL_MAX_TOKENS, default 5000). */
  maxTokens: number;
  /** Directives in one operation (GRAPHQL_MAX_DIRECTIVES, default 50). */
  maxDirectives: number;
  /** Representations in one `_entities` request to a subgraph (GRAPHQL_MAX_REPRESENTATIONS, default 2000). */
  maxRepresentations: number;
  /** Largest request body (MAX_BODY_BYTES, default 1 MiB); larger ones get HTTP 413. */
  maxBodyBytes: number;
  /** NODE_ENV=production: no stack traces, no landing page, no field suggestions, unexpected errors masked. */
  production: boolean;
  /** Introspection: on outside production; in production only with INTROSPECTION=true. */
  introspection: boolean;
}

function whole(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : fallback;
}

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerLimits {
  const production = env.NODE_ENV === 'production';
  return {
    maxDepth: whole(env.GRAPHQL_MAX_DEPTH, 15),
    maxAliases: whole(env.GRAPHQL_MAX_ALIASES, 30),
    maxCost: whole(env.GRAPHQL_MAX_COST, 5_000),
    maxTokens: whole(env.GRAPHQL_MAX_TOKENS, 5_000),
    maxDirectives: whole(env.GRAPHQL_MAX_DIRECTIVES, 50),
    maxRepresentations: whole(env.GRAPHQL_MAX_REPRESENTATIONS, 2_000),
    maxBodyBytes: whole(env.MAX_BODY_BYTES, 1_048_576),
    production,
    introspection: production ? env.INTROSPECTION === 'true' : env.INTROSPECTION !== 'false',
  };
}

/** GraphQL Armor's plugins and validation rules for these limits. */
export function armorFor(limits: ServerLimits) {
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxCost },
    // Tokens are limited by graphql-js's own parser option instead (a 400, where Armor's check gives a 500).
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    blockFieldSuggestion: { enabled: limits.production },
  }).protect();
}

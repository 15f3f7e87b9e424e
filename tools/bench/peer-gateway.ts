import { createGatewayRuntime } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';

/**
 * The peer gateway: Hive Gateway (MIT) with the Rust query planner of Hive Router
 * (`@graphql-hive/router-runtime`, MIT, a native addon shipped inside the npm package), serving a
 * supergraph against the hub's subgraphs, signing its subgraph requests as the hub's gateway
 * does (`hmacSignature`, see server/subgraph-signature.ts). Its JavaScript planner cannot plan the
 * regional query over the entity interface; the Rust one can. Used by the bench
 * (as a process: peer-gateway-server.ts) and the peer test (tests/system/peer-gateway.test.ts).
 */
export function createPeerGateway(options: {
  supergraph: string;
  subgraphSecret: string;
  /** Merge identical in-flight subgraph requests (Hive's default). */
  deduplicate: boolean;
}) {
  return createGatewayRuntime({
    supergraph: options.supergraph,
    unifiedGraphHandler,
    logging: false,
    hmacSignature: { secret: options.subgraphSecret },
    ...(!options.deduplicate && {
      transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
    }),
  });
}

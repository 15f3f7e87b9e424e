import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadRegion, subgraphUrls } from '../../domain/region.js';
import { withSubgraphUrls } from '../../scripts/supergraph.js';
import { supergraphFile } from '../../server/project-root.js';
import { subgraphSecretFromEnv } from '../../server/subgraph-signature.js';
import { createPeerGateway } from './peer-gateway.js';

/**
 * The peer gateway (Hive Gateway with the Rust planner) as its own process, for the bench.
 * PORT, SUPERGRAPH, SUBGRAPH_URL_*, SUBGRAPH_SECRET, DEDUPLICATE=false to switch off its
 * merging of identical in-flight subgraph requests.
 */
const region = loadRegion();
const deduplicate = process.env.DEDUPLICATE !== 'false';
const runtime = createPeerGateway({
  supergraph: withSubgraphUrls(readFileSync(process.env.SUPERGRAPH ?? supergraphFile, 'utf8'), subgraphUrls(region)),
  subgraphSecret: subgraphSecretFromEnv(),
  deduplicate,
});
const server = createServer(runtime);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(
    `hive gateway, rust planner (deduplication ${deduplicate ? 'on' : 'off'}) ready at http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql pid ${process.pid}`,
  );
});
process.once('SIGTERM', () => {
  void Promise.resolve(runtime.dispose()).finally(() => server.close(() => process.exit(0)));
});

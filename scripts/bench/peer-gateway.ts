import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { loadRegion, subgraphUrls } from '../../domain/region.js';
import { supergraphFile } from '../../server/project-root.js';
import { subgraphSecretFromEnv } from '../../server/subgraph-signature.js';
import { withSubgraphUrls } from '../supergraph.js';

/**
 * Hive Gateway (MIT) serving the same supergraph file against the same subgraphs, for the
 * benchmark's peer comparison. PORT, SUPERGRAPH, SUBGRAPH_URL_*, DEDUPLICATE=false to switch off
 * its (default) deduplication of identical in-flight subgraph requests.
 */
const region = loadRegion();
const supergraph = withSubgraphUrls(
  readFileSync(process.env.SUPERGRAPH ?? supergraphFile, 'utf8'),
  subgraphUrls(region),
);
const deduplicate = process.env.DEDUPLICATE !== 'false';
const runtime = createGatewayRuntime({
  supergraph,
  logging: false,
  // Signs subgraph requests as the hub's gateway does (SUBGRAPH_SECRET), see server/subgraph-signature.ts.
  hmacSignature: { secret: subgraphSecretFromEnv() },
  ...(!deduplicate && { transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } } }),
});
const server = createServer(runtime);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(
    `hive gateway (deduplication ${deduplicate ? 'on' : 'off'}) ready at http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql pid ${process.pid}`,
  );
});
process.once('SIGTERM', () => {
  void Promise.resolve(runtime.dispose()).finally(() => server.close(() => process.exit(0)));
});

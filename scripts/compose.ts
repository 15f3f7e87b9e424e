import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { region } from '../domain/region.js';
import { projectRoot, supergraphFile } from '../server/project-root.js';
import { composeSupergraph, subgraphSdlFile, subgraphSdlFolder, subgraphSdls } from './supergraph.js';

/**
 * `npm run compose`: writes `supergraph.graphql` and each subgraph's SDL (`subgraphs/sdl/`) from
 * the subgraphs' code. Commit the results; a test fails while any of them is stale.
 */
const supergraph = composeSupergraph(region); // throws on composition errors, before anything is written
const sdls = subgraphSdls(region);
writeFileSync(supergraphFile, supergraph);
// The SDL folder holds generated files only: emptied first, so a removed subgraph leaves no file behind.
rmSync(subgraphSdlFolder, { recursive: true, force: true });
mkdirSync(subgraphSdlFolder);
for (const { name, sdl } of sdls) writeFileSync(subgraphSdlFile(name), sdl);
console.log(
  `Wrote ${path.relative(projectRoot, supergraphFile)} and ${sdls.map(({ name }) => path.relative(projectRoot, subgraphSdlFile(name))).join(', ')}`,
);

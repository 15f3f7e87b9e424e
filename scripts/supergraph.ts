import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { defaultSubgraphUrl, type Region, subgraphName } from '../domain/region.js';
import { projectRoot } from '../server/project-root.js';
import { buildKommunSchema } from '../subgraphs/kommun/schema.js';
import { buildPoliceSchema } from '../subgraphs/police/schema.js';

export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/**
 * Where each subgraph's printed SDL is committed: beside the subgraphs' code, one file per
 * subgraph name, so a schema change shows in review as a readable diff per subgraph.
 */
export const subgraphSdlFolder = path.join(projectRoot, 'subgraphs', 'sdl');
export const subgraphSdlFile = (name: string) => path.join(subgraphSdlFolder, `${name}.graphql`);

/** Every subgraph's SDL, built from code: no server or database is needed. */
export function subgraphSdls(region: Region): SubgraphSdl[] {
  return [
    ...region.kommuner.map((kommun) => ({
      name: subgraphName(kommun),
      url: defaultSubgraphUrl(kommun),
      sdl: printSubgraphSchema(buildKommunSchema(kommun)),
    })),
    {
      name: subgraphName(region.policeArea),
      url: defaultSubgraphUrl(region.policeArea),
      sdl: printSubgraphSchema(buildPoliceSchema(region)),
    },
  ];
}

/** The supergraph with each named subgraph's URL replaced (for a gateway that reads URLs only from the file). */
export function withSubgraphUrls(supergraphSdl: string, urls: Record<string, string>): string {
  return Object.entries(urls).reduce(
    (sdl, [name, url]) => sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]+"`), `$1${url}"`),
    supergraphSdl,
  );
}

/** Composes the region's supergraph with `@apollo/composition`; throws with every composition error. */
export function composeSupergraph(region: Region): string {
  const result = composeServices(
    subgraphSdls(region).map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

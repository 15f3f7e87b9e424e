import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@theguild/federation-composition';
import { type ASTNode, parse, print, visit } from 'graphql';
import { expect, it } from 'vitest';
import { region } from '../../domain/region.js';
import { composeSupergraph, subgraphSdlFile, subgraphSdlFolder, subgraphSdls } from '../../scripts/supergraph.js';
import { projectRoot, supergraphFile } from '../../server/project-root.js';

const committed = readFileSync(supergraphFile, 'utf8');

it('the committed supergraph.graphql is what the subgraphs compose to now (else: npm run compose)', () => {
  // composeSupergraph throws with every composition error; a stale file fails with the diff.
  expect(committed, 'supergraph.graphql is stale: run `npm run compose` and commit it').toBe(composeSupergraph(region));
});

it('each committed subgraphs/sdl/<name>.graphql is what that subgraph prints now (else: npm run compose)', () => {
  const sdls = subgraphSdls(region);
  for (const { name, sdl } of sdls) {
    const file = subgraphSdlFile(name);
    const stale = `${path.relative(projectRoot, file)} is stale or missing: run \`npm run compose\` and commit it`;
    expect(existsSync(file) ? readFileSync(file, 'utf8') : undefined, stale).toBe(sdl);
  }
  const expectedFiles = sdls.map(({ name }) => path.basename(subgraphSdlFile(name))).sort();
  expect(
    readdirSync(subgraphSdlFolder).sort(),
    'subgraphs/sdl/ holds files of no subgraph: run `npm run compose`',
  ).toEqual(expectedFiles);
});

/** Prints a document with every list of definitions, fields, directives, ... in sorted order. */
function sortedPrint(sdl: string): string {
  const listKeys = ['definitions', 'fields', 'values', 'directives', 'arguments', 'interfaces', 'types', 'locations'];
  const sorted = visit(parse(sdl), {
    leave(node: ASTNode) {
      const copy: Record<string, unknown> = { ...node };
      for (const key of listKeys) {
        const list = copy[key];
        if (Array.isArray(list) && list.every((item) => typeof item === 'object' && 'kind' in item)) {
          copy[key] = [...list].sort((a, b) => print(a).localeCompare(print(b)));
        }
      }
      return copy as unknown as ASTNode;
    },
  });
  return print(sorted);
}

it('is plain Federation 2: The Guild’s composition of the same subgraph SDLs gives the same supergraph', () => {
  const guild = composeServices(
    subgraphSdls(region).map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
  );
  expect(guild.errors?.map((error) => error.message)).toBeUndefined();
  expect(sortedPrint(guild.supergraphSdl!)).toBe(sortedPrint(committed));
});

it('links Federation 2.3 in every subgraph and composes each kommun into its own type', () => {
  for (const { sdl } of subgraphSdls(region))
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3"');
  for (const kommun of region.kommuner) {
    expect(committed).toMatch(
      new RegExp(`join__Graph[^}]*${kommun.slug.toUpperCase()} @join__graph\\(name: "${kommun.slug}"`, 's'),
    );
  }
});

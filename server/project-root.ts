import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder: the nearest one above this file with a package.json. Found by
 * walking up, not by a fixed `..`, because the compiled copy of this file sits one level deeper
 * (`dist/server/`) than the TypeScript one that tsx runs.
 */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The committed supergraph the gateway serves, written by `npm run compose`. */
export const supergraphFile = path.join(projectRoot, 'supergraph.graphql');

/** The named report operations the gateway serves as trusted documents (`reports/<Operation>.graphql`). */
export const reportsFolder = path.join(projectRoot, 'reports');

function findProjectRoot(start: string): string {
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`No package.json in ${start} or any folder above it`);
  }
}

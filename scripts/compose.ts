import { writeFileSync } from 'node:fs';
import { region } from '../domain/region.js';
import { composeSupergraph } from './supergraph.js';

/** `npm run compose`: writes `supergraph.graphql` from the subgraphs' code. Commit the result. */
const file = new URL('../supergraph.graphql', import.meta.url);
writeFileSync(file, composeSupergraph(region));
console.log(`Wrote ${file.pathname}`);

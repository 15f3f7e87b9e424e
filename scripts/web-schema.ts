import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { printSchema } from 'graphql';
import { projectRoot, supergraphFile } from '../server/project-root.js';

/**
 * Prints the API schema of the committed supergraph (what clients see: no join__ or link__
 * machinery) to `web/generated/schema.graphql`, which GraphQL Code Generator types the web
 * front end's documents from. Part of `npm run build:web`; the output is not committed.
 */
const apiSchema = Supergraph.build(readFileSync(supergraphFile, 'utf8')).apiSchema().toGraphQLJSSchema();
const target = path.join(projectRoot, 'web/generated/schema.graphql');
mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, printSchema(apiSchema));
console.log(`Wrote ${path.relative(projectRoot, target)}`);

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, getNamedType, isObjectType, parse, print } from 'graphql';
import { documentId } from '../gateway/report-catalogue.js';
import { projectRoot } from '../server/project-root.js';
import { retargetDocument } from '../web/src/kommun-root-field.js';

/**
 * The web pages' documents as trusted documents. GraphQL Code Generator wrote each document of
 * web/src/operations with its id (`persisted-documents.json`); the pages also send each document
 * that is written for `umea` pointed at every kommun's root field (kommun-documents.ts), so
 * every such variant is made here too, one per kommun root field of the API schema. Writes
 * - `web/generated/public/trusted-documents.json`: id → text of them all, which Vite copies into
 *   `dist/web/` and the gateway trusts beside reports/ (gateway/web-pages.ts);
 * - `web/generated/kommun-document-ids.json`: a document's id → kommun → its variant's id, for the pages.
 * Part of `npm run web:codegen`, after the codegen; the output is not committed.
 */
const generated = path.join(projectRoot, 'web/generated');
const documents: Record<string, string> = JSON.parse(
  readFileSync(path.join(generated, 'gql/persisted-documents.json'), 'utf8'),
);
const schema = buildSchema(readFileSync(path.join(generated, 'schema.graphql'), 'utf8'));
const municipality = schema.getType('Municipality');
const kommunRootFields = Object.values(schema.getQueryType()!.getFields())
  .filter((field) => {
    const type = getNamedType(field.type);
    return isObjectType(type) && type.getInterfaces().some((i) => i === municipality);
  })
  .map((field) => field.name);

const trusted: Record<string, string> = {};
const kommunDocumentIds: Record<string, Record<string, string>> = {};
for (const [id, text] of Object.entries(documents)) {
  if (documentId(text) !== id) throw new Error(`persisted-documents.json: ${id} is not the SHA-256 of its text`);
  trusted[id] = text;
  const document = parse(text);
  for (const slug of kommunRootFields) {
    const variant = print(retargetDocument(document, slug));
    if (variant === print(document)) break; // Not written for a kommun's root field.
    const variantId = documentId(variant);
    trusted[variantId] = variant;
    kommunDocumentIds[id] = { ...kommunDocumentIds[id], [slug]: variantId };
  }
}

mkdirSync(path.join(generated, 'public'), { recursive: true });
writeFileSync(path.join(generated, 'public/trusted-documents.json'), `${JSON.stringify(trusted, null, 2)}\n`);
writeFileSync(path.join(generated, 'kommun-document-ids.json'), `${JSON.stringify(kommunDocumentIds, null, 2)}\n`);
console.log(
  `Wrote ${Object.keys(trusted).length} trusted documents of the web pages (${Object.keys(documents).length} written, the rest per kommun)`,
);

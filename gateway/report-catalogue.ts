import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type DocumentNode, Kind, type OperationDefinitionNode, parse, print, type TypeNode } from 'graphql';
import { reportsFolder } from '../server/project-root.js';

/**
 * The named report operations: `reports/<Operation>.graphql`, one query each, named as its file.
 * They are the operations the hub promises to keep working, served as trusted documents: a
 * client sends a document's id (the SHA-256 of the file's text, as Apollo's persisted queries
 * hash a document) instead of its text, and `GET /reports/<Operation>.csv|.json` runs them.
 */
export interface ReportOperation {
  name: string;
  /** Hex SHA-256 of `text`. */
  id: string;
  /** The file's text, comments (the documented variables) included. */
  text: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

export interface ReportCatalogue {
  byName: ReadonlyMap<string, ReportOperation>;
  byId: ReadonlyMap<string, ReportOperation>;
}

export function documentId(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Reads and checks every `.graphql` file in the folder; a file that breaks the rules stops the gateway from starting. */
export function loadReportCatalogue(folder: string = reportsFolder): ReportCatalogue {
  const reports = readdirSync(folder)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => reportOperation(path.basename(file, '.graphql'), readFileSync(path.join(folder, file), 'utf8')));
  return { byName: new Map(reports.map((r) => [r.name, r])), byId: new Map(reports.map((r) => [r.id, r])) };
}

export function reportOperation(name: string, text: string): ReportOperation {
  const document = parse(text);
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length !== 1)
    throw new Error(`reports/${name}.graphql must hold exactly one operation, not ${operations.length}`);
  const operation = operations[0]!;
  if (operation.operation !== 'query')
    throw new Error(`reports/${name}.graphql must be a query: exports are plain GETs, read-only`);
  if (operation.name?.value !== name)
    throw new Error(
      `reports/${name}.graphql must name its operation ${name}, not ${operation.name?.value ?? '(anonymous)'}`,
    );
  return { name, id: documentId(text), text, document, operation };
}

/** The catalogue as an Apollo persisted query manifest (what `@apollo/persisted-query-lists` reads), served at `GET /reports`. */
export function persistedQueryManifest(catalogue: ReportCatalogue) {
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [...catalogue.byName.values()].map((r) => ({
      id: r.id,
      name: r.name,
      type: 'query',
      body: r.text,
      variables: (r.operation.variableDefinitions ?? []).map((v) => ({
        name: v.variable.name.value,
        type: print(v.type),
        required: v.type.kind === Kind.NON_NULL_TYPE,
      })),
    })),
  };
}

/** The named type under a variable's list and non-null wrappers, and whether it is a list. */
export function variableShape(type: TypeNode): { named: string; list: boolean } {
  const inner = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  if (inner.kind === Kind.LIST_TYPE) return { named: variableShape(inner.type).named, list: true };
  return { named: inner.kind === Kind.NAMED_TYPE ? inner.name.value : variableShape(inner).named, list: false };
}

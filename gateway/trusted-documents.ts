import type { ApolloServerPlugin } from '@apollo/server';
import { anonymous, mayRunOwnOperations } from '../domain/access.js';
import { trustedDocumentRequired } from '../domain/errors.js';
import { documentId, type ReportCatalogue } from './report-catalogue.js';
import type { GatewayContext } from './subgraph-data-source.js';

/** The documents the hub trusts, text by id (the hex SHA-256 of the text, as Apollo's persisted queries hash a document). */
export type TrustedDocuments = ReadonlyMap<string, string>;

/** The report operations and the web pages' documents (gateway/web-pages.ts's `loadWebDocuments`). */
export function trustedDocumentsOf(reports: ReportCatalogue, webDocuments: TrustedDocuments): TrustedDocuments {
  return new Map([...[...reports.byId].map(([id, report]) => [id, report.text] as const), ...webDocuments]);
}

/**
 * Serves the trusted documents over Apollo's persisted-query protocol: a request with
 * `extensions.persistedQuery.sha256Hash` set to a document's id and no `query` runs that
 * document; a request whose `query` is a trusted document's very text counts as trusted too.
 * With `trustedOnly` (TRUSTED_DOCUMENTS_ONLY=true in production), anonymous callers and readers
 * may run only those; editors and coordinators may still send their own operations.
 * This runs before Apollo Server's automatic persisted queries, so a document another caller
 * registered that way is not trusted.
 */
export function trustedDocuments(
  documents: TrustedDocuments,
  options: { trustedOnly: boolean },
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const hash = (request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      const byHash = typeof hash === 'string' ? documents.get(hash) : undefined;
      if (request.query === undefined && byHash !== undefined) request.query = byHash;
      const trusted = request.query !== undefined && documents.has(documentId(request.query));
      if (!options.trustedOnly || trusted || mayRunOwnOperations(contextValue.viewer ?? anonymous)) return;
      return {
        async didResolveOperation() {
          throw trustedDocumentRequired(
            'This hub accepts only its report operations and its web pages’ documents from anonymous callers: send a document id (GET /reports lists the reports), or an editor’s or coordinator’s token.',
          );
        },
      };
    },
  };
}

import type { ApolloServerPlugin } from '@apollo/server';
import { anonymous, mayRunOwnOperations } from '../domain/access.js';
import { trustedDocumentRequired } from '../domain/errors.js';
import { documentId, type ReportCatalogue } from './report-catalogue.js';
import type { GatewayContext } from './subgraph-data-source.js';

/**
 * Serves the report operations as trusted documents, over Apollo's persisted-query protocol: a
 * request with `extensions.persistedQuery.sha256Hash` set to a report's id and no `query` runs
 * that report. With `trustedOnly` (TRUSTED_DOCUMENTS_ONLY=true in production), anonymous callers
 * and readers may run only those; editors and coordinators may still send their own operations.
 * This runs before Apollo Server's automatic persisted queries, so a document another caller
 * registered that way is not trusted.
 */
export function trustedDocuments(
  catalogue: ReportCatalogue,
  options: { trustedOnly: boolean },
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const hash = (request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      const byHash = typeof hash === 'string' ? catalogue.byId.get(hash) : undefined;
      if (request.query === undefined && byHash) request.query = byHash.text;
      const trusted = request.query !== undefined && catalogue.byId.has(documentId(request.query));
      if (!options.trustedOnly || trusted || mayRunOwnOperations(contextValue.viewer ?? anonymous)) return;
      return {
        async didResolveOperation() {
          throw trustedDocumentRequired(
            'This hub accepts only its report operations from anonymous callers: send a document id (GET /reports lists them), or an editor’s or coordinator’s token.',
          );
        },
      };
    },
  };
}

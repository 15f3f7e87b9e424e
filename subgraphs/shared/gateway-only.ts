import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { gatewaySignatureRequired } from '../../domain/errors.js';
import { isSignedBy, SIGNATURE_EXTENSION } from '../../server/subgraph-signature.js';
import { rootFields } from './root-fields.js';

/** Root fields that exist for the gateway alone: the whole schema (`_service`) and entity fetches by key. */
const GATEWAY_FIELDS = new Set(['_service', '_entities']);

/**
 * Subgraphs answer the gateway: a request must carry this deployment's signature (see
 * `subgraph-signature.ts`) to use `_service` or `_entities`, and with `everyOperation` (the
 * default in production) to run anything at all. The user's bearer token is verified either way.
 */
export function requireGatewaySignature(
  secret: string,
  { everyOperation }: { everyOperation: boolean },
): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation, document }) {
          if (isSignedBy(secret, request, request.extensions?.[SIGNATURE_EXTENSION])) return;
          if (everyOperation) throw gatewaySignatureRequired('This subgraph answers only the hub’s gateway');
          const gatewayFields = operation
            ? rootFields(operation, document)
                .map((f) => f.name.value)
                .filter((name) => GATEWAY_FIELDS.has(name))
            : [];
          if (gatewayFields.length > 0)
            throw gatewaySignatureRequired(
              `${[...new Set(gatewayFields)].join(' and ')} answer only the hub’s gateway`,
            );
        },
      };
    },
  };
}

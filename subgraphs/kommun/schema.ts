import type { GraphQLSchema } from 'graphql';
import { createSubgraphBuilder, FEDERATION_LINK } from '../../schema/builder.js';
import { addSharedEnums } from '../../schema/enums.js';
import { addKommunMunicipality } from '../../schema/municipality.js';
import { requireInternalReader } from '../../schema/access.js';
import { addAuditEntryType } from '../../schema/audit.js';
import { addPromiseTypes } from '../../schema/promise-types.js';
import type { Kommun } from '../../schema/region.js';
import { addScalars } from '../../schema/scalars.js';
import { readAuditLog } from '../runtime/audit.js';
import type { KommunRequestContext } from './context.js';
import { addKommunMutations } from './mutations.js';

/** The subgraph schema of one kommun: the shared types, its own `<Slug>Municipality`, its audit log and writes. */
export function buildKommunSchema(kommun: Kommun): GraphQLSchema {
  const builder = createSubgraphBuilder<KommunRequestContext>();
  addScalars(builder);
  const enums = addSharedEnums(builder);
  const promiseTypes = addPromiseTypes(builder, enums);
  const Municipality = addKommunMunicipality(builder, kommun, enums, promiseTypes);
  const AuditEntry = addAuditEntryType(builder);
  builder.objectField(Municipality, 'auditLog', (t) =>
    t.field({
      type: [AuditEntry],
      nullable: { list: true, items: false },
      description: 'Loggbok: the newest changes first. Only for the kommun’s own tokens and coordinators.',
      args: { limit: t.arg.int({ required: false, defaultValue: 50, description: 'At most 500.' }) },
      resolve: (_m, { limit }, ctx) => {
        requireInternalReader(ctx.viewer, kommun.slug, 'the audit log');
        return readAuditLog(ctx.db, Math.min(Math.max(limit ?? 50, 1), 500));
      },
    }),
  );
  addKommunMutations(builder, kommun, enums, promiseTypes);
  builder.queryType({ description: 'Reads of this kommun’s medborgarlöften.' });
  return builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
}

import type { GraphQLSchema } from 'graphql';
import { createSubgraphBuilder, FEDERATION_LINK } from '../../schema/builder.js';
import { addSharedEnums } from '../../schema/enums.js';
import { addKommunMunicipality } from '../../schema/municipality.js';
import { addPromiseTypes, type KommunContext } from '../../schema/promise-types.js';
import type { Kommun } from '../../schema/region.js';
import { addScalars } from '../../schema/scalars.js';

/** The subgraph schema of one kommun: the shared types plus its own `<Slug>Municipality`. */
export function buildKommunSchema(kommun: Kommun): GraphQLSchema {
  const builder = createSubgraphBuilder<KommunContext>();
  addScalars(builder);
  const enums = addSharedEnums(builder);
  const promiseTypes = addPromiseTypes(builder, enums);
  addKommunMunicipality(builder, kommun, enums, promiseTypes);
  builder.queryType({ description: 'Reads of this kommun’s medborgarlöften.' });
  return builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
}

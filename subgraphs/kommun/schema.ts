import type { GraphQLSchema } from 'graphql';
import { readAuditLog, readAuditLogPage } from '../../domain/audit-log.js';
import { readChangesSince } from '../../domain/change-feed.js';
import { reportDate } from '../../domain/citizen-report.js';
import type { Kommun } from '../../domain/region.js';
import { addAuditLogField } from '../../schema/audit-entry.js';
import { createSubgraphBuilder, FEDERATION_LINK } from '../../schema/builder.js';
import { addChangeFeedField } from '../../schema/change-feed.js';
import { addConnectionFields } from '../../schema/connections.js';
import { addSharedEnums } from '../../schema/enums.js';
import { addFoundationTypes } from '../../schema/foundation-types.js';
import { addKommunMunicipality } from '../../schema/municipality.js';
import { addPromiseTypes } from '../../schema/promise-types.js';
import { addKommunAggregates, addReportingFields } from '../../schema/reporting-fields.js';
import { addScalars } from '../../schema/scalars.js';
import type { KommunContext } from './kommun-context.js';
import { addKommunMutations } from './mutations.js';

/**
 * The subgraph schema of one kommun: the shared types, its own `<Slug>Municipality` with what
 * the region may ask of every kommun, and the kommun's own reads (one record by id, the citizen
 * report, the audit log) and writes.
 */
export function buildKommunSchema(kommun: Kommun): GraphQLSchema {
  const builder = createSubgraphBuilder<KommunContext>();
  addScalars(builder);
  const enums = addSharedEnums(builder);
  const promiseTypes = addPromiseTypes(builder, enums);
  const foundationTypes = addFoundationTypes(builder, enums, promiseTypes);
  const { CitizenPromise, Commitment } = promiseTypes;
  const { SituationPicture, CitizenDialogue, CollaborationAgreement, Indicator, CitizenReport } = foundationTypes;
  const Municipality = addKommunMunicipality(builder, kommun, enums, {
    CitizenPromise,
    SituationPicture,
    CitizenDialogue,
    CollaborationAgreement,
    Indicator,
    CitizenReport,
  });

  builder.objectFields(Municipality, (t) => ({
    promise: t.field({
      type: CitizenPromise,
      nullable: true,
      description: 'One medborgarlöfte of this kommun by id; null if it has none with that id.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_m, { id }, ctx) => ctx.loaders.promiseById.load(String(id)),
    }),
    commitment: t.field({
      type: Commitment,
      nullable: true,
      description: 'One åtagande of this kommun’s promises by id; null if it has none with that id.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_m, { id }, ctx) => ctx.loaders.commitmentById.load(String(id)),
    }),
    indicator: t.field({
      type: Indicator,
      nullable: true,
      description: 'One indikator of this kommun by id; null if it has none with that id.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_m, { id }, ctx) => ctx.loaders.indicatorById.load(String(id)),
    }),
    citizenReport: t.field({
      type: CitizenReport,
      nullable: true,
      description:
        'Återrapportering: the feedback to citizens for one medborgarlöfte of this kommun; null if it has no (public) promise with that id.',
      args: { promiseId: t.arg.id({ required: true }) },
      resolve: async (_m, { promiseId }, ctx) => {
        const promise = await ctx.loaders.promiseById.load(String(promiseId));
        return promise ? { promise, asOf: reportDate(promise) } : null;
      },
    }),
  }));
  const { CommitmentCounts } = addReportingFields(builder, {
    ...promiseTypes,
    Measurement: foundationTypes.Measurement,
  });
  addKommunAggregates(builder, Municipality, CommitmentCounts);
  addConnectionFields(builder, { ...promiseTypes, Indicator, Measurement: foundationTypes.Measurement });
  addAuditLogField(builder, Municipality, {
    ownerSlug: () => kommun.slug,
    description: 'Loggbok: the newest changes first. Only for the kommun’s own tokens and coordinators.',
    read: (ctx, limit) => readAuditLog(ctx.db, limit),
    readPage: (ctx, first, before) => readAuditLogPage(ctx.db, first, before),
  });
  addChangeFeedField(builder, Municipality, {
    ownerSlug: () => kommun.slug,
    read: (ctx, cursor, first) => readChangesSince(ctx.db, cursor, first),
  });
  addKommunMutations(builder, kommun, enums, promiseTypes, foundationTypes);
  builder.queryType({ description: 'Reads of this kommun’s medborgarlöften and what they stand on.' });
  return builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
}

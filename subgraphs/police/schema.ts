import type { GraphQLSchema } from 'graphql';
import type { Kysely } from 'kysely';
import type { Viewer } from '../../domain/access.js';
import { readAuditLog, readAuditLogPage } from '../../domain/audit-log.js';
import { dateRange, dateRangeArgs, inDateRange } from '../../domain/date-range.js';
import { badUserInput } from '../../domain/errors.js';
import type { Region } from '../../domain/region.js';
import { addAuditLogField } from '../../schema/audit-entry.js';
import { createSubgraphBuilder, FEDERATION_LINK } from '../../schema/builder.js';
import { addSharedEnums } from '../../schema/enums.js';
import { addMunicipalityInterface } from '../../schema/municipality.js';
import { addPeriodInput, addPeriodType } from '../../schema/period.js';
import { addSourceType } from '../../schema/record-fields.js';
import { addScalars } from '../../schema/scalars.js';
import { addSituationPictureInput, addSituationPictureType } from '../../schema/situation-picture.js';
import type { KommunContactRecord, LocalPoliceAreaRecord, PoliceActivityRecord, PoliceDatabase } from './database.js';
import type { PoliceLoaders } from './loaders.js';
import { addPoliceActivityTypes } from './police-activity-inputs.js';
import type { PoliceWrites } from './writes.js';

export interface PoliceContext {
  region: Region;
  viewer: Viewer;
  db: Kysely<PoliceDatabase>;
  loaders: PoliceLoaders;
  writes: PoliceWrites;
}

/** The kommuner with these codes, in the region config's order; an unknown code is the caller's mistake. */
function findRegionKommun(region: Region, codes: string[], field: string): { code: string }[] {
  const unknown = codes.filter((code) => !region.kommuner.some((k) => k.code === code));
  if (unknown.length > 0) {
    const known = region.kommuner.map((k) => `${k.code} (${k.name})`).join(', ');
    throw badUserInput(
      `No kommun with kommunkod ${unknown.map((c) => JSON.stringify(c)).join(', ')} in this region; it has ${known}.`,
      field,
    );
  }
  return region.kommuner.filter((k) => codes.includes(k.code)).map((k) => ({ code: k.code }));
}

/** The police area's subgraph: the area, the `Municipality` entity interface, police activities. */
export function buildPoliceSchema(region: Region): GraphQLSchema {
  const builder = createSubgraphBuilder<PoliceContext>();
  addScalars(builder);
  const enums = addSharedEnums(builder);
  const { Municipality } = addMunicipalityInterface(builder, region, enums);

  const { PoliceActivityKind, PoliceActivityInput } = addPoliceActivityTypes(builder);

  const Source = addSourceType(builder, enums);
  const Period = addPeriodType(builder);
  const PoliceSituationPicture = addSituationPictureType(
    builder,
    'PoliceSituationPicture',
    'the police area',
    { enums, Period, Source },
    false,
  );

  const PoliceActivity = builder.objectRef<PoliceActivityRecord>('PoliceActivity').implement({
    description: 'Polisiär aktivitet: an action by the police area under a kommun’s åtagande. Owned by the police.',
    fields: (t) => ({
      id: t.exposeID('id'),
      date: t.field({ type: 'Date', resolve: (a) => a.date }),
      kind: t.field({ type: PoliceActivityKind, resolve: (a) => a.kind }),
      place: t.exposeString('place'),
      description: t.exposeString('description'),
      commitmentId: t.exposeID('commitmentId', { description: 'The åtagande (commitment) this activity serves.' }),
      municipalityCode: t.exposeID('kommunCode', { description: 'Kommunkod of the kommun that owns the commitment.' }),
      source: t.field({ type: Source, resolve: (a) => a }),
    }),
  });

  // Police-owned field on the kommun-owned Commitment, fetched by the planner in one batch.
  const Commitment = builder.objectRef<{ id: string }>('Commitment').implement({
    description: 'Åtagande, owned by a kommun; the police add their activities under it.',
    fields: (t) => ({
      id: t.exposeID('id'),
      policeActivities: t.field({
        type: [PoliceActivity],
        // Nullable so that a police subgraph that is down costs only this field, not the kommun's promises.
        nullable: { list: true, items: false },
        description:
          'The police’s activities under this åtagande, oldest first. Null when the police subgraph could not be reached.',
        resolve: (c, _args, ctx) => ctx.loaders.policeActivitiesByCommitment.load(c.id),
      }),
      policeActivityCount: t.int({
        nullable: true,
        description:
          'How many police activities under this åtagande fall in the dates (all, without them). Null when the police subgraph could not be reached.',
        args: {
          from: t.arg({ type: 'Date', required: false, description: dateRangeArgs.from }),
          to: t.arg({ type: 'Date', required: false, description: dateRangeArgs.to }),
        },
        resolve: async (c, args, ctx) => {
          const range = dateRange(args.from as string | null | undefined, args.to as string | null | undefined);
          return (await ctx.loaders.policeActivitiesByCommitment.load(c.id)).filter((a) => inDateRange(a.date, range))
            .length;
        },
      }),
    }),
  });
  builder.asEntity(Commitment, {
    key: builder.selection<{ id: string }>('id'),
    resolveReference: ({ id }) => ({ id }),
  });

  const KommunContact = builder.objectRef<KommunContactRecord>('KommunContact').implement({
    description: 'Kommunpolis: the police area’s contact for one kommun.',
    fields: (t) => ({
      title: t.exposeString('title'),
      name: t.exposeString('name', { nullable: true }),
      phone: t.exposeString('phone'),
      source: t.field({ type: Source, resolve: (c) => c }),
    }),
  });
  builder.interfaceField(Municipality, 'policeContact', (t) =>
    t.field({
      type: KommunContact,
      nullable: true,
      description: 'The kommunpolis: the police area’s contact for this kommun.',
      resolve: (m, _args, ctx) => ctx.loaders.contactByKommun.load(m.code),
    }),
  );

  builder.interfaceField(Municipality, 'policeActivities', (t) =>
    t.field({
      type: [PoliceActivity],
      nullable: { list: true, items: false },
      description:
        'The police’s activities under this kommun’s åtaganden, oldest first, within the dates if given. Null when the police subgraph could not be reached.',
      args: {
        from: t.arg({ type: 'Date', required: false, description: dateRangeArgs.from }),
        to: t.arg({ type: 'Date', required: false, description: dateRangeArgs.to }),
      },
      resolve: async (m, args, ctx) => {
        const range = dateRange(args.from as string | null | undefined, args.to as string | null | undefined);
        return (await ctx.loaders.policeActivitiesByKommun.load(m.code)).filter((a) => inDateRange(a.date, range));
      },
    }),
  );

  const Official = builder.objectRef<{ name: string; title: string }>('PoliceOfficial').implement({
    description: 'A public official of the police.',
    fields: (t) => ({ name: t.exposeString('name'), title: t.exposeString('title') }),
  });

  const LocalPoliceArea = builder.objectRef<LocalPoliceAreaRecord>('LocalPoliceArea').implement({
    description: 'Lokalpolisområde: the police area that makes medborgarlöften together with its kommuner.',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      chief: t.field({ type: Official, resolve: (a) => ({ name: a.chiefName, title: a.chiefTitle }) }),
      municipalities: t.field({
        type: [Municipality],
        nullable: { list: false, items: true },
        description:
          'The kommuner the area covers. A kommun whose subgraph is down still appears, with its own fields null.',
        resolve: (_area, _args, ctx) => ctx.region.kommuner.map((kommun) => ({ code: kommun.code })),
      }),
      situationPictures: t.field({
        type: [PoliceSituationPicture],
        description: 'The police area’s own lägesbilder (summaries), newest first.',
        resolve: (_area, _args, ctx) => ctx.loaders.situationPictures.load('all'),
      }),
      latestSituationPicture: t.field({
        type: PoliceSituationPicture,
        nullable: true,
        description: 'The police area’s newest lägesbild; null if it has none.',
        resolve: async (_area, _args, ctx) => (await ctx.loaders.situationPictures.load('all'))[0] ?? null,
      }),
    }),
  });
  addAuditLogField(builder, LocalPoliceArea, {
    ownerSlug: (ctx) => ctx.region.policeArea.slug,
    description:
      'Loggbok: the newest changes to police data first. Only for the police area’s tokens and coordinators.',
    read: (ctx, limit) => readAuditLog(ctx.db, limit),
    readPage: (ctx, first, before) => readAuditLogPage(ctx.db, first, before),
  });
  builder.asEntity(LocalPoliceArea, {
    key: builder.selection<{ id: string }>('id'),
    resolveReference: ({ id }, ctx) => ctx.loaders.policeAreaById.load(id),
  });

  builder.queryType({
    description: 'Reads of the police area and, through it, the regional view.',
    fields: (t) => ({
      localPoliceArea: t.field({
        type: LocalPoliceArea,
        nullable: true,
        args: { id: t.arg.id({ required: true }) },
        resolve: (_root, { id }, ctx) => ctx.loaders.policeAreaById.load(String(id)),
      }),
      // The generic entry points: the planner fetches each kommun's own fields from its subgraph by
      // `__typename`, so one operation with a variable reaches any kommun (`Query.<slug>` stays).
      municipality: t.field({
        type: Municipality,
        nullable: true,
        description: 'One kommun of the region by its kommunkod (e.g. "2480"); an unknown code is BAD_USER_INPUT.',
        args: { code: t.arg.id({ required: true, description: 'SCB kommunkod.' }) },
        resolve: (_root, { code }, ctx) => findRegionKommun(ctx.region, [String(code)], 'code')[0]!,
      }),
      municipalities: t.field({
        type: [Municipality],
        nullable: { list: false, items: true },
        description:
          'The kommuner of the region in the region config’s order, or only those with the given kommunkoder. A kommun whose subgraph is down still appears, with its own fields null.',
        args: {
          codes: t.arg.idList({
            required: false,
            description: 'Only these kommunkoder; an unknown code is BAD_USER_INPUT.',
          }),
        },
        resolve: (_root, { codes }, ctx) =>
          codes
            ? findRegionKommun(ctx.region, codes.map(String), 'codes')
            : ctx.region.kommuner.map((kommun) => ({ code: kommun.code })),
      }),
      localPoliceAreas: t.field({
        type: [LocalPoliceArea],
        resolve: async (_root, _args, ctx) => {
          const area = await ctx.loaders.policeAreaById.load(ctx.region.policeArea.id);
          return area ? [area] : [];
        },
      }),
    }),
  });

  const PeriodInput = addPeriodInput(builder);
  const PoliceSituationPictureInput = addSituationPictureInput(
    builder,
    'PoliceSituationPictureInput',
    { enums, PeriodInput },
    () => ({}),
  );
  const UpdatePoliceSituationPictureInput = addSituationPictureInput(
    builder,
    'UpdatePoliceSituationPictureInput',
    { enums, PeriodInput },
    () => ({}),
    {
      description: 'Patch: a field left out stays as it is; null for a field that must have a value is BAD_USER_INPUT.',
      required: false,
    },
  );
  builder.mutationType({
    description: 'Changes to the police area’s data; each needs an editor token of the police area.',
    fields: (t) => ({
      recordPoliceSituationPicture: t.field({
        type: PoliceSituationPicture,
        args: { input: t.arg({ type: PoliceSituationPictureInput, required: true }) },
        resolve: (_root, { input }, ctx) => ctx.writes.recordSituationPicture(ctx.viewer, input),
      }),
      updatePoliceSituationPicture: t.field({
        type: PoliceSituationPicture,
        args: {
          id: t.arg.id({ required: true }),
          expectedVersion: t.arg.int({ required: true, description: 'The version the change is based on.' }),
          input: t.arg({ type: UpdatePoliceSituationPictureInput, required: true }),
        },
        resolve: (_root, { id, expectedVersion, input }, ctx) =>
          ctx.writes.updateSituationPicture(ctx.viewer, String(id), expectedVersion, input),
      }),
      recordPoliceActivity: t.field({
        type: PoliceActivity,
        args: { input: t.arg({ type: PoliceActivityInput, required: true }) },
        resolve: (_root, { input }, ctx) => ctx.writes.recordPoliceActivity(ctx.viewer, input),
      }),
    }),
  });

  return builder.toSubGraphSchema({
    linkUrl: FEDERATION_LINK,
    federationDirectives: ['@external', '@key', '@shareable'],
  });
}

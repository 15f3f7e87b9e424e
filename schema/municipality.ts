import type { ArgBuilder, ObjectRef } from '@pothos/core';
import { reportDate } from '../domain/citizen-report.js';
import { dateRange } from '../domain/date-range.js';
import { todayInSweden } from '../domain/dates.js';
import { currentPromise, lastPromiseEndedOn } from '../domain/promise-lifecycle.js';
import type { PromiseFilter, WithdrawalFields } from '../domain/records.js';
import { type Kommun, municipalityRootField, municipalityTypeName, type Region } from '../domain/region.js';
import { withoutWithdrawn } from '../domain/withdrawals.js';
import type { SubgraphBuilder, SubgraphTypes } from './builder.js';
import type { SharedEnums } from './enums.js';
import type { KommunReadContext } from './kommun-read-context.js';
import { includeWithdrawnArg, listedRecords } from './record-fields.js';

/**
 * The municipality as the region sees it. Each kommun subgraph serves its own
 * `<Slug>Municipality` entity; the police subgraph declares the `Municipality` entity interface
 * with one implementation per kommun, whose kommun-owned fields are `@external`. The planner
 * routes by `__typename`, so each kommun is asked only for its own representation.
 * Both sides are built here, from the same field list, so they cannot drift apart.
 */
const descriptions = {
  municipality: 'Kommun: a municipality in the police area, owning its medborgarlöften.',
  code: 'SCB kommunkod, e.g. "2480" for Umeå.',
  id: 'The kommunkod again, as `id`, so normalised client caches (Apollo Client, urql Graphcache) key every municipality type without configuration.',
  name: 'The kommun’s name, e.g. "Vännäs".',
};
const nullWhenDown = 'Null when the kommun’s subgraph could not be reached (see errors).';

type ArgBuilderFor<Context extends object> = ArgBuilder<SubgraphTypes<Context>>;

/** The kommun-owned types a municipality field can return; the police side knows them only as key stubs. */
export type KommunOwnedTypeName =
  | 'CitizenPromise'
  | 'SituationPicture'
  | 'CitizenDialogue'
  | 'CollaborationAgreement'
  | 'Indicator'
  | 'CitizenReport';

interface KommunOwnedField {
  /** A kommun-owned type, or the `Date` scalar. */
  typeName: KommunOwnedTypeName | 'Date';
  /** A list (`[T!]`, null when the kommun is down) or one record (`T`, null when there is none or the kommun is down). */
  list: boolean;
  description: string;
  args?: (arg: ArgBuilderFor<any>, enums: SharedEnums) => Record<string, unknown>;
  /** How the kommun subgraph resolves it. */
  resolve: (args: any, ctx: KommunReadContext) => unknown;
}

/**
 * The fields every `<Slug>Municipality` has that its kommun owns. The kommun subgraph resolves
 * them; the police subgraph declares them on the interface and as `@external` on each
 * implementation, so the regional view (`localPoliceArea { municipalities { ... } }`) can ask
 * every kommun for them in one request.
 */
const includeWithdrawn = (arg: ArgBuilderFor<any>) => ({
  includeWithdrawn: arg({ type: 'Boolean', ...includeWithdrawnArg }),
});
type ListArgs = { includeWithdrawn?: boolean | null };
const onArg = (arg: ArgBuilderFor<any>) => ({
  on: arg({ type: 'Date', required: false, description: 'The date; today (in Sweden) if left out.' }),
});
const listed = async <Row extends WithdrawalFields>(rows: Promise<Row[]>, ctx: KommunReadContext, args: ListArgs) =>
  listedRecords(await rows, ctx, args.includeWithdrawn);
const allPromises = (ctx: KommunReadContext) => ctx.loaders.promises.load({ status: null, activeOn: null });

const kommunOwnedFields = {
  promises: {
    typeName: 'CitizenPromise',
    list: true,
    description: `Medborgarlöften of this kommun, newest period first. ${nullWhenDown}`,
    args: (arg, enums) => ({
      status: arg({ type: enums.PromiseStatus, required: false, description: 'Only promises with this status.' }),
      activeOn: arg({
        type: 'Date',
        required: false,
        description:
          'Only promises whose period includes this date (whatever their status; `currentPromise` is the one in force).',
      }),
      periodFrom: arg({
        type: 'Date',
        required: false,
        description: 'Only promises whose period ends on or after this date (with periodTo: overlaps the range).',
      }),
      periodTo: arg({
        type: 'Date',
        required: false,
        description: 'Only promises whose period starts on or before this date; before periodFrom is BAD_USER_INPUT.',
      }),
      focusArea: arg({
        type: 'String',
        required: false,
        description: 'Only promises with this fokusområde, exactly as written (e.g. "Trafik").',
      }),
      responsible: arg({
        type: enums.ResponsibleParty,
        required: false,
        description: 'Only promises with at least one åtagande of this party.',
      }),
      ...includeWithdrawn(arg),
    }),
    resolve: (args: PromiseFilter & ListArgs, ctx) => {
      const period = dateRange(args.periodFrom, args.periodTo, ['periodFrom', 'periodTo']);
      const promises = ctx.loaders.promises.load({
        status: args.status ?? null,
        activeOn: args.activeOn ?? null,
        periodFrom: period.from,
        periodTo: period.to,
        focusArea: args.focusArea ?? null,
        responsible: args.responsible ?? null,
      });
      return listed(promises, ctx, args);
    },
  },
  currentPromise: {
    typeName: 'CitizenPromise',
    list: false,
    description: `Gällande medborgarlöfte: the promise in force on a date (signed and published, the date within its period; the latest begun, if periods overlap); null if none is. ${nullWhenDown}`,
    args: onArg,
    resolve: async (args: { on?: string | null }, ctx) =>
      currentPromise(await allPromises(ctx), args.on ?? todayInSweden()),
  },
  lastPromiseEndedOn: {
    typeName: 'Date',
    list: false,
    description: `The last day of the kommun’s latest signed promise whose period ended before a date; null if none had. With \`currentPromise\`: "no promise in force since 2025-12-31". ${nullWhenDown}`,
    args: onArg,
    resolve: async (args: { on?: string | null }, ctx) =>
      lastPromiseEndedOn(await allPromises(ctx), args.on ?? todayInSweden()),
  },
  situationPictures: {
    typeName: 'SituationPicture',
    list: true,
    description: `Lägesbilder (summaries) of this kommun, newest first. ${nullWhenDown}`,
    args: includeWithdrawn,
    resolve: (args: ListArgs, ctx) => listed(ctx.loaders.situationPictures.load('all'), ctx, args),
  },
  latestSituationPicture: {
    typeName: 'SituationPicture',
    list: false,
    description: `The kommun’s newest lägesbild that is not withdrawn; null if it has none. ${nullWhenDown}`,
    resolve: async (_args, ctx) => (await listed(ctx.loaders.situationPictures.load('all'), ctx, {}))[0] ?? null,
  },
  citizenDialogues: {
    typeName: 'CitizenDialogue',
    list: true,
    description: `Medborgardialoger held by this kommun, newest first. ${nullWhenDown}`,
    args: includeWithdrawn,
    resolve: (args: ListArgs, ctx) => listed(ctx.loaders.citizenDialogues.load('all'), ctx, args),
  },
  collaborationAgreements: {
    typeName: 'CollaborationAgreement',
    list: true,
    description: `Samverkansöverenskommelser between this kommun and the police area, newest period first. ${nullWhenDown}`,
    args: includeWithdrawn,
    resolve: (args: ListArgs, ctx) => listed(ctx.loaders.collaborationAgreements.load('all'), ctx, args),
  },
  currentCollaborationAgreement: {
    typeName: 'CollaborationAgreement',
    list: false,
    description: `The samverkansöverenskommelse in force on a date (the latest begun, if periods overlap; withdrawn ones never); null if none. ${nullWhenDown}`,
    args: onArg,
    resolve: async (args: { on?: string | null }, ctx) => {
      const on = args.on ?? todayInSweden();
      const agreements = await listed(ctx.loaders.collaborationAgreements.load('all'), ctx, {});
      return agreements.find((a) => a.periodStart <= on && on <= a.periodEnd) ?? null;
    },
  },
  indicators: {
    typeName: 'Indicator',
    list: true,
    description: `Indikatorer this kommun follows its work by, by name. ${nullWhenDown}`,
    args: includeWithdrawn,
    resolve: (args: ListArgs, ctx) => listed(ctx.loaders.indicators.load('all'), ctx, args),
  },
  citizenReports: {
    typeName: 'CitizenReport',
    list: true,
    description: `Återrapportering for every medborgarlöfte of this kommun (or those active on a date), newest period first: the whole kommun in one field. ${nullWhenDown}`,
    args: (arg) => ({
      activeOn: arg({ type: 'Date', required: false, description: 'Only promises whose period includes this date.' }),
    }),
    resolve: async (args: { activeOn?: string | null }, ctx) =>
      withoutWithdrawn(await ctx.loaders.promises.load({ status: null, activeOn: args.activeOn ?? null }), false).map(
        (promise) => ({
          promise,
          asOf: reportDate(promise),
        }),
      ),
  },
} satisfies Record<string, KommunOwnedField>;

function fieldOptions(spec: KommunOwnedField, ref: ObjectRef<any, any> | 'Date') {
  return {
    type: spec.list ? [ref] : ref,
    nullable: spec.list ? { list: true, items: false } : true,
    description: spec.description,
  };
}

export interface MunicipalityParent {
  code: string;
}

/**
 * The kommun subgraph's own entity, `<Slug>Municipality @key(fields: "code")`, with every
 * kommun-owned field, and `Query.<slug>`. The kommun's own extras are added by its schema.
 */
export function addKommunMunicipality<Context extends KommunReadContext>(
  builder: SubgraphBuilder<Context>,
  kommun: Kommun,
  enums: SharedEnums,
  types: Record<KommunOwnedTypeName, ObjectRef<any, any>>,
) {
  const refOf = (typeName: KommunOwnedField['typeName']) => (typeName === 'Date' ? 'Date' : types[typeName]);
  const Municipality = builder.objectRef<MunicipalityParent>(municipalityTypeName(kommun)).implement({
    description: `${descriptions.municipality} This is ${kommun.organisation}.`,
    fields: (t) => ({
      code: t.exposeID('code', { description: descriptions.code }),
      id: t.id({ shareable: true, description: descriptions.id, resolve: () => kommun.code }),
      name: t.string({ shareable: true, description: descriptions.name, resolve: () => kommun.name }),
      ...Object.fromEntries(
        Object.entries(kommunOwnedFields).map(([name, spec]: [string, KommunOwnedField]) => [
          name,
          t.field({
            ...fieldOptions(spec, refOf(spec.typeName)),
            ...(spec.args && { args: spec.args(t.arg, enums) }),
            resolve: (_parent: MunicipalityParent, args: unknown, ctx: Context) => spec.resolve(args, ctx),
          } as any),
        ]),
      ),
    }),
  });
  builder.asEntity(Municipality, {
    key: builder.selection<{ code: string }>('code'),
    resolveReference: ({ code }) => (code === kommun.code ? { code } : null),
  });
  builder.queryField(municipalityRootField(kommun), (t) =>
    t.field({
      type: Municipality,
      description: `${kommun.organisation} and its medborgarlöften.`,
      resolve: () => ({ code: kommun.code }),
    }),
  );
  return Municipality;
}

/**
 * The police subgraph's side: the entity interface `Municipality @key(fields: "code")` and one
 * implementation per kommun in the region, whose kommun-owned fields are `@external` so the
 * planner fetches them from that kommun's subgraph. Kommun-owned types are mentioned only as
 * stubs `@key(fields: "id", resolvable: false) { id }`.
 */
export function addMunicipalityInterface<Context extends object>(
  builder: SubgraphBuilder<Context>,
  region: Region,
  enums: SharedEnums,
) {
  const stubTypeNames = [
    ...new Set(
      Object.values(kommunOwnedFields).flatMap((spec: KommunOwnedField) =>
        spec.typeName === 'Date' ? [] : [spec.typeName],
      ),
    ),
  ];
  const stubs = Object.fromEntries(
    stubTypeNames.map((typeName) => {
      // No description: the kommun's is then the only one, and composition draws no hint.
      const stub = builder.objectRef<{ id: string }>(typeName).implement({
        fields: (t) => ({ id: t.exposeID('id') }),
      });
      builder.asEntity(stub, {
        key: builder.keyDirective(builder.selection<{ id: string }>('id'), false),
        resolveReference: () => {
          throw new Error('Kommun-owned records are never resolved by key');
        },
      });
      return [typeName, stub];
    }),
  ) as Record<KommunOwnedTypeName, ObjectRef<any, { id: string }>>;

  /** The kommun-owned fields as the police subgraph declares them: never resolved here. */
  const externalFields = (t: any, directives: { name: string; args: Record<string, never> }[]) =>
    Object.fromEntries(
      Object.entries(kommunOwnedFields).map(([name, spec]: [string, KommunOwnedField]) => [
        name,
        t.field({
          ...fieldOptions(spec, spec.typeName === 'Date' ? 'Date' : stubs[spec.typeName]),
          ...(spec.args && { args: spec.args(t.arg, enums) }),
          ...(directives.length > 0 && { directives }),
          resolve: () => null,
        }),
      ]),
    );

  const typeNameByCode = new Map(region.kommuner.map((k) => [k.code, municipalityTypeName(k)]));
  const Municipality = builder.interfaceRef<MunicipalityParent>('Municipality').implement({
    description: descriptions.municipality,
    resolveType: (parent) => typeNameByCode.get(parent.code) ?? null,
    fields: (t) => ({
      code: t.exposeID('code', { description: descriptions.code }),
      id: t.id({ description: descriptions.id, resolve: (m) => m.code }),
      name: t.string({ description: descriptions.name, resolve: (m) => findName(region, m.code) }),
      ...externalFields(t, []),
    }),
  });
  builder.asEntity(Municipality, {
    key: builder.selection<{ code: string }>('code'),
    resolveReference: ({ code }) => (typeNameByCode.has(code) ? { code } : null),
  });

  const implementations = new Map(
    region.kommuner.map((kommun) => {
      const ref = builder.objectRef<MunicipalityParent>(municipalityTypeName(kommun)).implement({
        description: `${descriptions.municipality} This is ${kommun.organisation}.`,
        interfaces: [Municipality],
        fields: (t) => ({
          id: t.id({ shareable: true, description: descriptions.id, resolve: () => kommun.code }),
          name: t.string({ shareable: true, description: descriptions.name, resolve: () => kommun.name }),
          ...externalFields(t, [{ name: 'external', args: {} }]),
        }),
      });
      builder.asEntity(ref, {
        key: builder.selection<{ code: string }>('code'),
        resolveReference: ({ code }) => (code === kommun.code ? { code } : null),
      });
      return [kommun.slug, ref] as const;
    }),
  );
  return { Municipality, implementations };
}

function findName(region: Region, code: string): string {
  return region.kommuner.find((k) => k.code === code)?.name ?? code;
}

import type { ArgBuilder } from '@pothos/core';
import type { SubgraphBuilder, SubgraphTypes } from './builder.js';

type ArgBuilderFor<Context extends object> = ArgBuilder<SubgraphTypes<Context>>;
import type { SharedEnums } from './enums.js';
import type { PromiseFilter } from './records.js';
import type { KommunContext, PromiseTypes } from './promise-types.js';
import { municipalityRootField, municipalityTypeName, type Kommun, type Region } from './region.js';

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
  name: 'The kommun’s name, e.g. "Vännäs".',
  promises:
    'Medborgarlöften of this kommun, newest period first. Null when the kommun’s subgraph could not be reached (see errors).',
  status: 'Only promises with this status.',
  activeOn: 'Only promises whose period includes this date.',
};

type PromisesArgs = { status?: PromiseFilter['status']; activeOn?: string | null };

function promisesArgs<Context extends object>(arg: ArgBuilderFor<Context>, enums: SharedEnums) {
  return {
    status: arg({ type: enums.PromiseStatus, required: false, description: descriptions.status }),
    activeOn: arg({ type: 'Date', required: false, description: descriptions.activeOn }),
  };
}

export interface MunicipalityParent {
  code: string;
}

/** The kommun subgraph's own entity, `<Slug>Municipality @key(fields: "code")`, and `Query.<slug>`. */
export function addKommunMunicipality<Context extends KommunContext>(
  builder: SubgraphBuilder<Context>,
  kommun: Kommun,
  enums: SharedEnums,
  { CitizenPromise, Commitment }: PromiseTypes<Context>,
) {
  const Municipality = builder.objectRef<MunicipalityParent>(municipalityTypeName(kommun)).implement({
    description: `${descriptions.municipality} This is ${kommun.organisation}.`,
    fields: (t) => ({
      code: t.exposeID('code', { description: descriptions.code }),
      name: t.string({ shareable: true, description: descriptions.name, resolve: () => kommun.name }),
      promises: t.field({
        type: [CitizenPromise],
        nullable: { list: true, items: false },
        description: descriptions.promises,
        args: promisesArgs(t.arg, enums),
        resolve: (_parent, args: PromisesArgs, ctx) =>
          ctx.loaders.promises.load({ status: args.status ?? null, activeOn: args.activeOn ?? null }),
      }),
      promise: t.field({
        type: CitizenPromise,
        nullable: true,
        description: 'One medborgarlöfte of this kommun by id; null if it has none with that id.',
        args: { id: t.arg.id({ required: true }) },
        resolve: (_parent, { id }, ctx) => ctx.loaders.promiseById.load(String(id)),
      }),
      commitment: t.field({
        type: Commitment,
        nullable: true,
        description: 'One åtagande of this kommun’s promises by id; null if it has none with that id.',
        args: { id: t.arg.id({ required: true }) },
        resolve: (_parent, { id }, ctx) => ctx.loaders.commitmentById.load(String(id)),
      }),
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
 * planner fetches them from that kommun's subgraph. `CitizenPromise` is mentioned only as the
 * stub `@key(fields: "id", resolvable: false) { id }`.
 */
export function addMunicipalityInterface<Context extends object>(
  builder: SubgraphBuilder<Context>,
  region: Region,
  enums: SharedEnums,
) {
  const CitizenPromiseStub = builder.objectRef<{ id: string }>('CitizenPromise').implement({
    description: 'Medborgarlöfte, owned by a kommun; only its key is known here.',
    fields: (t) => ({ id: t.exposeID('id') }),
  });
  builder.asEntity(CitizenPromiseStub, {
    key: builder.keyDirective(builder.selection<{ id: string }>('id'), false),
    resolveReference: () => {
      throw new Error('Kommun-owned records are never resolved by key');
    },
  });

  const typeNameByCode = new Map(region.kommuner.map((k) => [k.code, municipalityTypeName(k)]));
  const Municipality = builder.interfaceRef<MunicipalityParent>('Municipality').implement({
    description: descriptions.municipality,
    resolveType: (parent) => typeNameByCode.get(parent.code) ?? null,
    fields: (t) => ({
      code: t.exposeID('code', { description: descriptions.code }),
      name: t.string({ description: descriptions.name, resolve: (m) => findName(region, m.code) }),
      promises: t.field({
        type: [CitizenPromiseStub],
        nullable: { list: true, items: false },
        description: descriptions.promises,
        args: promisesArgs(t.arg, enums),
        resolve: () => null,
      }),
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
          name: t.string({ shareable: true, description: descriptions.name, resolve: () => kommun.name }),
          promises: t.field({
            type: [CitizenPromiseStub],
            nullable: { list: true, items: false },
            description: descriptions.promises,
            args: promisesArgs(t.arg, enums),
            directives: [{ name: 'external', args: {} }],
            resolve: () => null,
          }),
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

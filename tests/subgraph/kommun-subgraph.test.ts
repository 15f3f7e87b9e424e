import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKommun, municipalityRootField, municipalityTypeName, region } from '../../domain/region.js';
import type { KommunDatabase } from '../../subgraphs/kommun/database.js';
import { type InProcessSubgraph, openInProcessKommun } from '../support/in-process-subgraph.js';

// All six kommun subgraphs, each over its own database, executed in process.
const subgraphs = new Map<string, InProcessSubgraph<KommunDatabase>>();

beforeAll(async () => {
  for (const kommun of region.kommuner) subgraphs.set(kommun.slug, await openInProcessKommun(kommun));
});
afterAll(async () => {
  await Promise.all([...subgraphs.values()].map((s) => s.stop()));
});

const promisesQuery = (root: string) => `{
  ${root} {
    code name
    promises {
      id title status signedOn focusAreas
      period { start end }
      signatories { name title organisation }
      extends { id period { start end } }
      source { kind reference }
      commitments { id text responsible otherParty target { text yearlyCount }
        activities { id date kind place source { kind } }
        followUps { id date status source { kind } } }
    }
  }
}`;

describe('each kommun subgraph serves only its own kommun', () => {
  for (const kommun of region.kommuner) {
    it(`${kommun.slug}: code, name and only ids under kommunkod ${kommun.code}`, async () => {
      const subgraph = subgraphs.get(kommun.slug)!;
      const root = municipalityRootField(kommun);
      const { data, errors } = await subgraph.post(promisesQuery(root));
      expect(errors).toBeUndefined();
      const municipality = data![root];
      expect(municipality.code).toBe(kommun.code);
      expect(municipality.name).toBe(kommun.name);
      expect(municipality.promises.length).toBeGreaterThan(0);
      const ids = municipality.promises.flatMap((p: any) => [
        p.id,
        ...p.commitments.flatMap((c: any) => [
          c.id,
          ...c.activities.map((a: any) => a.id),
          ...c.followUps.map((f: any) => f.id),
        ]),
      ]);
      for (const id of ids) expect(id.startsWith(`${kommun.code}-`)).toBe(true);
      // Every activity and follow-up is invented seed data and must say so.
      for (const promise of municipality.promises) {
        for (const commitment of promise.commitments) {
          for (const record of [...commitment.activities, ...commitment.followUps])
            expect(record.source.kind).toBe('ILLUSTRATIVE');
        }
      }
    });
  }

  it('Umeå 2023–2024 extends 2021–2022, adds motorburna unga, signed by Lindberg and Rystedt', async () => {
    const { data } = await subgraphs.get('umea')!.post(promisesQuery('umea'));
    // Newest first: 2025–2027 (seeded with no commitments: none are published), then 2023–2024 and 2021–2022.
    const [newest, current, earlier] = data!.umea.promises;
    expect(newest.id).toBe('2480-ml-2025');
    expect(current.id).toBe('2480-ml-2023');
    expect(current.period).toEqual({ start: '2023-01-01', end: '2024-12-31' });
    expect(current.extends).toEqual({ id: '2480-ml-2021', period: { start: '2021-01-01', end: '2022-12-31' } });
    expect(earlier.id).toBe('2480-ml-2021');
    expect(current.signatories).toEqual([
      { name: 'Hans Lindberg', title: 'Kommunstyrelsens ordförande', organisation: 'Umeå kommun' },
      { name: 'Michael Rystedt', title: 'Lokalpolisområdeschef', organisation: 'Lokalpolisområde Umeå' },
    ]);
    expect(current.source.kind).toBe('PUBLISHED');
    // The addition: one more commitment than 2021–2022, on motorburna unga.
    expect(current.commitments).toHaveLength(earlier.commitments.length + 1);
    expect(current.commitments.at(-1).text).toMatch(/^Motorburna unga/);
    const campaigns = current.commitments.find((c: any) => c.target?.yearlyCount === 2 && c.responsible === 'JOINT');
    expect(campaigns.target.text).toBe('Minst två gemensamma kampanjer per år');
    expect(campaigns.activities.map((a: any) => a.place)).toContain('Rådhustorget, Umeå');
  });

  it('Vännäs runs 2023–2025 with its five published focus areas', async () => {
    const { data } = await subgraphs.get('vannas')!.post(promisesQuery('vannas'));
    expect(data!.vannas.name).toBe('Vännäs');
    const [promise] = data!.vannas.promises;
    expect(data!.vannas.promises).toHaveLength(1);
    expect(promise.period).toEqual({ start: '2023-01-01', end: '2025-12-31' });
    expect(promise.title).toBe('Medborgarlöften för Vännäs 2023–2025');
    expect(promise.focusAreas).toEqual([
      'Platser som upplevs otrygga',
      'Trafiksäkerhet och störande motortrafik',
      'Alkohol och narkotika bland unga',
      'Inbrott och bedrägerier',
      'Våld i nära relationer',
    ]);
  });

  it('Bjurholm and Nordmaling, whose content is not published, are labelled ILLUSTRATIVE', async () => {
    for (const slug of ['bjurholm', 'nordmaling']) {
      const { data } = await subgraphs.get(slug)!.post(promisesQuery(slug));
      const [promise] = data![slug].promises;
      expect(promise.period).toEqual({ start: '2023-01-01', end: '2025-12-31' });
      expect(promise.source.kind).toBe('ILLUSTRATIVE');
    }
  });

  it('Nordmaling’s published 2017 promise, signed on 21 December 2016, is PUBLISHED', async () => {
    const { data } = await subgraphs.get('nordmaling')!.post(promisesQuery('nordmaling'));
    expect(data!.nordmaling.promises.map((p: any) => [p.id, p.source.kind])).toEqual([
      ['2401-ml-2023', 'ILLUSTRATIVE'],
      ['2401-ml-2017', 'PUBLISHED'],
    ]);
    const first = data!.nordmaling.promises[1];
    expect(first).toMatchObject({
      signedOn: '2016-12-21',
      period: { start: '2017-01-01', end: '2017-12-31' },
      status: 'COMPLETED',
    });
    expect(first.signatories).toEqual([
      { name: 'Mats Bäckström', title: 'Kommunpolis', organisation: 'Lokalpolisområde Umeå' },
      { name: 'Madelaine Jakobsson', title: 'Kommunstyrelsens ordförande', organisation: 'Nordmalings kommun' },
    ]);
    expect(first.commitments.map((c: any) => [c.responsible, c.target?.yearlyCount ?? null])).toEqual([
      ['JOINT', 2],
      ['POLICE', 3],
      ['JOINT', null],
      ['KOMMUN', null],
    ]);
  });

  it('filters promises by status and by a date inside their period', async () => {
    const umea = subgraphs.get('umea')!;
    const ids = async (args: string) =>
      (await umea.post(`{ umea { promises${args} { id } } }`)).data!.umea.promises.map((p: any) => p.id);
    expect(await ids('(activeOn: "2022-06-01")')).toEqual(['2480-ml-2021']);
    expect(await ids('(activeOn: "2024-12-31")')).toEqual(['2480-ml-2023']);
    expect(await ids('(activeOn: "2026-01-01")')).toEqual(['2480-ml-2025']);
    expect(await ids('(status: COMPLETED)')).toEqual(['2480-ml-2023', '2480-ml-2021', '2480-ml-2019']);
    expect(await ids('(status: ACTIVE)')).toEqual(['2480-ml-2025']);
  });

  it('rejects a date that does not exist, as a variable or written in the query', async () => {
    const umea = subgraphs.get('umea')!;
    const asVariable = await umea.post('query ($on: Date) { umea { promises(activeOn: $on) { id } } }', {
      on: '2023-02-30',
    });
    expect(asVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(asVariable.errors?.[0]?.message).toContain('"2023-02-30"');
    const inline = await umea.post('{ umea { promises(activeOn: "2023-02-30") { id } } }');
    expect(inline.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(inline.errors?.[0]?.message).toContain('"2023-02-30"');
  });

  it('finds one promise by id, and none of another kommun’s', async () => {
    const umea = subgraphs.get('umea')!;
    const own = await umea.post('{ umea { promise(id: "2480-ml-2023") { title } } }');
    expect(own.data!.umea.promise.title).toBe('Medborgarlöften för Umeå 2023–2024');
    const foreign = await umea.post('{ umea { promise(id: "2460-ml-2023") { title } } }');
    expect(foreign.data!.umea.promise).toBeNull();
  });
});

// The gateway's own requests: signed with the deployment's subgraph secret, as it signs them.
describe('federation contract', () => {
  it('publishes <Slug>Municipality @key(fields: "code") and kommun-owned types as unresolvable, shareable keys', async () => {
    for (const kommun of region.kommuner) {
      const { data } = await subgraphs.get(kommun.slug)!.postSigned('{ _service { sdl } }');
      const sdl: string = data!._service.sdl;
      expect(sdl).toMatch(new RegExp(`type ${municipalityTypeName(kommun)}\\s+@key\\(fields: "code"\\)`));
      expect(sdl).toContain(`${municipalityRootField(kommun)}: ${municipalityTypeName(kommun)}!`);
      for (const type of ['CitizenPromise', 'Commitment', 'Activity', 'FollowUp']) {
        expect(sdl).toMatch(new RegExp(`type ${type}\\s+@key\\(fields: "id", resolvable: false\\)\\s+@shareable`));
      }
      // Only this kommun's municipality type exists in its subgraph.
      expect(sdl.match(/type \w+Municipality\b/g)).toEqual([`type ${municipalityTypeName(kommun)}`]);
    }
  });

  it('resolves the entity { __typename: "VannasMunicipality", code: "2460" } to Vännäs', async () => {
    const { data, errors } = await subgraphs.get('vannas')!.postSigned(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on VannasMunicipality { code name promises { title } } }
      }`,
      { representations: [{ __typename: 'VannasMunicipality', code: '2460' }] },
    );
    expect(errors).toBeUndefined();
    expect(data!._entities).toEqual([
      { code: '2460', name: 'Vännäs', promises: [{ title: 'Medborgarlöften för Vännäs 2023–2025' }] },
    ]);
  });

  it('answers null for a representation of another kommun', async () => {
    const { data } = await subgraphs
      .get('vannas')!
      .postSigned(
        `{ _entities(representations: [{ __typename: "VannasMunicipality", code: "${findKommun('umea').code}" }]) { __typename } }`,
      );
    expect(data!._entities).toEqual([null]);
  });
});

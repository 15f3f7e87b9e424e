import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { municipalityRootField, municipalityTypeName, region } from '../../domain/region.js';
import { postGraphQL } from '../support/graphql.js';
import { startTestHub, type TestHub } from '../support/hub.js';

// The generic entry points `municipality(code:)` and `municipalities(codes:)`, and the `id` that
// lets normalised client caches hold the municipality types without configuration.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const municipalityFields = 'id code name promises { id title commitments { id text policeActivities { kind date } } }';

describe('municipality(code:)', () => {
  it.each(region.kommuner.map((k) => [k.name, k] as const))(
    'reaches %s with one operation and a variable, as its root field does',
    async (_name, kommun) => {
      hub.resetRequestCounts();
      const generic = await postGraphQL(
        hub.gateway.url,
        `query One($code: ID!) { municipality(code: $code) { __typename ${municipalityFields} } }`,
        { code: kommun.code },
      );
      expect(generic.errors).toBeUndefined();
      // Only that kommun's subgraph is asked, once; the police subgraph for the entry point and its activities.
      for (const other of region.kommuner)
        expect(hub.kommun(other.slug).requests).toHaveLength(other.slug === kommun.slug ? 1 : 0);
      expect(hub.subgraphs.get('polis-umea')!.requests).toHaveLength(2);

      const root = municipalityRootField(kommun);
      const own = await postGraphQL(hub.gateway.url, `{ ${root} { __typename ${municipalityFields} } }`);
      expect(generic.data!.municipality).toEqual(own.data![root]);
      expect(generic.data!.municipality.__typename).toBe(municipalityTypeName(kommun));
      expect(generic.data!.municipality.id).toBe(kommun.code);
      expect(generic.data!.municipality.name).toBe(kommun.name);
    },
  );

  it('refuses a code outside the region with BAD_USER_INPUT naming the kommuner it has', async () => {
    const { data, errors } = await postGraphQL(hub.gateway.url, '{ municipality(code: "0180") { name } }');
    expect(data).toEqual({ municipality: null });
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    expect(errors![0]!.message).toContain('"0180"');
    expect(errors![0]!.message).toContain('2460 (Vännäs)');
  });
});

describe('municipalities(codes:)', () => {
  it('lists every kommun in the region config’s order without a filter, and only the named ones with it', async () => {
    const all = await postGraphQL(hub.gateway.url, '{ municipalities { id code name } }');
    expect(all.errors).toBeUndefined();
    expect(all.data!.municipalities).toEqual(region.kommuner.map((k) => ({ id: k.code, code: k.code, name: k.name })));

    hub.resetRequestCounts();
    const some = await postGraphQL(
      hub.gateway.url,
      'query ($codes: [ID!]) { municipalities(codes: $codes) { name promises { title } } }',
      { codes: ['2460', '2403'] },
    );
    expect(some.errors).toBeUndefined();
    // The region config's order (Bjurholm before Vännäs), whatever the order asked.
    expect(some.data!.municipalities.map((m: any) => m.name)).toEqual(['Bjurholm', 'Vännäs']);
    expect(some.data!.municipalities[1].promises.map((p: any) => p.title)).toContain(
      'Medborgarlöften för Vännäs 2023–2025',
    );
    expect(hub.kommun('umea').requests).toHaveLength(0);
    expect(hub.kommun('vannas').requests).toHaveLength(1);
    expect(hub.kommun('bjurholm').requests).toHaveLength(1);
  });

  it('refuses an unknown code with BAD_USER_INPUT on codes', async () => {
    const { errors } = await postGraphQL(hub.gateway.url, '{ municipalities(codes: ["2480", "9999"]) { name } }');
    expect(errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'codes' }),
    ]);
  });
});

describe('the regional view in Apollo Client’s InMemoryCache', () => {
  const warnings: unknown[][] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    warnings.length = 0;
  });

  it('is held with no warning and no typePolicies, each municipality normalised by its id', async () => {
    for (const level of ['warn', 'error', 'log', 'debug'] as const)
      vi.spyOn(console, level).mockImplementation((...args) => void warnings.push([level, ...args]));
    const cache = new InMemoryCache();
    const client = new ApolloClient({ cache, link: new HttpLink({ uri: hub.gateway.url }) });

    // The same kommuner reached three ways, with different selections: without an id, each later
    // answer would replace the earlier object and Apollo Client would warn about losing data.
    await client.query({
      query: gql`{ localPoliceArea(id: "umea") { id name municipalities { id code name promises { id title period { start end } } } } }`,
    });
    await client.query({
      query: gql`{ umea { id code latestSituationPicture { id date } } vannas { id code policeContact { title } } }`,
    });
    await client.query({
      query: gql`query ($code: ID!) { municipality(code: $code) { id code indicators { id name } } }`,
      variables: { code: '2460' },
    });
    await client.query({ query: gql`{ umea { id code name promises { id status } } }` });

    expect(warnings).toEqual([]);
    const stored = cache.extract() as Record<string, any>;
    for (const kommun of region.kommuner)
      expect(stored[`${municipalityTypeName(kommun)}:${kommun.code}`]).toMatchObject({
        code: kommun.code,
        name: kommun.name,
      });
    expect(stored['LocalPoliceArea:umea']).toMatchObject({ name: 'Lokalpolisområde Umeå' });
    // Fields from different queries are merged on the one normalised object.
    const vannas = stored['VannasMunicipality:2460'];
    expect(Object.keys(vannas)).toEqual(expect.arrayContaining(['promises', 'policeContact', 'indicators']));
    expect(stored.ROOT_QUERY.umea).toEqual({ __ref: 'UmeaMunicipality:2480' });
  });
});

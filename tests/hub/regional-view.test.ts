import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { municipalityRootField, region } from '../../domain/region.js';
import { DEVELOPMENT_SECRET, signDevelopmentToken } from '../../server/auth.js';
import type { PoliceDatabase } from '../../subgraphs/police/database.js';
import { postGraphQL } from '../support/graphql.js';
import { startTestHub, type TestHub } from '../support/hub.js';

// The regional view through the real gateway, over the six kommun subgraphs and the police subgraph.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const regionalQuery = `{
  localPoliceArea(id: "umea") {
    name
    municipalities {
      code name
      promises { title period { start end } commitments { id text responsible policeActivities { kind date } } }
    }
  }
}`;

/** What the kommun's own subgraph says about its promises, asked directly. */
async function promisesFromOwner(slug: string) {
  const root = municipalityRootField({ slug });
  const { data } = await postGraphQL(
    hub.kommun(slug).url,
    `{ ${root} { code name promises { title period { start end } commitments { id text responsible } } } }`,
  );
  return data![root];
}

/** The police activities stored for a commitment, read from the police database. */
async function policeActivitiesFor(commitmentId: string) {
  const db = hub.subgraphs.get('polis-umea')!.running!.db as Kysely<PoliceDatabase>;
  return db
    .selectFrom('policeActivity')
    .select(['kind', 'date'])
    .where('commitmentId', '=', commitmentId)
    .orderBy('date')
    .orderBy('id')
    .execute();
}

describe('the regional query', () => {
  it('returns the six kommuner, each with exactly its own promises and the police activities joined in', async () => {
    hub.resetRequestCounts();
    const { data, errors } = await postGraphQL(hub.gateway.url, regionalQuery);
    expect(errors).toBeUndefined();
    // One request per kommun subgraph; the police subgraph twice (the list, then its fields on all commitments).
    for (const kommun of region.kommuner) expect(hub.kommun(kommun.slug).requests).toHaveLength(1);
    expect(hub.subgraphs.get('polis-umea')!.requests).toHaveLength(2);

    const area = data!.localPoliceArea;
    expect(area.name).toBe('Lokalpolisområde Umeå');
    expect(area.municipalities.map((m: any) => [m.code, m.name])).toEqual(region.kommuner.map((k) => [k.code, k.name]));

    let policeActivitiesSeen = 0;
    for (const municipality of area.municipalities) {
      const kommun = region.kommuner.find((k) => k.code === municipality.code)!;
      const own = await promisesFromOwner(kommun.slug);
      // Exactly the owner's promises and commitments, police fields aside.
      const withoutPolice = municipality.promises.map((p: any) => ({
        ...p,
        commitments: p.commitments.map(({ policeActivities: _police, ...c }: any) => c),
      }));
      expect(withoutPolice).toEqual(own.promises);
      for (const promise of municipality.promises) {
        for (const commitment of promise.commitments) {
          expect(commitment.id.startsWith(`${kommun.code}-`)).toBe(true);
          expect(commitment.policeActivities).toEqual(await policeActivitiesFor(commitment.id));
          policeActivitiesSeen += commitment.policeActivities.length;
          if (commitment.responsible === 'KOMMUN') expect(commitment.policeActivities).toEqual([]);
        }
      }
    }
    expect(policeActivitiesSeen).toBeGreaterThan(0);
  });

  it('Umeå’s moped commitment carries two police operations a year, as its target says', async () => {
    const { data } = await postGraphQL(hub.gateway.url, regionalQuery);
    const umea = data!.localPoliceArea.municipalities.find((m: any) => m.name === 'Umeå');
    const current = umea.promises.find((p: any) => p.title === 'Medborgarlöften för Umeå 2023–2024');
    const mopeds = current.commitments.find((c: any) => /mopeder/.test(c.text));
    expect(mopeds.policeActivities).toEqual([
      { kind: 'MOPED_CONTROL', date: '2023-05-15' },
      { kind: 'MOPED_CONTROL', date: '2023-09-15' },
      { kind: 'MOPED_CONTROL', date: '2024-05-15' },
      { kind: 'MOPED_CONTROL', date: '2024-09-15' },
    ]);
  });

  it('one kommun’s query through the gateway reaches only that kommun and the police', async () => {
    hub.resetRequestCounts();
    const { data, errors } = await postGraphQL(
      hub.gateway.url,
      '{ vannas { name policeContact { title } promises { title commitments { policeActivities { kind } } } } }',
    );
    expect(errors).toBeUndefined();
    expect(data!.vannas.name).toBe('Vännäs');
    expect(data!.vannas.policeContact).toEqual({ title: 'Kommunpolis för Vännäs' });
    const used = [...hub.subgraphs.values()].filter((s) => s.requests.length > 0).map((s) => s.name);
    expect(used.sort()).toEqual(['polis-umea', 'vannas']);
  });

  it('forwards the caller’s Authorization header to every subgraph, and no other caller header', async () => {
    const token = await signDevelopmentToken(
      { subject: 'samordnare@example.se', organisation: 'region', role: 'reader' },
      DEVELOPMENT_SECRET,
    );
    hub.resetRequestCounts();
    await fetch(hub.gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        cookie: 'session=secret',
        'x-custom': 'no',
      },
      body: JSON.stringify({ query: regionalQuery }),
    });
    const received = [...hub.subgraphs.values()].flatMap((s) => s.requests);
    expect(received).toHaveLength(8);
    for (const request of received) {
      expect(request.authorization).toBe(`Bearer ${token}`);
      expect(request.headerNames).not.toContain('cookie');
      expect(request.headerNames).not.toContain('x-custom');
    }
  });
});

describe('a kommun subgraph that is down', () => {
  it('costs only that kommun’s part: null promises and an error naming the kommun; full answers once it is back', async () => {
    const complete = await postGraphQL(hub.gateway.url, regionalQuery);
    const before = complete.data!.localPoliceArea.municipalities;

    await hub.kommun('vannas').stop();
    const partial = await postGraphQL(hub.gateway.url, regionalQuery);
    const after = partial.data!.localPoliceArea.municipalities;
    expect(after).toHaveLength(6);
    for (const [i, municipality] of after.entries()) {
      if (municipality.code === '2460') {
        expect(municipality).toEqual({ code: '2460', name: 'Vännäs', promises: null });
      } else {
        expect(municipality).toEqual(before[i]);
      }
    }
    expect(partial.errors).toHaveLength(1);
    expect(partial.errors![0]!.extensions).toMatchObject({
      code: 'SUBGRAPH_UNAVAILABLE',
      serviceName: 'vannas',
      kommunCode: '2460',
      kommun: 'Vännäs',
    });
    expect(partial.errors![0]!.message).toContain('Vännäs kommun');

    await hub.kommun('vannas').start();
    const again = await postGraphQL(hub.gateway.url, regionalQuery);
    expect(again.errors).toBeUndefined();
    expect(again.data!.localPoliceArea.municipalities).toEqual(before);
  });

  it('with the police subgraph down, a one-kommun query still answers the kommun’s own fields', async () => {
    await hub.subgraphs.get('polis-umea')!.stop();
    try {
      const { data, errors } = await postGraphQL(
        hub.gateway.url,
        '{ umea { name promises { title commitments { text policeActivities { kind } } } } }',
      );
      expect(data!.umea.name).toBe('Umeå');
      expect(data!.umea.promises.map((p: any) => p.title)).toEqual([
        'Medborgarlöften för Umeå 2025–2027',
        'Medborgarlöften för Umeå 2023–2024',
        'Medborgarlöften för Umeå 2021–2022',
        'Medborgarlöften för Umeå 2019–2020',
      ]);
      for (const commitment of data!.umea.promises.flatMap((p: any) => p.commitments))
        expect(commitment.policeActivities).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors![0]!.extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        serviceName: 'polis-umea',
        policeArea: 'Lokalpolisområde Umeå',
      });
    } finally {
      await hub.subgraphs.get('polis-umea')!.start();
    }
  });
});

describe('what is in force across the region', () => {
  const ask = (query: string) => postGraphQL(hub.gateway.url, query);

  it('on 2026-11-25 the regional view shows Umeå’s 2025–2027 promise in force, and for the other five none, with the day their last ended', async () => {
    const { data, errors } = await ask(`{ localPoliceArea(id: "umea") { municipalities {
      name currentPromise(on: "2026-11-25") { id title phase(on: "2026-11-25") } lastPromiseEndedOn(on: "2026-11-25") } } }`);
    expect(errors).toBeUndefined();
    const none = { currentPromise: null, lastPromiseEndedOn: '2025-12-31' };
    expect(data!.localPoliceArea.municipalities).toEqual([
      {
        name: 'Umeå',
        currentPromise: { id: '2480-ml-2025', title: 'Medborgarlöften för Umeå 2025–2027', phase: 'IN_FORCE' },
        lastPromiseEndedOn: '2024-12-31',
      },
      { name: 'Bjurholm', ...none },
      { name: 'Nordmaling', ...none },
      { name: 'Robertsfors', ...none },
      { name: 'Vindeln', ...none },
      { name: 'Vännäs', ...none },
    ]);
  });
});

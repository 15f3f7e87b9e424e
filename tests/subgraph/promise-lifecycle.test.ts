import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInSweden } from '../../domain/dates.js';
import { type InProcessKommuner, openInProcessKommuner } from '../support/in-process-subgraph.js';
import { bearer } from '../support/tokens.js';

// A promise's whole life in its kommun's subgraph: the published history, what is in force on a
// date, honest signing dates, the statuses a promise moves through, and extending a promise. (What
// the regional view shows in force: tests/hub/regional-view.test.ts.)
let kommuner: InProcessKommuner;
let editor: Record<string, string>;
beforeAll(async () => {
  kommuner = await openInProcessKommuner(['umea', 'nordmaling', 'vannas']);
  editor = await bearer('vannas');
});
afterAll(() => kommuner?.stop());

const ask = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  kommuner.post(query, variables, headers);
async function write(query: string, variables: Record<string, unknown> = {}) {
  const response = await ask(query, variables, editor);
  expect(response.errors).toBeUndefined();
  return response.data!;
}

describe('the published history of the promises', () => {
  it('Umeå’s chain of four periods through previous, with extends where published', async () => {
    const { data, errors } = await ask(`{ umea { currentPromise(on: "2026-11-25") {
      id period { start end } extends { id }
      previous { id period { start end } extends { id }
        previous { id period { start end } extends { id }
          previous { id period { start end } extends { id } previous { id } } } } } } }`);
    expect(errors).toBeUndefined();
    expect(data!.umea.currentPromise).toEqual({
      id: '2480-ml-2025',
      period: { start: '2025-01-01', end: '2027-12-31' },
      extends: null,
      previous: {
        id: '2480-ml-2023',
        period: { start: '2023-01-01', end: '2024-12-31' },
        extends: { id: '2480-ml-2021' },
        previous: {
          id: '2480-ml-2021',
          period: { start: '2021-01-01', end: '2022-12-31' },
          extends: null,
          previous: {
            id: '2480-ml-2019',
            period: { start: '2019-01-01', end: '2020-12-31' },
            extends: null,
            previous: null,
          },
        },
      },
    });
  });

  it('Umeå 2023–2024 carries over the eight commitments of 2021–2022 and adds motorburna unga', async () => {
    const { data } = await ask(
      '{ umea { promise(id: "2480-ml-2023") { commitments { id addition carriedOverFrom { id } } } } }',
    );
    expect(data!.umea.promise.commitments).toEqual([
      ...Array.from({ length: 8 }, (_, i) => ({
        id: `2480-ml-2023-c${i + 1}`,
        addition: false,
        carriedOverFrom: { id: `2480-ml-2021-c${i + 1}` },
      })),
      { id: '2480-ml-2023-c9', addition: true, carriedOverFrom: null },
    ]);
  });

  it('Umeå 2019–2020 has its published parts; 2025–2027 has only its period, signatories and spring 2025', async () => {
    const { data } = await ask(`{ umea {
      first: promise(id: "2480-ml-2019") { status focusAreas source { kind reference } commitments { responsible target { yearlyCount } source { kind } } }
      latest: promise(id: "2480-ml-2025") { status signedOn signing { precision earliest latest text } signatories { name title } commitments { id } source { kind reference } } } }`);
    expect(data!.umea.first).toEqual({
      status: 'COMPLETED',
      focusAreas: [
        'En mer tillgänglig polis',
        'Trygghet och minskad brottslighet',
        'Säker trafikmiljö för oskyddade trafikanter',
      ],
      source: { kind: 'PUBLISHED', reference: 'umea.se: "Medborgarlöften" (2019–2020 version)' },
      commitments: [
        ['POLICE', null],
        ['JOINT', null],
        ['JOINT', null],
        ['JOINT', null],
        ['JOINT', 2],
        ['POLICE', 2],
        ['KOMMUN', null],
      ].map(([responsible, yearlyCount]) => ({
        responsible,
        target: yearlyCount === null ? null : { yearlyCount },
        source: { kind: 'PUBLISHED' },
      })),
    });
    expect(data!.umea.latest).toEqual({
      status: 'ACTIVE',
      signedOn: null,
      signing: { precision: 'SEASON', earliest: '2025-03-01', latest: '2025-05-31', text: 'våren 2025' },
      signatories: [
        { name: 'Hans Lindberg', title: 'Kommunstyrelsens ordförande' },
        { name: 'Michael Rystedt', title: 'Lokalpolisområdeschef' },
      ],
      commitments: [],
      source: {
        kind: 'PUBLISHED',
        reference:
          'umea.se: "Medborgarlöften" (2025–2027 version): the period, the signatories and the signing in spring 2025',
      },
    });
  });

  it('the 2023 signings are the week of 27 February – 3 March 2023, not an invented day; Nordmaling’s 2017 promise has its day', async () => {
    const signing = '{ signedOn signing { precision earliest latest text } }';
    const { data } =
      await ask(`{ umea { promise(id: "2480-ml-2023") ${signing} } vannas { promise(id: "2460-ml-2023") ${signing} }
      nordmaling { promise(id: "2401-ml-2017") ${signing} } }`);
    const week = {
      signedOn: null,
      signing: {
        precision: 'WEEK',
        earliest: '2023-02-27',
        latest: '2023-03-03',
        text: 'veckan 27 februari–3 mars 2023',
      },
    };
    expect(data!.umea.promise).toEqual(week);
    expect(data!.vannas.promise).toEqual(week);
    expect(data!.nordmaling.promise).toEqual({
      signedOn: '2016-12-21',
      signing: { precision: 'DAY', earliest: '2016-12-21', latest: '2016-12-21', text: '21 december 2016' },
    });
  });

  it('in the past, the promise then in force; before the first, none and no end', async () => {
    const { data } =
      await ask(`{ umea { in2020: currentPromise(on: "2020-06-01") { id } in2023: currentPromise(on: "2023-03-01") { id }
      before: currentPromise(on: "2018-12-31") { id } endedBefore: lastPromiseEndedOn(on: "2018-12-31") endedIn2023: lastPromiseEndedOn(on: "2023-03-01") } }`);
    expect(data!.umea).toEqual({
      in2020: { id: '2480-ml-2019' },
      in2023: { id: '2480-ml-2023' },
      before: null,
      endedBefore: null,
      endedIn2023: '2022-12-31',
    });
  });

  it('left out, `on` is today in Sweden', async () => {
    const today = todayInSweden();
    const fields = (on: string) => `currentPromise${on} { id } lastPromiseEndedOn${on}`;
    const vannas = await ask(`{ vannas { ${fields('')} } vannasToday: vannas { ${fields(`(on: "${today}")`)} } }`);
    expect(vannas.data!.vannas).toEqual(vannas.data!.vannasToday);
    const umea = await ask(`{ umea { ${fields('')} } umeaToday: umea { ${fields(`(on: "${today}")`)} } }`);
    expect(umea.data!.umea).toEqual(umea.data!.umeaToday);
  });
});

describe('signing dates round-trip, with their precision', () => {
  let id: string;
  const read = '{ id version signedOn signing { precision earliest latest text } }';

  it('a week, a month, a day and a range, each rendered in Swedish; null clears it', async () => {
    const created = await write(
      `mutation ($input: CreatePromiseInput!) { vannas { createPromise(input: $input) ${read} } }`,
      {
        input: {
          title: 'Medborgarlöften för Vännäs 2026–2027',
          summary: 'Utkast.',
          period: { start: '2026-01-01', end: '2027-12-31' },
          signing: { precision: 'WEEK', earliest: '2026-03-02', latest: '2026-03-06' },
        },
      },
    );
    id = created.vannas.createPromise.id;
    expect(created.vannas.createPromise).toMatchObject({
      version: 1,
      signedOn: null,
      signing: { precision: 'WEEK', earliest: '2026-03-02', latest: '2026-03-06', text: 'veckan 2–6 mars 2026' },
    });

    const steps: [string, unknown, unknown][] = [
      [
        'signing',
        { precision: 'MONTH', earliest: '2026-03-01' },
        {
          signedOn: null,
          signing: { precision: 'MONTH', earliest: '2026-03-01', latest: '2026-03-31', text: 'mars 2026' },
        },
      ],
      [
        'signedOn',
        '2026-03-05',
        {
          signedOn: '2026-03-05',
          signing: { precision: 'DAY', earliest: '2026-03-05', latest: '2026-03-05', text: '5 mars 2026' },
        },
      ],
      [
        'signing',
        { precision: 'RANGE', earliest: '2026-02-27', latest: '2026-03-10' },
        {
          signedOn: null,
          signing: {
            precision: 'RANGE',
            earliest: '2026-02-27',
            latest: '2026-03-10',
            text: 'mellan 27 februari och 10 mars 2026',
          },
        },
      ],
      [
        'signing',
        { precision: 'YEAR', earliest: '2026-01-01' },
        { signedOn: null, signing: { precision: 'YEAR', earliest: '2026-01-01', latest: '2026-12-31', text: '2026' } },
      ],
      [
        'signing',
        { precision: 'SEASON', earliest: '2025-12-01' },
        {
          signedOn: null,
          signing: { precision: 'SEASON', earliest: '2025-12-01', latest: '2026-02-28', text: 'vintern 2025/2026' },
        },
      ],
      ['signing', null, { signedOn: null, signing: null }],
    ];
    for (const [version, [field, value, expected]] of steps.entries()) {
      const updated = await write(
        `mutation ($input: UpdatePromiseInput!) { vannas { updatePromise(id: "${id}", expectedVersion: ${version + 1}, input: $input) ${read} } }`,
        { input: { [field]: value } },
      );
      expect(updated.vannas.updatePromise).toEqual({ id, version: version + 2, ...(expected as object) });
    }
    const again = await ask(`{ vannas { promise(id: "${id}") ${read} } }`, {}, editor);
    expect(again.data!.vannas.promise).toEqual({ id, version: 7, signedOn: null, signing: null });
  });

  it.each([
    {
      label: 'a week that does not begin on a Monday',
      signing: { precision: 'WEEK', earliest: '2026-03-03' },
      field: 'input.signing.earliest',
    },
    {
      label: 'a week ending after its Sunday',
      signing: { precision: 'WEEK', earliest: '2026-03-02', latest: '2026-03-09' },
      field: 'input.signing.latest',
    },
    {
      label: 'a month from its 2nd',
      signing: { precision: 'MONTH', earliest: '2026-03-02' },
      field: 'input.signing.earliest',
    },
    {
      label: 'a season from April',
      signing: { precision: 'SEASON', earliest: '2026-04-01' },
      field: 'input.signing.earliest',
    },
    {
      label: 'a range without its end',
      signing: { precision: 'RANGE', earliest: '2026-03-02' },
      field: 'input.signing.latest',
    },
    {
      label: 'a range ending before it begins',
      signing: { precision: 'RANGE', earliest: '2026-03-02', latest: '2026-03-01' },
      field: 'input.signing.latest',
    },
  ])('refuses $label with BAD_USER_INPUT, changing nothing', async ({ signing, field }) => {
    const before = await kommuner.snapshot();
    const response = await ask(
      `mutation ($input: UpdatePromiseInput!) { vannas { updatePromise(id: "${id}", expectedVersion: 7, input: $input) { id } } }`,
      { input: { signing } },
      editor,
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await kommuner.snapshot()).toEqual(before);
  });

  it('refuses a signing date and a signing day at once', async () => {
    const response = await ask(
      `mutation { vannas { updatePromise(id: "${id}", expectedVersion: 7, input: { signedOn: "2026-03-05", signing: { precision: YEAR, earliest: "2026-01-01" } }) { id } } }`,
      {},
      editor,
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.signing' });
  });
});

describe('the statuses a promise moves through', () => {
  it('an announced preparation is public; it becomes a draft, is published, and is in force only within its period', async () => {
    const created = await write(
      `mutation { vannas { createPromise(input: { status: PREPARATION, title: "Medborgarlöften för Vännäs 2028–2029", summary: "Lägesbild och medborgardialog pågår.", period: { start: "2028-01-01", end: "2029-12-31" } }) { id status phase(on: "2026-11-25") } } }`,
    );
    const { id } = created.vannas.createPromise;
    expect(created.vannas.createPromise).toEqual({ id, status: 'PREPARATION', phase: 'PREPARATION' });
    const publicView = await ask(`{ vannas { promise(id: "${id}") { status } } }`);
    expect(publicView.data!.vannas.promise).toEqual({ status: 'PREPARATION' });

    const toActive = await ask(
      `mutation { vannas { updatePromise(id: "${id}", expectedVersion: 1, input: { status: ACTIVE }) { id } } }`,
      {},
      editor,
    );
    expect(toActive.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.status' });
    expect(toActive.errors?.[0]?.message).toBe(
      'A promise cannot go from PREPARATION to ACTIVE; from PREPARATION it can go to DRAFT (updatePromise), WITHDRAWN (withdrawPromise)',
    );

    await write(
      `mutation { vannas { updatePromise(id: "${id}", expectedVersion: 1, input: { status: DRAFT }) { status } } }`,
    );
    await write(
      `mutation { vannas { addCommitment(promiseId: "${id}", input: { text: "Trygghetsvandring i Vännäsby varje höst.", responsible: JOINT }) { id } } }`,
    );
    const published = await write(`mutation { vannas { publishPromise(id: "${id}", expectedVersion: 2) {
      status before: phase(on: "2027-12-31") during: phase(on: "2028-06-01") after: phase(on: "2030-01-01") } } }`);
    expect(published.vannas.publishPromise).toEqual({
      status: 'ACTIVE',
      before: 'SIGNED',
      during: 'IN_FORCE',
      after: 'ENDED',
    });
    const current = await ask(
      `{ vannas { before: currentPromise(on: "2027-12-31") { id } during: currentPromise(on: "2028-06-01") { id } } }`,
    );
    expect(current.data!.vannas).toEqual({ before: null, during: { id } });

    const completed = await write(
      `mutation { vannas { updatePromise(id: "${id}", expectedVersion: 3, input: { status: COMPLETED }) { status phase(on: "2028-06-01") } } }`,
    );
    expect(completed.vannas.updatePromise).toEqual({ status: 'COMPLETED', phase: 'COMPLETED' });
    const back = await ask(
      `mutation { vannas { updatePromise(id: "${id}", expectedVersion: 4, input: { status: DRAFT }) { id } } }`,
      {},
      editor,
    );
    expect(back.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.status' });
    const viaUpdate = await ask(
      `mutation { vannas { updatePromise(id: "${id}", expectedVersion: 4, input: { status: WITHDRAWN }) { id } } }`,
      {},
      editor,
    );
    expect(viaUpdate.errors?.[0]?.message).toBe(
      'A promise cannot go from COMPLETED to WITHDRAWN; from COMPLETED it can go to nothing',
    );
  });

  it('a new promise starts as a draft or a preparation, nothing else', async () => {
    const response = await ask(
      'mutation { vannas { createPromise(input: { status: ACTIVE, title: "Genväg", summary: "Utkast.", period: { start: "2028-01-01", end: "2028-12-31" } }) { id } } }',
      {},
      editor,
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.status' });
  });
});

describe('extendPromise', () => {
  it('makes a draft that extends and follows the promise, its commitments carried over; what is added later is an addition', async () => {
    const source = await ask('{ vannas { promise(id: "2460-ml-2023") { commitments { id text responsible } } } }');
    const originals = source.data!.vannas.promise.commitments;
    const extended =
      await write(`mutation { vannas { extendPromise(id: "2460-ml-2023", input: { title: "Medborgarlöften för Vännäs 2026–2027, förlängda", period: { start: "2026-01-01", end: "2027-12-31" } }) {
      id status title summary focusAreas extends { id } previous { id } commitments { text responsible addition carriedOverFrom { id } } } } }`);
    const draft = extended.vannas.extendPromise;
    expect(draft).toMatchObject({
      status: 'DRAFT',
      title: 'Medborgarlöften för Vännäs 2026–2027, förlängda',
      extends: { id: '2460-ml-2023' },
      previous: { id: '2460-ml-2023' },
      focusAreas: [
        'Platser som upplevs otrygga',
        'Trafiksäkerhet och störande motortrafik',
        'Alkohol och narkotika bland unga',
        'Inbrott och bedrägerier',
        'Våld i nära relationer',
      ],
    });
    expect(draft.commitments).toEqual(
      originals.map((c: any) => ({
        text: c.text,
        responsible: c.responsible,
        addition: false,
        carriedOverFrom: { id: c.id },
      })),
    );

    await write(
      `mutation { vannas { addCommitment(promiseId: "${draft.id}", input: { text: "Motorburna unga: en plats för motorintresset i Vännäsby.", responsible: JOINT }) { id } } }`,
    );
    const withAddition = await ask(
      `{ vannas { promise(id: "${draft.id}") { commitments { addition carriedOverFrom { id } } } } }`,
      {},
      editor,
    );
    expect(withAddition.data!.vannas.promise.commitments.at(-1)).toEqual({ addition: true, carriedOverFrom: null });
    expect(withAddition.data!.vannas.promise.commitments.filter((c: any) => c.addition)).toHaveLength(1);
    const asPublic = await ask(`{ vannas { promise(id: "${draft.id}") { id } } }`);
    expect(asPublic.data!.vannas.promise).toBeNull();
  });

  it('refuses a period that does not begin after the extended one, and an unknown promise', async () => {
    const early = await ask(
      'mutation { vannas { extendPromise(id: "2460-ml-2023", input: { title: "För tidigt", period: { start: "2023-01-01", end: "2027-12-31" } }) { id } } }',
      {},
      editor,
    );
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.period' });
    const unknown = await ask(
      'mutation { vannas { extendPromise(id: "2460-finns-inte", input: { title: "Okänt", period: { start: "2026-01-01", end: "2027-12-31" } }) { id } } }',
      {},
      editor,
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const foreign = await ask(
      'mutation { vannas { extendPromise(id: "2460-ml-2023", input: { title: "Umeås?", period: { start: "2026-01-01", end: "2027-12-31" } }) { id } } }',
      {},
      await bearer('umea'),
    );
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInSweden } from '../../domain/dates.js';
import { type InProcessKommuner, openInProcessKommuner } from '../support/in-process-subgraph.js';
import { bearer } from '../support/tokens.js';

// Every record kind can be withdrawn by its owner, with a reason: it stays, marked, hidden from the
// public's lists and visible to the owner and coordinators who ask. A measurement can be corrected,
// keeping the value it replaced; the citizen report says so.
let kommuner: InProcessKommuner;
let editor: Record<string, string>;
let coordinator: Record<string, string>;
beforeAll(async () => {
  kommuner = await openInProcessKommuner(['umea', 'vannas']);
  editor = await bearer('vannas');
  coordinator = await bearer('region', 'reader');
});
afterAll(() => kommuner?.stop());

const ask = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  kommuner.post(query, variables, headers);
async function write(query: string, variables: Record<string, unknown> = {}) {
  const response = await ask(query, variables, editor);
  expect(response.errors).toBeUndefined();
  return response.data!.vannas;
}

const ids: Record<string, string> = {};

/** One published promise with a commitment, activity and follow-up, and one of each foundation record, all Vännäs's. */
async function recordsToWithdraw() {
  ids.indicator = (
    await write(
      `mutation { vannas { createIndicator(input: { name: "Trygghet i Vännäsby", definition: "Andel (%) som känner sig trygga.", unit: "%", dataSource: LOCAL_SURVEY, desiredDirection: INCREASE, baseline: { value: 80, date: "2025-06-30" } }) { id } } }`,
    )
  ).createIndicator.id;
  ids.measurement = (
    await write(
      `mutation { vannas { recordMeasurement(indicatorId: "${ids.indicator}", input: { date: "2025-12-31", value: 82 }) { id } } }`,
    )
  ).recordMeasurement.id;
  ids.correctedMeasurement = (
    await write(
      `mutation { vannas { recordMeasurement(indicatorId: "${ids.indicator}", input: { date: "2026-06-30", value: 90 }) { id } } }`,
    )
  ).recordMeasurement.id;
  ids.promise = (
    await write(
      `mutation { vannas { createPromise(input: { title: "Medborgarlöften för Vännäs 2026", summary: "Trygghet i Vännäsby.", period: { start: "2026-01-01", end: "2026-12-31" }, indicatorIds: ["${ids.indicator}"] }) { id } } }`,
    )
  ).createPromise.id;
  ids.commitment = (
    await write(
      `mutation { vannas { addCommitment(promiseId: "${ids.promise}", input: { text: "Trygghetsvandringar i Vännäsby.", responsible: JOINT }) { id } } }`,
    )
  ).addCommitment.id;
  ids.keptCommitment = (
    await write(
      `mutation { vannas { addCommitment(promiseId: "${ids.promise}", input: { text: "Föräldravandringar på fredagskvällar.", responsible: KOMMUN }) { id } } }`,
    )
  ).addCommitment.id;
  await write(`mutation { vannas { publishPromise(id: "${ids.promise}", expectedVersion: 1) { id } } }`);
  ids.activity = (
    await write(
      `mutation { vannas { recordActivity(commitmentId: "${ids.commitment}", input: { date: "2026-09-10", kind: SAFETY_WALK, place: "Vännäsby", description: "Trygghetsvandring." }) { id } } }`,
    )
  ).recordActivity.id;
  ids.followUp = (
    await write(
      `mutation { vannas { recordFollowUp(commitmentId: "${ids.commitment}", input: { date: "2026-10-01", status: ON_TRACK, note: "Pågår." }) { id } } }`,
    )
  ).recordFollowUp.id;
  await write(
    `mutation { vannas { recordFollowUp(commitmentId: "${ids.keptCommitment}", input: { date: "2026-10-01", status: DONE, note: "Genomfört." }) { id } } }`,
  );
  ids.situationPicture = (
    await write(
      `mutation { vannas { recordSituationPicture(input: { date: "2026-02-01", period: { start: "2025-01-01", end: "2025-12-31" }, title: "Lägesbild 2026", summary: "Sammanfattning.", prioritisedProblems: ["Otrygghet"], dataSources: [LOCAL_SURVEY] }) { id } } }`,
    )
  ).recordSituationPicture.id;
  ids.citizenDialogue = (
    await write(
      `mutation { vannas { recordCitizenDialogue(input: { title: "Trygghetsenkät 2026", method: SURVEY, period: { start: "2026-03-01", end: "2026-03-31" } }) { id } } }`,
    )
  ).recordCitizenDialogue.id;
  ids.collaborationAgreement = (
    await write(
      `mutation { vannas { createCollaborationAgreement(input: { title: "Överenskommelse 2026", period: { start: "2026-01-01", end: "2026-12-31" }, parties: ["Vännäs kommun", "Lokalpolisområde Umeå"], followUpPlan: "Varje halvår." }) { id } } }`,
    )
  ).createCollaborationAgreement.id;
}

/** Each kind: its withdraw mutation, where a list shows it, and the id in `ids`. Children before their parents. */
const kinds = [
  {
    kind: 'Measurement',
    key: 'measurement',
    list: (all: string) => `indicator(id: "${ids.indicator}") { list: measurements${all} { id } }`,
  },
  {
    kind: 'Activity',
    key: 'activity',
    list: (all: string) => `commitment(id: "${ids.commitment}") { list: activities${all} { id } }`,
  },
  {
    kind: 'FollowUp',
    key: 'followUp',
    list: (all: string) => `commitment(id: "${ids.commitment}") { list: followUps${all} { id } }`,
  },
  { kind: 'SituationPicture', key: 'situationPicture', list: (all: string) => `list: situationPictures${all} { id }` },
  { kind: 'CitizenDialogue', key: 'citizenDialogue', list: (all: string) => `list: citizenDialogues${all} { id }` },
  {
    kind: 'CollaborationAgreement',
    key: 'collaborationAgreement',
    list: (all: string) => `list: collaborationAgreements${all} { id }`,
  },
  {
    kind: 'Commitment',
    key: 'commitment',
    list: (all: string) => `promise(id: "${ids.promise}") { list: commitments${all} { id } }`,
  },
  { kind: 'Indicator', key: 'indicator', list: (all: string) => `list: indicators${all} { id }` },
  { kind: 'Promise', key: 'promise', list: (all: string) => `list: promises${all} { id }` },
] as const;

/** The ids a kind's list shows to a caller, with or without asking for withdrawn records. */
async function listed(
  kind: (typeof kinds)[number],
  includeWithdrawn: boolean,
  headers: Record<string, string> = {},
): Promise<string[]> {
  const { data, errors } = await ask(
    `{ vannas { ${kind.list(includeWithdrawn ? '(includeWithdrawn: true)' : '')} } }`,
    {},
    headers,
  );
  expect(errors).toBeUndefined();
  const found = data!.vannas.list ?? Object.values(data!.vannas as Record<string, { list: { id: string }[] }>)[0]!.list;
  return found.map((record: { id: string }) => record.id);
}

describe('withdrawing every kind of record', () => {
  beforeAll(recordsToWithdraw);

  it.each(kinds)(
    'withdraw$kind: owner only, versioned, audited; hidden from the public, shown to the owner and coordinators who ask',
    async (kind) => {
      const id = ids[kind.key]!;
      const mutation = `mutation ($id: ID!, $version: Int!, $reason: String!) { vannas { withdraw${kind.kind}(id: $id, expectedVersion: $version, reason: $reason) {
      id version withdrawal { reason by } } } }`;
      const { data: current } = await ask(`{ vannas { auditLog(limit: 1) { id } } }`, {}, editor);
      expect(await listed(kind, false)).toContain(id);
      const versionBefore = kind.kind === 'Promise' ? 2 : 1;
      const reason = 'Felregistrerad – dubblett av en annan post i Vännäs.';

      const before = await kommuner.snapshot();
      for (const [who, headers, code] of [
        ['nobody', {}, 'UNAUTHENTICATED'],
        ['Umeå’s editor', await bearer('umea'), 'FORBIDDEN'],
        ['a coordinator', coordinator, 'FORBIDDEN'],
        ['Vännäs’s reader', await bearer('vannas', 'reader'), 'FORBIDDEN'],
      ] as const) {
        const refused = await ask(mutation, { id, version: versionBefore, reason }, headers);
        expect(refused.errors?.[0]?.extensions?.code, who).toBe(code);
      }
      const stale = await ask(mutation, { id, version: versionBefore + 5, reason }, editor);
      expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: versionBefore });
      const noReason = await ask(mutation, { id, version: versionBefore, reason: '  ' }, editor);
      expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      expect(await kommuner.snapshot()).toEqual(before);

      const done = await write(mutation, { id, version: versionBefore, reason });
      expect(done[`withdraw${kind.kind}`]).toEqual({
        id,
        version: versionBefore + 1,
        withdrawal: { reason, by: 'editor@vannas' },
      });
      const again = await ask(mutation, { id, version: versionBefore + 1, reason }, editor);
      expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });

      expect(await listed(kind, false)).not.toContain(id);
      expect(await listed(kind, true)).not.toContain(id);
      expect(await listed(kind, false, editor)).not.toContain(id);
      expect(await listed(kind, true, editor)).toContain(id);
      expect(await listed(kind, true, coordinator)).toContain(id);

      const log = await ask(
        `{ vannas { auditLog(limit: 2) { id action recordType recordId before after } } }`,
        {},
        editor,
      );
      const [entry] = log.data!.vannas.auditLog;
      expect(entry.id).not.toBe(current!.vannas.auditLog[0]?.id);
      expect(entry).toMatchObject({
        action: `withdraw${kind.kind}`,
        recordId: id,
        before: { version: versionBefore, withdrawnAt: null, withdrawalReason: null },
        after: { version: versionBefore + 1, withdrawnBy: 'editor@vannas', withdrawalReason: reason },
      });
      if (kind.kind === 'Promise') expect([entry.before.status, entry.after.status]).toEqual(['ACTIVE', 'WITHDRAWN']);
    },
  );

  it('the public sees who withdrew a record only as the owner’s decision, not the person', async () => {
    const { data } = await ask(`{ vannas { promise(id: "${ids.promise}") { status withdrawal { reason by } } } }`);
    expect(data!.vannas.promise).toEqual({
      status: 'WITHDRAWN',
      withdrawal: { reason: 'Felregistrerad – dubblett av en annan post i Vännäs.', by: null },
    });
  });
});

describe('correcting a measurement', () => {
  it('owner only, versioned and audited; the corrected value stays in its history and the trend uses the new one', async () => {
    const id = ids.correctedMeasurement!;
    const mutation = `mutation ($version: Int!, $value: Float!) { vannas { correctMeasurement(id: "${id}", expectedVersion: $version, value: $value, reason: "Fel i inmatningen: 84 %, inte 90 %.") {
      value version corrections { previousValue value reason } } } }`;
    const before = await kommuner.snapshot();
    expect((await ask(mutation, { version: 1, value: 84 })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await ask(mutation, { version: 1, value: 84 }, await bearer('umea'))).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await ask(mutation, { version: 2, value: 84 }, editor)).errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      currentVersion: 1,
    });
    expect((await ask(mutation, { version: 1, value: 90 }, editor)).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'value',
    });
    expect(await kommuner.snapshot()).toEqual(before);

    const corrected = await write(mutation, { version: 1, value: 84 });
    expect(corrected.correctMeasurement).toEqual({
      value: 84,
      version: 2,
      corrections: [{ previousValue: 90, value: 84, reason: 'Fel i inmatningen: 84 %, inte 90 %.' }],
    });
    const log = await ask('{ vannas { auditLog(limit: 1) { action recordId before after } } }', {}, editor);
    expect(log.data!.vannas.auditLog[0]).toMatchObject({
      action: 'correctMeasurement',
      recordId: id,
      before: { value: 90, version: 1 },
      after: { value: 84, version: 2, correction: { previousValue: 90, value: 84, correctedBy: 'editor@vannas' } },
    });
  });

  it('a withdrawn measurement is not corrected', async () => {
    const response = await ask(
      `mutation { vannas { correctMeasurement(id: "${ids.measurement}", expectedVersion: 2, value: 81, reason: "Rättelse.") { id } } }`,
      {},
      editor,
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('the citizen report says what was withdrawn or corrected', () => {
  it('lists the withdrawn commitment with its reason, counts it apart, and names the corrected and withdrawn measurements', async () => {
    const { data, errors } = await ask(`{ vannas { citizenReport(promiseId: "${ids.promise}") {
      asOf
      commitments { commitment { id } withdrawal { reason } latestFollowUp { status } }
      commitmentsByStatus { status count } notFollowedUp withdrawnCommitments
      indicators { indicator { id } latest { value } measurements { value } correctedMeasurements { date value corrections { previousValue value reason } } withdrawnMeasurements { date value withdrawal { reason } } }
    } } }`);
    expect(errors).toBeUndefined();
    const report = data!.vannas.citizenReport;
    expect(report.asOf).toBe([todayInSweden(), '2026-12-31'].sort()[0]);
    expect(report.commitments).toEqual([
      {
        commitment: { id: ids.commitment },
        withdrawal: { reason: 'Felregistrerad – dubblett av en annan post i Vännäs.' },
        latestFollowUp: null,
      },
      { commitment: { id: ids.keptCommitment }, withdrawal: null, latestFollowUp: { status: 'DONE' } },
    ]);
    expect(report.commitmentsByStatus).toEqual([
      { status: 'NOT_STARTED', count: 0 },
      { status: 'ON_TRACK', count: 0 },
      { status: 'DELAYED', count: 0 },
      { status: 'DONE', count: 1 },
    ]);
    expect(report.notFollowedUp).toBe(0);
    expect(report.withdrawnCommitments).toBe(1);
    // The indicator itself was withdrawn too, so the report no longer counts it.
    expect(report.indicators).toEqual([]);
  });

  it('with the indicator standing, its trend shows the corrected value and the withdrawn one apart', async () => {
    const indicator = (
      await write(
        `mutation { vannas { createIndicator(input: { name: "Trygghet i Vännäs centrum", definition: "Andel (%).", unit: "%", dataSource: LOCAL_SURVEY, desiredDirection: INCREASE, baseline: { value: 70, date: "2025-06-30" } }) { id } } }`,
      )
    ).createIndicator.id;
    const promise = (
      await write(
        `mutation { vannas { createPromise(input: { title: "Medborgarlöften för Vännäs centrum", summary: "Trygghet.", period: { start: "2025-07-01", end: "2026-06-30" }, indicatorIds: ["${indicator}"] }) { id } } }`,
      )
    ).createPromise.id;
    await write(
      `mutation { vannas { addCommitment(promiseId: "${promise}", input: { text: "Belysning i centrum.", responsible: KOMMUN }) { id } } }`,
    );
    await write(`mutation { vannas { publishPromise(id: "${promise}", expectedVersion: 1) { id } } }`);
    const early = (
      await write(
        `mutation { vannas { recordMeasurement(indicatorId: "${indicator}", input: { date: "2025-12-31", value: 99 }) { id } } }`,
      )
    ).recordMeasurement.id;
    const late = (
      await write(
        `mutation { vannas { recordMeasurement(indicatorId: "${indicator}", input: { date: "2026-06-30", value: 77 }) { id } } }`,
      )
    ).recordMeasurement.id;
    await write(
      `mutation { vannas { withdrawMeasurement(id: "${early}", expectedVersion: 1, reason: "Mätningen gjordes med fel enkät.") { id } } }`,
    );
    await write(
      `mutation { vannas { correctMeasurement(id: "${late}", expectedVersion: 1, value: 75.5, reason: "Avrundningsfel.") { id } } }`,
    );

    const { data } = await ask(`{ vannas { citizenReport(promiseId: "${promise}") { asOf indicators {
      latest { value } changeFromBaseline measurements { date value }
      correctedMeasurements { date value corrections { previousValue value reason } }
      withdrawnMeasurements { date value withdrawal { reason } } } } } }`);
    expect(data!.vannas.citizenReport).toEqual({
      asOf: '2026-06-30',
      indicators: [
        {
          latest: { value: 75.5 },
          changeFromBaseline: 5.5,
          measurements: [{ date: '2026-06-30', value: 75.5 }],
          correctedMeasurements: [
            {
              date: '2026-06-30',
              value: 75.5,
              corrections: [{ previousValue: 77, value: 75.5, reason: 'Avrundningsfel.' }],
            },
          ],
          withdrawnMeasurements: [
            { date: '2025-12-31', value: 99, withdrawal: { reason: 'Mätningen gjordes med fel enkät.' } },
          ],
        },
      ],
    });
  });
});

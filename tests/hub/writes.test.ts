import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from '../support/graphql.js';
import { databaseSnapshot, startTestHub, type TestHub } from '../support/hub.js';
import { bearer } from '../support/tokens.js';

// Every mutation's happy path through the gateway, and its effect in the regional query.
let hub: TestHub;
let vannasEditor: Record<string, string>;
let policeEditor: Record<string, string>;
beforeAll(async () => {
  hub = await startTestHub();
  vannasEditor = await bearer('vannas');
  policeEditor = await bearer('polis-umea');
});
afterAll(() => hub?.stop());

async function gateway(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return postGraphQL(hub.gateway.url, query, variables, headers);
}

/** Vännäs's promises as the regional query shows them to the public. */
async function vannasInRegionalView() {
  const { data, errors } = await gateway(`{ localPoliceArea(id: "umea") { municipalities { code
    promises { id title status version commitments { id text activities { place description } followUps { status note }
      policeActivities { kind place } } } } } }`);
  expect(errors).toBeUndefined();
  return data!.localPoliceArea.municipalities.find((m: any) => m.code === '2460').promises;
}

const createPromise = `mutation ($input: CreatePromiseInput!) {
  vannas { createPromise(input: $input) { id status version title period { start end } signatories { name } source { kind } } } }`;

describe('a kommun editor keeps its promises up to date', () => {
  let promiseId: string;
  let commitmentId: string;

  it('creates a draft that only the kommun (and coordinators) can see', async () => {
    const { data, errors } = await gateway(
      createPromise,
      {
        input: {
          title: 'Medborgarlöften för Vännäs 2026–2027',
          summary: 'Trygghet på Vännäsby och i centrum.',
          period: { start: '2026-01-01', end: '2027-12-31' },
          focusAreas: ['Platser som upplevs otrygga'],
          signatories: [{ name: 'Åsa Öhlund', title: 'Kommunstyrelsens ordförande', organisation: 'Vännäs kommun' }],
          internalNote: 'Stäm av med kommunpolisen före publicering.',
        },
      },
      vannasEditor,
    );
    expect(errors).toBeUndefined();
    const created = data!.vannas.createPromise;
    expect(created).toMatchObject({
      status: 'DRAFT',
      version: 1,
      title: 'Medborgarlöften för Vännäs 2026–2027',
      period: { start: '2026-01-01', end: '2027-12-31' },
      signatories: [{ name: 'Åsa Öhlund' }],
      source: { kind: 'ENTERED' },
    });
    expect(created.id).toMatch(/^2460-/);
    promiseId = created.id;

    expect((await vannasInRegionalView()).map((p: any) => p.id)).not.toContain(promiseId);
    const asOwner = await gateway(
      `{ vannas { promise(id: "${promiseId}") { status internalNote } } }`,
      {},
      vannasEditor,
    );
    expect(asOwner.data!.vannas.promise).toEqual({
      status: 'DRAFT',
      internalNote: 'Stäm av med kommunpolisen före publicering.',
    });
    const asCoordinator = await gateway(
      `{ vannas { promise(id: "${promiseId}") { status } } }`,
      {},
      await bearer('region', 'reader'),
    );
    expect(asCoordinator.data!.vannas.promise).toEqual({ status: 'DRAFT' });
    const asOtherKommun = await gateway(
      `{ vannas { promise(id: "${promiseId}") { status } } }`,
      {},
      await bearer('umea'),
    );
    expect(asOtherKommun.data!.vannas.promise).toBeNull();
  });

  it('adds a commitment, publishes the promise, and the public regional view shows it', async () => {
    const added = await gateway(
      `mutation ($promiseId: ID!, $input: CommitmentInput!) { vannas { addCommitment(promiseId: $promiseId, input: $input) { id text responsible target { text yearlyCount } version } } }`,
      {
        promiseId,
        input: {
          text: 'Trygghetsvandringar i Vännäsby',
          responsible: 'JOINT',
          target: { text: 'Minst två per år', yearlyCount: 2 },
        },
      },
      vannasEditor,
    );
    expect(added.errors).toBeUndefined();
    commitmentId = added.data!.vannas.addCommitment.id;
    expect(added.data!.vannas.addCommitment).toMatchObject({
      responsible: 'JOINT',
      target: { yearlyCount: 2 },
      version: 1,
    });

    const published = await gateway(
      `mutation { vannas { publishPromise(id: "${promiseId}", expectedVersion: 1) { status version } } }`,
      {},
      vannasEditor,
    );
    expect(published.data!.vannas.publishPromise).toEqual({ status: 'ACTIVE', version: 2 });
    const visible = (await vannasInRegionalView()).find((p: any) => p.id === promiseId);
    expect(visible).toMatchObject({
      status: 'ACTIVE',
      commitments: [{ id: commitmentId, text: 'Trygghetsvandringar i Vännäsby' }],
    });
  });

  it('updates the promise and the commitment, each at the version it read', async () => {
    const updated = await gateway(
      `mutation ($input: UpdatePromiseInput!) { vannas { updatePromise(id: "${promiseId}", expectedVersion: 2, input: $input) { title version focusAreas } } }`,
      {
        input: {
          title: 'Medborgarlöften för Vännäs 2026–2027 – reviderade',
          focusAreas: ['Trafik', 'Våld i nära relationer'],
        },
      },
      vannasEditor,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.vannas.updatePromise).toEqual({
      title: 'Medborgarlöften för Vännäs 2026–2027 – reviderade',
      version: 3,
      focusAreas: ['Trafik', 'Våld i nära relationer'],
    });
    const commitment = await gateway(
      `mutation { vannas { updateCommitment(id: "${commitmentId}", expectedVersion: 1, input: { text: "Trygghetsvandringar i Vännäsby och Vännäs centrum", responsible: JOINT, target: null }) { text version target { text } } } }`,
      {},
      vannasEditor,
    );
    expect(commitment.data!.vannas.updateCommitment).toEqual({
      text: 'Trygghetsvandringar i Vännäsby och Vännäs centrum',
      version: 2,
      target: null,
    });
  });

  it('records an activity and a follow-up under the commitment', async () => {
    const activity = await gateway(
      `mutation ($input: ActivityInput!) { vannas { recordActivity(commitmentId: "${commitmentId}", input: $input) { id date kind place } } }`,
      {
        input: {
          date: '2026-04-22',
          kind: 'SAFETY_WALK',
          place: 'Vännäsby, Älvvägen',
          description: 'Trygghetsvandring med boende.',
          outcome: 'Tre platser med dålig belysning.',
        },
      },
      vannasEditor,
    );
    expect(activity.errors).toBeUndefined();
    expect(activity.data!.vannas.recordActivity).toMatchObject({
      date: '2026-04-22',
      kind: 'SAFETY_WALK',
      place: 'Vännäsby, Älvvägen',
    });
    const followUp = await gateway(
      `mutation { vannas { recordFollowUp(commitmentId: "${commitmentId}", input: { date: "2026-12-10", status: ON_TRACK, note: "Belysningen åtgärdad på två av tre platser." }) { status note } } }`,
      {},
      vannasEditor,
    );
    expect(followUp.data!.vannas.recordFollowUp).toEqual({
      status: 'ON_TRACK',
      note: 'Belysningen åtgärdad på två av tre platser.',
    });

    const visible = (await vannasInRegionalView()).find((p: any) => p.id === promiseId);
    expect(visible.commitments[0].activities).toEqual([
      { place: 'Vännäsby, Älvvägen', description: 'Trygghetsvandring med boende.' },
    ]);
    expect(visible.commitments[0].followUps).toEqual([
      { status: 'ON_TRACK', note: 'Belysningen åtgärdad på två av tre platser.' },
    ]);
  });

  it('the police record an activity under the kommun’s commitment, joined into the regional view', async () => {
    const recorded = await gateway(
      `mutation ($input: PoliceActivityInput!) { recordPoliceActivity(input: $input) { kind commitmentId municipalityCode source { kind } } }`,
      {
        input: {
          commitmentId,
          date: '2026-04-22',
          kind: 'SAFETY_WALK',
          place: 'Vännäsby',
          description: 'Kommunpolisen deltog i trygghetsvandringen.',
        },
      },
      policeEditor,
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordPoliceActivity).toEqual({
      kind: 'SAFETY_WALK',
      commitmentId,
      municipalityCode: '2460',
      source: { kind: 'ENTERED' },
    });
    const visible = (await vannasInRegionalView()).find((p: any) => p.id === promiseId);
    expect(visible.commitments[0].policeActivities).toEqual([{ kind: 'SAFETY_WALK', place: 'Vännäsby' }]);
  });

  it('the police cannot refer to a commitment the kommun does not have', async () => {
    const before = await databaseSnapshot(hub);
    const { errors } = await gateway(
      `mutation { recordPoliceActivity(input: { commitmentId: "2460-no-such-commitment", date: "2026-04-22", kind: PATROL, place: "Vännäs", description: "Patrull" }) { id } }`,
      {},
      policeEditor,
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.commitmentId' });
    expect(await databaseSnapshot(hub)).toEqual(before);
  });

  it('with the owning kommun unreachable, a police activity fails as retryable and nothing is stored', async () => {
    const before = await databaseSnapshot(hub);
    await hub.kommun('vannas').stop();
    try {
      const { errors } = await gateway(
        `mutation { recordPoliceActivity(input: { commitmentId: "${commitmentId}", date: "2026-05-01", kind: PATROL, place: "Vännäs", description: "Patrull" }) { id } }`,
        {},
        policeEditor,
      );
      expect(errors?.[0]?.extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        retryable: true,
        service: 'vannas',
      });
    } finally {
      await hub.kommun('vannas').start();
    }
    expect(await databaseSnapshot(hub)).toEqual(before);
  });

  it('a stale expectedVersion gets CONFLICT with the current version, and changes nothing', async () => {
    const before = await databaseSnapshot(hub);
    const { data, errors } = await gateway(
      `mutation { vannas { updatePromise(id: "${promiseId}", expectedVersion: 2, input: { title: "Gammal version" }) { version } } }`,
      {},
      vannasEditor,
    );
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 3, serviceName: 'vannas' });
    expect(await databaseSnapshot(hub)).toEqual(before);
    const { data: now } = await gateway(`{ vannas { promise(id: "${promiseId}") { title version } } }`);
    expect(now!.vannas.promise).toEqual({ title: 'Medborgarlöften för Vännäs 2026–2027 – reviderade', version: 3 });
  });

  it('every change is in the owner’s audit log: who, when, which record, before and after', async () => {
    const { data, errors } = await gateway(
      '{ vannas { auditLog { subject organisation action recordType recordId at before after } } }',
      {},
      vannasEditor,
    );
    expect(errors).toBeUndefined();
    const log = data!.vannas.auditLog;
    expect(log.map((e: any) => e.action)).toEqual([
      'recordFollowUp',
      'recordActivity',
      'updateCommitment',
      'updatePromise',
      'publishPromise',
      'addCommitment',
      'createPromise',
    ]);
    for (const entry of log) {
      expect(entry).toMatchObject({ subject: 'editor@vannas', organisation: 'vannas' });
      expect(Date.parse(entry.at)).toBeGreaterThan(Date.parse('2026-01-01'));
    }
    const update = log.find((e: any) => e.action === 'updatePromise');
    expect(update).toMatchObject({ recordType: 'CitizenPromise', recordId: promiseId });
    expect(update.before).toMatchObject({ title: 'Medborgarlöften för Vännäs 2026–2027', version: 2 });
    expect(update.after).toMatchObject({ title: 'Medborgarlöften för Vännäs 2026–2027 – reviderade', version: 3 });
    expect(log.find((e: any) => e.action === 'createPromise').before).toBeNull();

    const police = await gateway(
      '{ localPoliceArea(id: "umea") { auditLog { action organisation } } }',
      {},
      policeEditor,
    );
    expect(police.data!.localPoliceArea.auditLog).toEqual([
      { action: 'recordPoliceActivity', organisation: 'polis-umea' },
    ]);
  });

  it('audit logs and internal notes are closed to the public and to other parties', async () => {
    const anonymous = await gateway(`{ vannas { auditLog { id } promise(id: "${promiseId}") { internalNote } } }`);
    expect(anonymous.data!.vannas).toEqual({ auditLog: null, promise: { internalNote: null } });
    expect(anonymous.errors!.map((e) => e.extensions!.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    const otherKommun = await gateway('{ vannas { auditLog { id } } }', {}, await bearer('umea'));
    expect(otherKommun.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', serviceName: 'vannas' });
    const coordinator = await gateway('{ vannas { auditLog { action } } }', {}, await bearer('region', 'reader'));
    expect(coordinator.data!.vannas.auditLog).toHaveLength(7);
  });
});

describe('concurrent edits never overwrite each other', () => {
  it('20 concurrent updatePromise calls with the same expectedVersion: exactly one succeeds', async () => {
    const url = hub.kommun('umea').url;
    const headers = await bearer('umea');
    const id = '2480-ml-2023';
    const auditBefore = (await postGraphQL(url, '{ umea { auditLog(limit: 500) { recordId } } }', {}, headers)).data!
      .umea.auditLog.length;
    const { data } = await postGraphQL(url, `{ umea { promise(id: "${id}") { version } } }`);
    const version = data!.umea.promise.version;

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postGraphQL(
          hub.gateway.url,
          `mutation ($title: String!) { umea { updatePromise(id: "${id}", expectedVersion: ${version}, input: { title: $title }) { version title } } }`,
          { title: `Medborgarlöften för Umeå 2023–2024 (redigering ${i})` },
          headers,
        ),
      ),
    );
    const succeeded = results.filter((r) => !r.errors);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(succeeded).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    for (const r of conflicts) expect(r.errors![0]!.extensions!.currentVersion).toBe(version + 1);

    const after = await postGraphQL(
      url,
      `{ umea { promise(id: "${id}") { version title } auditLog(limit: 500) { recordId action } } }`,
      {},
      headers,
    );
    expect(after.data!.umea.promise).toEqual(succeeded[0]!.data!.umea.updatePromise);
    expect(after.data!.umea.auditLog).toHaveLength(auditBefore + 1);
    expect(after.data!.umea.auditLog[0]).toEqual({ recordId: id, action: 'updatePromise' });
  });
});

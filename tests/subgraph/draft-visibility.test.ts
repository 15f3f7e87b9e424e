import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKommun } from '../../domain/region.js';
import type { KommunDatabase } from '../../subgraphs/kommun/database.js';
import { type InProcessSubgraph, openInProcessKommun } from '../support/in-process-subgraph.js';
import { bearer } from '../support/tokens.js';

// A draft is the owner's: its editors and readers and the region's coordinators see it; the public
// and every other party do not, neither by id nor in any list.
let vannas: InProcessSubgraph<KommunDatabase>;
let draftId: string;
beforeAll(async () => {
  vannas = await openInProcessKommun(findKommun('vannas'));
  const { data, errors } = await vannas.post(
    `mutation { vannas { createPromise(input: { title: "Utkast för Vännäsby", summary: "Ännu inte publicerat.", period: { start: "2026-01-01", end: "2027-12-31" } }) { id status } } }`,
    {},
    await bearer('vannas'),
  );
  expect(errors).toBeUndefined();
  expect(data!.vannas.createPromise.status).toBe('DRAFT');
  draftId = data!.vannas.createPromise.id;
});
afterAll(() => vannas?.stop());

const sees = async (headers: Record<string, string>) => {
  const { data, errors } = await vannas.post(
    `{ vannas { promise(id: "${draftId}") { id title } promises { id } drafts: promises(status: DRAFT) { id } } }`,
    {},
    headers,
  );
  expect(errors).toBeUndefined();
  return {
    byId: data!.vannas.promise?.id ?? null,
    inList: data!.vannas.promises.some((p: { id: string }) => p.id === draftId),
    inDrafts: data!.vannas.drafts.some((p: { id: string }) => p.id === draftId),
  };
};

describe('who sees a draft', () => {
  it.each([
    ['Vännäs’s editor', 'vannas', 'editor'],
    ['Vännäs’s reader', 'vannas', 'reader'],
    ['a regional coordinator', 'region', 'reader'],
  ] as const)('%s sees it by id and in the lists', async (_who, organisation, role) => {
    expect(await sees(await bearer(organisation, role))).toEqual({ byId: draftId, inList: true, inDrafts: true });
  });

  it.each([
    ['the public', null],
    ['Umeå’s editor', 'umea'],
    ['the police area’s editor', 'polis-umea'],
  ] as const)('%s sees it nowhere', async (_who, organisation) => {
    const headers = organisation ? await bearer(organisation) : {};
    expect(await sees(headers)).toEqual({ byId: null, inList: false, inDrafts: false });
  });
});

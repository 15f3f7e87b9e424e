import type { ObjectRef } from '@pothos/core';
import { type Kommun, municipalityMutationsTypeName, municipalityRootField } from '../../domain/region.js';
import type { SubgraphBuilder, SubgraphTypes } from '../../schema/builder.js';
import type { SharedEnums } from '../../schema/enums.js';
import type { FoundationTypes } from '../../schema/foundation-types.js';
import type { PromiseTypes } from '../../schema/promise-types.js';
import { addFoundationMutations } from './foundation-mutations.js';
import type { KommunContext } from './kommun-context.js';
import { addPromiseInputs } from './promise-inputs.js';
import { type WithdrawableKind, withdrawableKinds, withdrawRecord } from './withdrawals.js';

type Builder = SubgraphBuilder<KommunContext>;

/** The kommun's writes, namespaced like its reads: `mutation { umea { createPromise(...) } }`. */
export function addKommunMutations(
  builder: Builder,
  kommun: Kommun,
  enums: SharedEnums,
  types: PromiseTypes<KommunContext>,
  foundationTypes: FoundationTypes<KommunContext>,
) {
  const {
    PeriodInput,
    SignatoryInput,
    CreatePromiseInput,
    UpdatePromiseInput,
    ExtendPromiseInput,
    CommitmentInput,
    UpdateCommitmentInput,
    ActivityInput,
    FollowUpInput,
  } = addPromiseInputs(builder, enums);

  const Mutations = builder.objectRef<Record<string, never>>(municipalityMutationsTypeName(kommun)).implement({
    description: `Changes to ${kommun.organisation}’s medborgarlöften and what they stand on. Every one needs an editor token of ${kommun.slug}, is validated, audited, and versioned.`,
    fields: (t) => ({
      createPromise: t.field({
        type: types.CitizenPromise,
        args: { input: t.arg({ type: CreatePromiseInput, required: true }) },
        resolve: (_root, { input }, ctx) => ctx.writes.createPromise(ctx.viewer, input),
      }),
      updatePromise: t.field({
        type: types.CitizenPromise,
        args: {
          id: t.arg.id({ required: true }),
          expectedVersion: t.arg.int({ required: true, description: 'The version the change is based on.' }),
          input: t.arg({ type: UpdatePromiseInput, required: true }),
        },
        resolve: (_root, { id, expectedVersion, input }, ctx) =>
          ctx.writes.updatePromise(ctx.viewer, String(id), expectedVersion, input),
      }),
      publishPromise: t.field({
        type: types.CitizenPromise,
        description: 'Makes a draft ACTIVE, and so public.',
        args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true }) },
        resolve: (_root, { id, expectedVersion }, ctx) =>
          ctx.writes.publishPromise(ctx.viewer, String(id), expectedVersion),
      }),
      extendPromise: t.field({
        type: types.CitizenPromise,
        description:
          'Förlängning: a new DRAFT that extends (and follows) the promise `id`, with its åtaganden carried over (`carriedOverFrom`); åtaganden added to it later are additions.',
        args: { id: t.arg.id({ required: true }), input: t.arg({ type: ExtendPromiseInput, required: true }) },
        resolve: (_root, { id, input }, ctx) => ctx.writes.extendPromise(ctx.viewer, String(id), input),
      }),
      addCommitment: t.field({
        type: types.Commitment,
        args: { promiseId: t.arg.id({ required: true }), input: t.arg({ type: CommitmentInput, required: true }) },
        resolve: (_root, { promiseId, input }, ctx) => ctx.writes.addCommitment(ctx.viewer, String(promiseId), input),
      }),
      updateCommitment: t.field({
        type: types.Commitment,
        args: {
          id: t.arg.id({ required: true }),
          expectedVersion: t.arg.int({ required: true }),
          input: t.arg({ type: UpdateCommitmentInput, required: true }),
        },
        resolve: (_root, { id, expectedVersion, input }, ctx) =>
          ctx.writes.updateCommitment(ctx.viewer, String(id), expectedVersion, input),
      }),
      recordActivity: t.field({
        type: types.Activity,
        args: { commitmentId: t.arg.id({ required: true }), input: t.arg({ type: ActivityInput, required: true }) },
        resolve: (_root, { commitmentId, input }, ctx) =>
          ctx.writes.recordActivity(ctx.viewer, String(commitmentId), input),
      }),
      recordFollowUp: t.field({
        type: types.FollowUp,
        args: { commitmentId: t.arg.id({ required: true }), input: t.arg({ type: FollowUpInput, required: true }) },
        resolve: (_root, { commitmentId, input }, ctx) =>
          ctx.writes.recordFollowUp(ctx.viewer, String(commitmentId), input),
      }),
    }),
  });

  addFoundationMutations(builder, Mutations, enums, foundationTypes, { PeriodInput, SignatoryInput });

  // withdraw<Kind> for every record kind, all through the one withdrawal path (withdrawals.ts).
  const withdrawnTypes: Record<WithdrawableKind, ObjectRef<SubgraphTypes<KommunContext>, object>> = {
    Promise: types.CitizenPromise,
    Commitment: types.Commitment,
    Activity: types.Activity,
    FollowUp: types.FollowUp,
    SituationPicture: foundationTypes.SituationPicture,
    CitizenDialogue: foundationTypes.CitizenDialogue,
    CollaborationAgreement: foundationTypes.CollaborationAgreement,
    Indicator: foundationTypes.Indicator,
    Measurement: foundationTypes.Measurement,
  };
  builder.objectFields(Mutations, (t) =>
    Object.fromEntries(
      (Object.keys(withdrawableKinds) as WithdrawableKind[]).map((kind) => [
        `withdraw${kind}`,
        t.field({
          type: withdrawnTypes[kind] as ObjectRef<SubgraphTypes<KommunContext>, object>,
          description: `Återkallar (withdraws) ${/^[aeiou]/.test(withdrawableKinds[kind].what) ? 'an' : 'a'} ${withdrawableKinds[kind].what}: it stays, marked by \`withdrawal\` (when, why, by whom), and lists hide it except from the kommun and coordinators who ask for \`includeWithdrawn\`.${kind === 'Promise' ? ' Its status becomes WITHDRAWN.' : ''}`,
          args: {
            id: t.arg.id({ required: true }),
            expectedVersion: t.arg.int({ required: true, description: 'The version the change is based on.' }),
            reason: t.arg.string({ required: true, description: 'Why it is withdrawn (skäl); shown with it.' }),
          },
          resolve: (_root, { id, expectedVersion, reason }, ctx) =>
            withdrawRecord(ctx.db, kommun, ctx.viewer, kind, { id: String(id), expectedVersion, reason }),
        }),
      ]),
    ),
  );

  builder.mutationType({ description: 'Changes, each by the party that owns the data.' });
  builder.mutationField(municipalityRootField(kommun), (t) =>
    t.field({ type: Mutations, description: `Changes to ${kommun.organisation}’s data.`, resolve: () => ({}) }),
  );
}

import type { SubgraphBuilder } from '../../schema/builder.js';
import type { SharedEnums } from '../../schema/enums.js';
import type { FoundationTypes } from '../../schema/foundation-types.js';
import type { PromiseTypes } from '../../schema/promise-types.js';
import { municipalityMutationsTypeName, municipalityRootField, type Kommun } from '../../domain/region.js';
import type { KommunContext } from './kommun-context.js';
import { addFoundationMutations } from './foundation-mutations.js';
import { addPromiseInputs } from './promise-inputs.js';

type Builder = SubgraphBuilder<KommunContext>;

/** The kommun's writes, namespaced like its reads: `mutation { umea { createPromise(...) } }`. */
export function addKommunMutations(
  builder: Builder,
  kommun: Kommun,
  enums: SharedEnums,
  types: PromiseTypes<KommunContext>,
  foundationTypes: FoundationTypes<KommunContext>,
) {
  const { PeriodInput, SignatoryInput, CreatePromiseInput, UpdatePromiseInput, CommitmentInput, ActivityInput, FollowUpInput } =
    addPromiseInputs(builder, enums);

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
        resolve: (_root, { id, expectedVersion, input }, ctx) => ctx.writes.updatePromise(ctx.viewer, String(id), expectedVersion, input),
      }),
      publishPromise: t.field({
        type: types.CitizenPromise,
        description: 'Makes a draft ACTIVE, and so public.',
        args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true }) },
        resolve: (_root, { id, expectedVersion }, ctx) => ctx.writes.publishPromise(ctx.viewer, String(id), expectedVersion),
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
          input: t.arg({ type: CommitmentInput, required: true }),
        },
        resolve: (_root, { id, expectedVersion, input }, ctx) => ctx.writes.updateCommitment(ctx.viewer, String(id), expectedVersion, input),
      }),
      recordActivity: t.field({
        type: types.Activity,
        args: { commitmentId: t.arg.id({ required: true }), input: t.arg({ type: ActivityInput, required: true }) },
        resolve: (_root, { commitmentId, input }, ctx) => ctx.writes.recordActivity(ctx.viewer, String(commitmentId), input),
      }),
      recordFollowUp: t.field({
        type: types.FollowUp,
        args: { commitmentId: t.arg.id({ required: true }), input: t.arg({ type: FollowUpInput, required: true }) },
        resolve: (_root, { commitmentId, input }, ctx) => ctx.writes.recordFollowUp(ctx.viewer, String(commitmentId), input),
      }),
    }),
  });

  addFoundationMutations(builder, Mutations, enums, foundationTypes, { PeriodInput, SignatoryInput });

  builder.mutationType({ description: 'Changes, each by the party that owns the data.' });
  builder.mutationField(municipalityRootField(kommun), (t) =>
    t.field({ type: Mutations, description: `Changes to ${kommun.organisation}’s data.`, resolve: () => ({}) }),
  );
}

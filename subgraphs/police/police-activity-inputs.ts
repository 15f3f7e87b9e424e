import type { SubgraphBuilder } from '../../schema/builder.js';
import { policeActivityKinds } from './police-activity-kinds.js';

/** The kind of a police activity and the input that records one; `recordPoliceActivity` takes what the input infers. */
export function addPoliceActivityTypes<Context extends object>(builder: SubgraphBuilder<Context>) {
  const PoliceActivityKind = builder.enumType('PoliceActivityKind', {
    description: 'Kind of polisiär aktivitet.',
    values: Object.fromEntries(
      Object.entries(policeActivityKinds).map(([key, description]) => [key, { description }]),
    ) as Record<keyof typeof policeActivityKinds, { description: string }>,
  });
  const PoliceActivityInput = builder.inputType('PoliceActivityInput', {
    description: 'A police activity under a kommun’s commitment; the kommun is asked that the commitment exists.',
    fields: (t) => ({
      commitmentId: t.id({ required: true }),
      date: t.field({ type: 'Date', required: true }),
      kind: t.field({ type: PoliceActivityKind, required: true }),
      place: t.string({ required: true }),
      description: t.string({ required: true }),
    }),
  });

  return { PoliceActivityKind, PoliceActivityInput };
}

export type PoliceActivityInput = ReturnType<
  typeof addPoliceActivityTypes<object>
>['PoliceActivityInput']['$inferInput'];

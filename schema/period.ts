import type { SubgraphBuilder } from './builder.js';

export interface PeriodValue {
  start: string;
  end: string;
}

/** `Period`, shared by every subgraph: first and last day, both inclusive. */
export function addPeriodType<Context extends object>(builder: SubgraphBuilder<Context>) {
  return builder.objectRef<PeriodValue>('Period').implement({
    description: 'Period: the dates a medborgarlöfte, agreement or lägesbild covers, both inclusive.',
    shareable: true,
    fields: (t) => ({
      start: t.field({ type: 'Date', resolve: (p) => p.start }),
      end: t.field({ type: 'Date', resolve: (p) => p.end }),
    }),
  });
}

/** A record's period columns as a `Period`. */
export function periodOf(record: { periodStart: string; periodEnd: string }): PeriodValue {
  return { start: record.periodStart, end: record.periodEnd };
}

/** `PeriodInput`, shared by every subgraph that takes a period (input types merge by intersection, so they must agree). */
export function addPeriodInput<Context extends object>(builder: SubgraphBuilder<Context>) {
  return builder.inputType('PeriodInput', {
    description: 'Period: first and last day, both inclusive; start must not be after end.',
    fields: (t) => ({
      start: t.field({ type: 'Date', required: true }),
      end: t.field({ type: 'Date', required: true }),
    }),
  });
}

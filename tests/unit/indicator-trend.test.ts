import { expect, it } from 'vitest';
import { indicatorTrend } from '../../domain/indicator-trend.js';
import type { IndicatorRecord, MeasurementRecord } from '../../domain/records.js';

// How an indicator's trend is judged: from its baseline to the latest value up to a date, in the direction it should move.
const unsafe: IndicatorRecord = {
  id: '2480-ind',
  name: 'Otrygghet',
  definition: 'Andel (%).',
  unit: '%',
  dataSource: 'NTU',
  dataSourceDetail: null,
  desiredDirection: 'DECREASE',
  baselineValue: 28,
  baselineDate: '2021-12-31',
  targetValue: 24,
  targetDate: '2024-12-31',
  version: 1,
  sourceKind: 'ILLUSTRATIVE',
  sourceReference: null,
  withdrawnAt: null,
  withdrawnBy: null,
  withdrawalReason: null,
};
const at = (date: string, value: number): MeasurementRecord => ({
  id: `m-${date}`,
  indicatorId: unsafe.id,
  date,
  value,
  note: null,
  sourceKind: 'ILLUSTRATIVE',
  sourceReference: null,
  version: 1,
  withdrawnAt: null,
  withdrawnBy: null,
  withdrawalReason: null,
  createdAt: new Date(0),
});
const values = [at('2022-12-31', 27.1), at('2023-12-31', 28.3), at('2024-12-31', 23.9)];

it.each([
  {
    label: 'a fall, where lower is better',
    indicator: unsafe,
    until: '2022-12-31',
    expected: { latest: 27.1, change: -0.9, direction: 'IMPROVING', targetReached: false },
  },
  {
    label: 'a rise, where lower is better',
    indicator: unsafe,
    until: '2024-06-30',
    expected: { latest: 28.3, change: 0.3, direction: 'WORSENING', targetReached: false },
  },
  {
    label: 'the target reached on the last day counted',
    indicator: unsafe,
    until: '2024-12-31',
    expected: { latest: 23.9, change: -4.1, direction: 'IMPROVING', targetReached: true },
  },
  {
    label: 'a fall, where higher is better',
    indicator: { ...unsafe, desiredDirection: 'INCREASE' as const, targetValue: 30 },
    until: '2022-12-31',
    expected: { latest: 27.1, change: -0.9, direction: 'WORSENING', targetReached: false },
  },
  {
    label: 'no measurement yet',
    indicator: unsafe,
    until: '2022-01-31',
    expected: { latest: null, change: null, direction: 'NOT_MEASURED', targetReached: null },
  },
  {
    label: 'no baseline and no target',
    indicator: { ...unsafe, baselineValue: null, baselineDate: null, targetValue: null, targetDate: null },
    until: '2030-01-01',
    expected: { latest: 23.9, change: null, direction: 'NOT_MEASURED', targetReached: null },
  },
  {
    label: 'only a value from before the baseline',
    indicator: { ...unsafe, baselineDate: '2023-06-30' },
    until: '2022-12-31',
    expected: { latest: 27.1, change: null, direction: 'NOT_MEASURED', targetReached: false },
  },
  {
    label: 'back at the baseline',
    indicator: { ...unsafe, baselineValue: 23.9 },
    until: '2030-01-01',
    expected: { latest: 23.9, change: 0, direction: 'UNCHANGED', targetReached: true },
  },
])('$label', ({ indicator, until, expected }) => {
  const trend = indicatorTrend(indicator, values, until);
  expect({
    latest: trend.latest?.value ?? null,
    change: trend.changeFromBaseline,
    direction: trend.direction,
    targetReached: trend.targetReached,
  }).toEqual(expected);
  expect(trend.measurements).toEqual(values.filter((m) => m.date <= until));
});

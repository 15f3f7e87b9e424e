import type { TrendDirection } from './enums.js';
import type { IndicatorRecord, MeasurementRecord } from './records.js';

export interface IndicatorTrend {
  indicator: IndicatorRecord;
  /** Measurements on or before this date count. */
  until: string;
  /** Those measurements, oldest first. */
  measurements: MeasurementRecord[];
  latest: MeasurementRecord | null;
  changeFromBaseline: number | null;
  direction: TrendDirection;
  targetReached: boolean | null;
}

/** Rounds away floating-point noise (0.1 + 0.2) in differences of measured values. */
const tidy = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * How an indicator has moved from its baseline to its latest measurement up to `until`, judged
 * against the direction it should move in. `measurements` are the indicator's, oldest first.
 */
export function indicatorTrend(
  indicator: IndicatorRecord,
  measurements: readonly MeasurementRecord[],
  until: string,
): IndicatorTrend {
  const counted = measurements.filter((m) => m.date <= until);
  const latest = counted.at(-1) ?? null;
  const better = indicator.desiredDirection === 'INCREASE' ? 1 : -1;
  // A value measured before the baseline says nothing about change since it.
  const sinceBaseline =
    latest && indicator.baselineValue !== null && latest.date >= indicator.baselineDate! ? latest : null;
  const changeFromBaseline = sinceBaseline ? tidy(sinceBaseline.value - indicator.baselineValue!) : null;
  const direction: TrendDirection =
    changeFromBaseline === null
      ? 'NOT_MEASURED'
      : changeFromBaseline === 0
        ? 'UNCHANGED'
        : Math.sign(changeFromBaseline) === better
          ? 'IMPROVING'
          : 'WORSENING';
  const targetReached =
    latest && indicator.targetValue !== null ? (latest.value - indicator.targetValue) * better >= 0 : null;
  return { indicator, until, measurements: counted, latest, changeFromBaseline, direction, targetReached };
}

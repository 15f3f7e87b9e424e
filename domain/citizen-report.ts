import { todayInSweden } from './dates.js';
import type { CitizenPromiseRecord } from './records.js';

/** The date a promise's report speaks of: today, or the end of the promise's period once it is over. */
export function reportDate(promise: CitizenPromiseRecord, today: string = todayInSweden()): string {
  return promise.periodEnd < today ? promise.periodEnd : today;
}

import type { PromisePhase, PromiseStatus } from './enums.js';
import { badUserInput } from './errors.js';
import type { CitizenPromiseRecord } from './records.js';

/**
 * A promise's life: the statuses its owner moves it through, which mutation may make each move,
 * and where it stands on a date. Whether it is in force is never stored: it follows from the
 * status and the period.
 */
export type PromiseTransitionAction = 'updatePromise' | 'publishPromise' | 'withdrawPromise';

/** The one table of allowed status changes, each with the mutation that makes it. */
export const promiseTransitions: Record<PromiseStatus, Partial<Record<PromiseStatus, PromiseTransitionAction>>> = {
  PREPARATION: { DRAFT: 'updatePromise', WITHDRAWN: 'withdrawPromise' },
  DRAFT: { PREPARATION: 'updatePromise', ACTIVE: 'publishPromise', WITHDRAWN: 'withdrawPromise' },
  ACTIVE: { COMPLETED: 'updatePromise', WITHDRAWN: 'withdrawPromise' },
  COMPLETED: {},
  WITHDRAWN: {},
};

/** The statuses a new promise may start in: a draft, or an announced preparation. */
export const initialPromiseStatuses = ['DRAFT', 'PREPARATION'] as const satisfies readonly PromiseStatus[];

/** Refuses a status change the table does not allow, or one another mutation must make (BAD_USER_INPUT on `field`). */
export function checkTransition(
  from: PromiseStatus,
  to: PromiseStatus,
  by: PromiseTransitionAction,
  field: string,
): void {
  if (from === to) return;
  const allowedBy = promiseTransitions[from][to];
  if (allowedBy === by) return;
  const allowed = Object.entries(promiseTransitions[from]).map(([status, action]) => `${status} (${action})`);
  throw badUserInput(
    allowedBy
      ? `${from} → ${to} is made by ${allowedBy}, not ${by}`
      : `A promise cannot go from ${from} to ${to}; from ${from} it can go to ${allowed.length > 0 ? allowed.join(', ') : 'nothing'}`,
    field,
  );
}

/** Signed and published, and `on` within the period. A completed promise was in force in its period; a withdrawn one never counts. */
export function inForceOn(
  promise: Pick<CitizenPromiseRecord, 'status' | 'periodStart' | 'periodEnd'>,
  on: string,
): boolean {
  return (
    (promise.status === 'ACTIVE' || promise.status === 'COMPLETED') &&
    promise.periodStart <= on &&
    on <= promise.periodEnd
  );
}

export function phaseOn(
  promise: Pick<CitizenPromiseRecord, 'status' | 'periodStart' | 'periodEnd'>,
  on: string,
): PromisePhase {
  if (promise.status !== 'ACTIVE') return promise.status;
  if (on < promise.periodStart) return 'SIGNED';
  return on > promise.periodEnd ? 'ENDED' : 'IN_FORCE';
}

/** The promise in force on `on` (the latest begun, if periods overlap), or null. */
export function currentPromise<P extends CitizenPromiseRecord>(promises: readonly P[], on: string): P | null {
  return promises.filter((p) => inForceOn(p, on)).sort((a, b) => b.periodStart.localeCompare(a.periodStart))[0] ?? null;
}

/** The last day of the latest signed promise whose period ended before `on`, or null if none has. */
export function lastPromiseEndedOn(promises: readonly CitizenPromiseRecord[], on: string): string | null {
  const ends = promises
    .filter((p) => (p.status === 'ACTIVE' || p.status === 'COMPLETED') && p.periodEnd < on)
    .map((p) => p.periodEnd);
  return ends.sort().at(-1) ?? null;
}

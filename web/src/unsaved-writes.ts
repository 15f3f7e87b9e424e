import type { ActivityInput, FollowUpInput } from '../generated/gql/graphql.ts';

/**
 * A write the hub refused because the session had ended, kept in this tab's sessionStorage while
 * the person signs in again, then sent once more with the same Idempotency-Key: stored exactly
 * once, however often it is sent, and never lost.
 */
export type UnsavedWrite = { slug: string; commitmentId: string; idempotencyKey: string } & (
  | { kind: 'followUp'; input: FollowUpInput }
  | { kind: 'activity'; input: ActivityInput }
);

const KEY = 'loftesnavet-osparad-andring';

export function keepUnsavedWrite(write: UnsavedWrite): void {
  sessionStorage.setItem(KEY, JSON.stringify(write));
}

/** The kept write, taken out of storage: it is sent at most once from there. */
export function takeUnsavedWrite(): UnsavedWrite | undefined {
  const kept = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  if (!kept) return undefined;
  try {
    return JSON.parse(kept) as UnsavedWrite;
  } catch {
    return undefined;
  }
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

import type { ActivityKind, FollowUpStatus, PromiseStatus, ResponsibleParty, SourceKind } from './enums.js';

/**
 * The shape of kommun-owned data as resolvers see it, apart from the GraphQL types so that
 * storage and API can differ. Dates are ISO strings (YYYY-MM-DD).
 */
export interface SourceFields {
  sourceKind: SourceKind;
  sourceReference: string | null;
}

export interface CitizenPromiseRecord extends SourceFields {
  id: string;
  title: string;
  summary: string;
  periodStart: string;
  periodEnd: string;
  status: PromiseStatus;
  signedOn: string | null;
  focusAreas: string[];
  extendsId: string | null;
  /** Intern anteckning: for the owner and coordinators only. */
  internalNote: string | null;
  version: number;
}

export interface SignatoryRecord {
  promiseId: string;
  position: number;
  name: string;
  title: string;
  organisation: string;
}

export interface CommitmentRecord extends SourceFields {
  id: string;
  promiseId: string;
  position: number;
  text: string;
  responsible: ResponsibleParty;
  otherParty: string | null;
  targetText: string | null;
  targetYearlyCount: number | null;
  version: number;
}

export interface ActivityRecord extends SourceFields {
  id: string;
  commitmentId: string;
  date: string;
  kind: ActivityKind;
  place: string;
  description: string;
  outcome: string | null;
}

export interface FollowUpRecord extends SourceFields {
  id: string;
  commitmentId: string;
  date: string;
  status: FollowUpStatus;
  note: string;
}

export interface PromiseFilter {
  status?: PromiseStatus | null;
  /** Only promises whose period contains this date. */
  activeOn?: string | null;
}

import type { Generated, Insertable, JSONColumnType, Kysely, Selectable, Transaction } from 'kysely';
import type { DataSourceKind, SourceKind } from './enums.js';

/**
 * The tables every owner keeps alike: each kommun's database and the police area's have an
 * `audit_entry`, an `idempotency_key` and a `situation_picture` table of this shape, made by each owner's own
 * migrations and written through audit-log.ts and situation-pictures.ts. Both owners'
 * database interfaces extend `SharedTables`. Columns are as the migrations make them: `Generated`
 * marks those the database fills by default, dates are `YYYY-MM-DD` strings (server/database.ts).
 */
export interface SharedTables {
  auditEntry: AuditEntryTable;
  idempotencyKey: IdempotencyKeyTable;
  situationPicture: SituationPictureTable;
}

/** Where a record comes from: columns of every table of published, illustrative or entered records. */
export interface SourceColumns {
  sourceKind: SourceKind;
  sourceReference: string | null;
}

/** Columns of a record its owner can change: a version updates name, and when it was made and changed. */
export interface VersionedColumns {
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

/**
 * Every record kind can be withdrawn (återkallad) by its owner: the record stays, marked with when,
 * by whom (the token's subject) and why, and default lists hide it from the public.
 */
export interface WithdrawalColumns {
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
  withdrawalReason: string | null;
}

/** One change: who, when, which record, before and after. Never updated. */
export interface AuditEntryTable {
  /** bigserial; 64-bit integers are read as strings. */
  id: Generated<string>;
  at: Generated<Date>;
  subject: string;
  /** The person's display name and the token's issuer, when the identity provider gave them. */
  actorName: string | null;
  actorIssuer: string | null;
  organisation: string;
  role: string;
  action: string;
  recordType: string;
  recordId: string;
  before: JSONColumnType<object | null, string | null, never>;
  after: JSONColumnType<object | null, string | null, never>;
}
export type AuditEntryRow = Selectable<AuditEntryTable>;

/**
 * Idempotency keys of creates: the record the first create with a key made, per organisation,
 * subject (of the token) and action, so a retry of that create returns it instead of a copy
 * (domain/idempotency-keys.ts).
 */
export interface IdempotencyKeyTable {
  organisation: string;
  subject: string;
  action: string;
  key: string;
  /** Set in the transaction that claims the key; a retry sees the key only once it is committed. */
  recordId: string | null;
  /** What the key was used for (`requestHash`); null for keys claimed before migration 0007. */
  requestHash: string | null;
  /** When the key was claimed; it expires a lifetime later. */
  createdAt: Generated<Date>;
}

/** Lägesbild: a summary of the analysed picture of local problems; never police intelligence. */
export interface SituationPictureTable extends SourceColumns, VersionedColumns, WithdrawalColumns {
  id: string;
  /** When the lägesbild was adopted or dated. */
  date: string;
  periodStart: string;
  periodEnd: string;
  title: string;
  summary: string;
  prioritisedProblems: Generated<string[]>;
  dataSources: DataSourceKind[];
}
export type SituationPictureRow = Selectable<SituationPictureTable>;
export type NewSituationPicture = Insertable<SituationPictureTable>;

/**
 * An owner's database (or transaction) as the shared tables' functions use it. Kysely's query
 * builders are invariant in the database type, so a `Kysely<KommunDatabase>` is no
 * `Kysely<SharedTables>` although it has these tables with these very columns (the
 * `DB extends SharedTables` constraint checks that); this is the one place that says so.
 */
export function sharedTablesOf<DB extends SharedTables>(trx: Transaction<DB>): Transaction<SharedTables>;
export function sharedTablesOf<DB extends SharedTables>(db: Kysely<DB>): Kysely<SharedTables>;
export function sharedTablesOf<DB extends SharedTables>(db: Kysely<DB>): Kysely<SharedTables> {
  return db as unknown as Kysely<SharedTables>;
}

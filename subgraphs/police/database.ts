import type { Generated, Insertable, Selectable } from 'kysely';
import type { SharedTables, SourceColumns } from '../../domain/shared-tables.js';
import type { PoliceActivityKind } from './police-activity-kinds.js';

/**
 * The police area's own database: the area, its kommun contacts, police activities and its
 * lägesbild summaries. One interface per table, as the migrations make them; the police API's
 * records are these tables' rows.
 */
export interface PoliceDatabase extends SharedTables {
  localPoliceArea: LocalPoliceAreaTable;
  kommunContact: KommunContactTable;
  policeActivity: PoliceActivityTable;
}

export interface LocalPoliceAreaTable {
  id: string;
  name: string;
  chiefName: string;
  chiefTitle: string;
}
export type LocalPoliceAreaRecord = Selectable<LocalPoliceAreaTable>;
export type NewLocalPoliceArea = Insertable<LocalPoliceAreaTable>;

/** The police area's contact for one kommun (kommunpolis). */
export interface KommunContactTable extends SourceColumns {
  policeAreaId: string;
  kommunCode: string;
  title: string;
  name: string | null;
  phone: string;
}
export type KommunContactRecord = Selectable<KommunContactTable>;
export type NewKommunContact = Insertable<KommunContactTable>;

/** A police activity, serving one commitment of a kommun's promise. */
export interface PoliceActivityTable extends SourceColumns {
  id: string;
  kommunCode: string;
  commitmentId: string;
  date: string;
  kind: PoliceActivityKind;
  place: string;
  description: string;
  createdAt: Generated<Date>;
}
export type PoliceActivityRecord = Selectable<PoliceActivityTable>;
export type NewPoliceActivity = Insertable<PoliceActivityTable>;

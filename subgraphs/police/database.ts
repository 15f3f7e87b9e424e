import type { Generated } from 'kysely';
import type { AuditedDatabase } from '../../domain/audit-log.js';
import type { SituationPictureDatabase } from '../../domain/situation-pictures.js';
import type { SourceFields } from '../../domain/records.js';
import type { PoliceActivityKind } from './police-activity-kinds.js';

export interface LocalPoliceAreaRecord {
  id: string;
  name: string;
  chiefName: string;
  chiefTitle: string;
}

/** The police area's contact for one kommun (kommunpolis). */
export interface KommunContactRecord extends SourceFields {
  policeAreaId: string;
  kommunCode: string;
  title: string;
  name: string | null;
  phone: string;
}

/** A police activity, serving one commitment of a kommun's promise. */
export interface PoliceActivityRecord extends SourceFields {
  id: string;
  kommunCode: string;
  commitmentId: string;
  date: string;
  kind: PoliceActivityKind;
  place: string;
  description: string;
}

/** The police area's own database: the area, its kommun contacts, police activities and its lägesbild summaries. */
export interface PoliceDatabase extends AuditedDatabase, SituationPictureDatabase {
  localPoliceArea: LocalPoliceAreaRecord;
  kommunContact: KommunContactRecord;
  policeActivity: PoliceActivityRecord & { createdAt: Generated<Date> };
}

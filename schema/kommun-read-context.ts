import type DataLoader from 'dataloader';
import type { Viewer } from '../domain/access.js';
import type { Page, PageKey } from '../domain/pagination.js';
import type {
  ActivityRecord,
  CitizenDialogueRecord,
  CitizenPromiseRecord,
  CollaborationAgreementRecord,
  CommitmentRecord,
  FollowUpRecord,
  IndicatorRecord,
  MeasurementCorrectionRecord,
  MeasurementRecord,
  PromiseFilter,
  SignatoryRecord,
  SituationPictureRecord,
} from '../domain/records.js';
import type { Kommun } from '../domain/region.js';

/**
 * What a kommun subgraph must provide to resolve the shared promise types: request-scoped
 * loaders, so a nested query costs one SQL statement per level, not one per row.
 */
export interface PromiseLoaders {
  promises: DataLoader<PromiseFilter, CitizenPromiseRecord[], string>;
  promiseById: DataLoader<string, CitizenPromiseRecord | null>;
  commitmentById: DataLoader<string, CommitmentRecord | null>;
  signatoriesByPromise: DataLoader<string, SignatoryRecord[]>;
  commitmentsByPromise: DataLoader<string, CommitmentRecord[]>;
  activitiesByCommitment: DataLoader<string, ActivityRecord[]>;
  followUpsByCommitment: DataLoader<string, FollowUpRecord[]>;
  /** When each promise was first published through the hub (its publishPromise audit entry); null for seeded ones. */
  publishedAtByPromise: DataLoader<string, Date | null>;
}

/** Loaders of a kommun's foundations; lists of the whole kommun are keyed `'all'`. */
export interface FoundationLoaders {
  situationPictures: DataLoader<'all', SituationPictureRecord[]>;
  citizenDialogues: DataLoader<'all', CitizenDialogueRecord[]>;
  collaborationAgreements: DataLoader<'all', CollaborationAgreementRecord[]>;
  indicators: DataLoader<'all', IndicatorRecord[]>;
  agreementById: DataLoader<string, CollaborationAgreementRecord | null>;
  indicatorById: DataLoader<string, IndicatorRecord | null>;
  measurementsByIndicator: DataLoader<string, MeasurementRecord[]>;
  correctionsByMeasurement: DataLoader<string, MeasurementCorrectionRecord[]>;
  /** Public promises (drafts only for the owner and coordinators) linked to each record. */
  promisesBySituationPicture: DataLoader<string, CitizenPromiseRecord[]>;
  promisesByDialogue: DataLoader<string, CitizenPromiseRecord[]>;
  promisesByAgreement: DataLoader<string, CitizenPromiseRecord[]>;
  situationPicturesByPromise: DataLoader<string, SituationPictureRecord[]>;
  dialoguesByPromise: DataLoader<string, CitizenDialogueRecord[]>;
  indicatorsByPromise: DataLoader<string, IndicatorRecord[]>;
  indicatorsByCommitment: DataLoader<string, IndicatorRecord[]>;
}

/** Pages of the lists that grow without bound (connections), by parent and page arguments. */
export interface PageLoaders {
  activityPages: DataLoader<PageKey, Page<ActivityRecord>, string>;
  followUpPages: DataLoader<PageKey, Page<FollowUpRecord>, string>;
  measurementPages: DataLoader<PageKey, Page<MeasurementRecord>, string>;
}

/** What the shared kommun types need of a kommun subgraph's request context. */
export interface KommunReadContext {
  kommun: Kommun;
  viewer: Viewer;
  loaders: PromiseLoaders & FoundationLoaders & PageLoaders;
}

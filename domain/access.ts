import { forbidden, unauthenticated } from './errors.js';

/** Organisation claim of regional coordinators: they read everything and write nothing. */
export const COORDINATOR_ORGANISATION = 'region';

export const roles = ['editor', 'reader'] as const;
export type Role = (typeof roles)[number];

/** Who is asking: nobody (public reads only), or the verified claims of a bearer token. */
export type Viewer =
  | { kind: 'anonymous' }
  | {
      kind: 'member';
      /** The token's subject, e.g. a user id or e-mail; recorded in the audit log. */
      subject: string;
      /** A slug from the region config (`umea`, `polis-umea`, ...) or `region`. */
      organisation: string;
      role: Role;
      /** The person's display name, when the identity provider gives one; recorded in the audit log. */
      name?: string;
      /** The identity provider that issued the token (absent for development tokens). */
      issuer?: string;
    };

export const anonymous: Viewer = { kind: 'anonymous' };

/** Drafts, internal notes and audit logs: the owning organisation and coordinators. */
export function canReadInternal(viewer: Viewer, owner: string): boolean {
  return (
    viewer.kind === 'member' && (viewer.organisation === owner || viewer.organisation === COORDINATOR_ORGANISATION)
  );
}

export function requireInternalReader(viewer: Viewer, owner: string, what: string): void {
  if (viewer.kind === 'anonymous') throw unauthenticated(`Reading ${what} needs a token of ${owner} or a coordinator`);
  if (!canReadInternal(viewer, owner)) throw forbidden(`${viewer.organisation} may not read ${what} of ${owner}`);
}

/** Writes: only an editor of the owning organisation, also when the subgraph is called directly. */
export function requireEditor(viewer: Viewer, owner: string): Extract<Viewer, { kind: 'member' }> {
  if (viewer.kind === 'anonymous') throw unauthenticated(`Writing ${owner}'s data needs a bearer token`);
  if (viewer.organisation !== owner) {
    throw forbidden(`${viewer.organisation} may not change ${owner}'s data; only ${owner} may`);
  }
  if (viewer.role !== 'editor') throw forbidden(`Role ${viewer.role} may not write; an editor of ${owner} may`);
  return viewer;
}

/**
 * Free-form operations where the gateway accepts only trusted documents from the public: editors
 * and coordinators may still send their own; anonymous callers and readers send a document's id.
 */
export function mayRunOwnOperations(viewer: Viewer): boolean {
  return viewer.kind === 'member' && (viewer.role === 'editor' || viewer.organisation === COORDINATOR_ORGANISATION);
}

import { isSignedBy, subgraphSignature } from './subgraph-signature.js';

/**
 * The protocol by which a subgraph tells gateways that its data changed, so that a gateway's
 * response cache never serves an answer older than an acknowledged write (docs/architecture.md,
 * "Response cache"). The subgraph side is subgraphs/shared/change-announcements.ts, the gateway
 * side gateway/subgraph-changes.ts.
 *
 * - A gateway subscribes with a signed `GET /changes` (Server-Sent Events). The subgraph sends its
 *   change version at once, on every change, and every HEARTBEAT_MS.
 * - On every message the gateway first takes the version as the one its cached entries must
 *   match, then confirms it with a signed `POST /changes/confirm`. A confirmation that the
 *   subgraph accepted gives the gateway a lease of LEASE_MS, counted from when the gateway sent it;
 *   only within a lease does the gateway serve cached entries that depend on the subgraph.
 * - A write is acknowledged by the subgraph only after every subscribed gateway confirmed the new
 *   version, or went LEASE_MS + LEASE_MARGIN_MS without confirming anything (then its lease has
 *   lapsed, and the subgraph drops it).
 */
export const CHANGE_STREAM_PATH = '/changes';
export const CHANGE_CONFIRM_PATH = '/changes/confirm';
export const HEARTBEAT_MS = 1_000;
export const LEASE_MS = 3_000;
/** Slack for clocks that run at slightly different rates; the subgraph waits this much longer than a lease lasts. */
export const LEASE_MARGIN_MS = 500;
/** How old a signed stream request may be; an older one is refused, so it cannot be replayed later. */
const SIGNED_REQUEST_MAX_AGE_MS = 30_000;

/** A subgraph's change version: `epoch` is new at every start of the subgraph, `counter` counts changes since. */
export interface ChangeVersion {
  epoch: string;
  counter: number;
}

export function versionText(version: ChangeVersion): string {
  return `${version.epoch}:${version.counter}`;
}

/** The headers of a subscription: who subscribes, when, and the deployment's signature over both. */
export function subscriptionHeaders(secret: string, subscriber: string, at = Date.now()): Record<string, string> {
  return {
    'x-change-subscriber': subscriber,
    'x-signed-at': String(at),
    'x-signature': subgraphSignature(secret, { query: `subscribe ${subscriber} ${at}` }),
  };
}

/** The subscriber a subscription's headers name, if they are signed by this deployment and recent; else null. */
export function verifiedSubscriber(secret: string, header: (name: string) => string | undefined): string | null {
  const subscriber = header('x-change-subscriber');
  const at = Number(header('x-signed-at'));
  if (!subscriber || !recent(at)) return null;
  return isSignedBy(secret, { query: `subscribe ${subscriber} ${at}` }, header('x-signature')) ? subscriber : null;
}

export interface Confirmation extends ChangeVersion {
  subscriber: string;
  at: number;
  signature: string;
}

export function signedConfirmation(secret: string, subscriber: string, version: ChangeVersion): Confirmation {
  const at = Date.now();
  return {
    subscriber,
    ...version,
    at,
    signature: subgraphSignature(secret, { query: confirmedText(subscriber, version, at) }),
  };
}

/** The confirmation in a request body, if it is well-formed, signed by this deployment and recent; else null. */
export function verifiedConfirmation(secret: string, body: unknown): Confirmation | null {
  const given = body as Partial<Confirmation> | null;
  if (
    typeof given?.subscriber !== 'string' ||
    typeof given.epoch !== 'string' ||
    typeof given.counter !== 'number' ||
    typeof given.at !== 'number' ||
    !recent(given.at)
  )
    return null;
  const confirmation = given as Confirmation;
  const text = confirmedText(confirmation.subscriber, confirmation, confirmation.at);
  return isSignedBy(secret, { query: text }, confirmation.signature) ? confirmation : null;
}

function confirmedText(subscriber: string, version: ChangeVersion, at: number): string {
  return `confirm ${subscriber} ${versionText(version)} ${at}`;
}

function recent(at: number): boolean {
  return Number.isFinite(at) && Math.abs(Date.now() - at) <= SIGNED_REQUEST_MAX_AGE_MS;
}

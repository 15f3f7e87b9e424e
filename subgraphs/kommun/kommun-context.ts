import type { Kysely } from 'kysely';
import type { KommunReadContext } from '../../schema/kommun-read-context.js';
import type { KommunDatabase } from './database.js';
import type { FoundationWrites } from './foundation-writes.js';
import type { PromiseWrites } from './writes.js';

/** A kommun subgraph's request context: the shared read contract plus the kommun's own services. */
export interface KommunContext extends KommunReadContext {
  db: Kysely<KommunDatabase>;
  writes: PromiseWrites;
  foundationWrites: FoundationWrites;
}

import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';

/** What a query runs on: the database itself, or the transaction it must be part of. */
export type Executor = Kysely<DB> | Transaction<DB>;

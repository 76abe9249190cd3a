import type { Migration } from 'kysely';
import * as foundation from './001-foundation.js';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '001-foundation': foundation,
};

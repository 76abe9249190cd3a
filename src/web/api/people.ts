import type { Role } from '../../shared/roles';
import { api } from './client';
import type { Page, Ref } from './types';

/** API "Person": an active member as every member sees them. */
export type Person = {
  id: string;
  name: string;
  role: Role;
  team: Ref | null;
  photoUrl: string | null;
  joinedAt: string | null;
};

/** The directory the web app keeps for mentions: at most this many people (pages of 200). */
export const DIRECTORY_MAX = 2000;
const PAGE_SIZE = 200;

export const peopleKeys = {
  all: ['people'] as const,
  directory: ['people', 'directory'] as const,
  search: (q: string) => ['people', 'search', q] as const,
  one: (id: string) => ['people', 'one', id] as const,
};

export function listPeople(
  params: { q?: string; limit?: number; cursor?: string | null } = {},
  signal?: AbortSignal,
): Promise<Page<Person>> {
  return api.get<Page<Person>>('/api/v1/people', { query: params, signal });
}

/** Every active member, by name, up to DIRECTORY_MAX. */
export async function fetchDirectory(signal?: AbortSignal): Promise<Person[]> {
  const people: Person[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Person> = await listPeople({ limit: PAGE_SIZE, cursor }, signal);
    people.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && people.length < DIRECTORY_MAX);
  return people;
}

export function fetchPerson(id: string, signal?: AbortSignal): Promise<Person> {
  return api.get<Person>(`/api/v1/people/${encodeURIComponent(id)}`, { signal });
}

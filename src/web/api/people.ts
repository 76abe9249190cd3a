import type { Page } from '../../shared/api/pagination';
import type { PeopleParams, Person } from '../../shared/api/people';
import { api } from './client';

/** The directory the web app keeps for mentions: at most this many people (pages of 200). */
export const DIRECTORY_MAX = 2000;
const PAGE_SIZE = 200;

export function listPeople(params: PeopleParams = {}, signal?: AbortSignal): Promise<Page<Person>> {
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

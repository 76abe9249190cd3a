import { partialMatchKey, type QueryKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { queryKeys } from './query-keys';

type Area = Record<string, QueryKey | ((...args: never[]) => QueryKey)>;

/** Every key of an area, the functions called with sample parameters. */
function keysOf(area: Area): [string, QueryKey][] {
  return Object.entries(area).map(([name, key]) => {
    const sample = ['a1', { status: ['active'] }, 'x', 25] as never[];
    return [name, typeof key === 'function' ? key(...sample) : key];
  });
}

describe('query keys', () => {
  const areas = Object.entries(queryKeys) as [string, Area & { all: QueryKey }][];

  it('start with their area’s `all`, so invalidating the area reaches every one of them', () => {
    for (const [areaName, area] of areas) {
      for (const [name, key] of keysOf(area)) {
        expect(partialMatchKey(key, area.all), `${areaName}.${name}`).toBe(true);
      }
    }
  });

  it('give each area its own first element, so no area invalidates another', () => {
    const roots = areas.map(([, area]) => area.all);
    expect(roots.every((root) => root.length === 1)).toBe(true);
    expect(new Set(roots.map((root) => root[0])).size).toBe(roots.length);
  });

  it('keep one person’s queries and the active users under `users`, and the kinds of records apart', () => {
    expect(partialMatchKey(queryKeys.users.detail('u1'), queryKeys.users.all)).toBe(true);
    expect(partialMatchKey(queryKeys.users.records('u1'), queryKeys.users.all)).toBe(true);
    expect(partialMatchKey(queryKeys.me.ifSignedIn, queryKeys.me.all)).toBe(true);
    expect(partialMatchKey(queryKeys.workRecords.page('deals', null, 25), queryKeys.workRecords.kind('deals'))).toBe(
      true,
    );
    expect(partialMatchKey(queryKeys.workRecords.page('leads', null, 25), queryKeys.workRecords.kind('deals'))).toBe(
      false,
    );
    expect(partialMatchKey(queryKeys.bulkImports.rows('b1', 'all', null, 50), queryKeys.bulkImports.one('b1'))).toBe(
      true,
    );
    expect(partialMatchKey(queryKeys.bulkImports.rows('b2', 'all', null, 50), queryKeys.bulkImports.one('b1'))).toBe(
      false,
    );
  });
});

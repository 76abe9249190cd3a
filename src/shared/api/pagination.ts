import { z } from 'zod';

/** One page of a list; `nextCursor` is null on the last page. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export type Page<T> = z.infer<ReturnType<typeof listOf<z.ZodType<T>>>>;

export const limitSchema = z.coerce.number().int().min(1).max(200).default(50);

/** A list's query as a client sends it: every parameter optional, and a null cursor for the first page. */
export type ListParams<Q extends z.ZodType> = Partial<Omit<z.output<Q>, 'cursor'>> & { cursor?: string | null };

/** `?limit=&cursor=` of a list; a cursor is opaque, and longer than any real one is refused. */
export function pageQuery(cursorMax = 500) {
  return z.object({ limit: limitSchema, cursor: z.string().max(cursorMax).optional() });
}

import { z } from 'zod';

/** A reference to another object: its id and the name to show. */
export const idName = z.object({ id: z.string(), name: z.string() });
export type Ref = z.infer<typeof idName>;

/** A body of optional fields must still carry one of them: a change that changes nothing is refused. */
export function atLeastOne<T extends z.ZodType<Record<string, unknown>>>(schema: T, fields: string): T {
  return schema.refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: `Send at least one of ${fields}.`,
  });
}

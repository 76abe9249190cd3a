import { z } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode } from '../../shared/errors.js';

export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details with a stable `code`.' });

/** The problem+json responses a route can give, keyed by status, from the codes it may throw. */
export function problems(...codes: ErrorCode[]): Record<number, typeof problemSchema> {
  const out: Record<number, typeof problemSchema> = {};
  for (const code of codes) {
    out[ERROR_CATALOGUE[code].status] = problemSchema.describe(
      codes.filter((c) => ERROR_CATALOGUE[c].status === ERROR_CATALOGUE[code].status).join(', '),
    );
  }
  return out;
}

export const noContent = z.null().describe('No content');

/** `/:id` of any resource: an opaque id, not found unless it is in the caller's workspace. */
export const idParams = z.object({ id: z.string().min(1).max(100) });

import { z } from 'zod';
import { BULK_ISSUE_CODES } from '../../../shared/bulk-csv.js';
import { limitSchema, listOf } from '../users/users.schemas.js';

export const bulkImportSchema = z
  .object({
    id: z.string(),
    status: z.enum(['draft', 'sent']),
    fileName: z.string(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    counts: z.object({
      rows: z.number().int(),
      valid: z.number().int(),
      invalid: z.number().int(),
      sent: z.number().int(),
      skipped: z
        .number()
        .int()
        .describe('Valid rows not sent because the workspace changed since the preview, plus invalid rows'),
    }),
    issues: z.partialRecord(z.enum(BULK_ISSUE_CODES), z.number().int()),
    seats: z.object({ required: z.number().int(), available: z.number().int().nullable() }),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'BulkImport' });

export const bulkRowSchema = z
  .object({
    row: z.number().int().describe('The spreadsheet row: the header is row 1'),
    email: z.string(),
    name: z.string(),
    role: z.string(),
    team: z.string(),
    status: z.enum(['valid', 'invalid']),
    issues: z.array(
      z.object({
        field: z.enum(['email', 'name', 'role', 'team']),
        code: z.enum(BULK_ISSUE_CODES),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'BulkRow' });

export const uploadQuery = z.object({ fileName: z.string().trim().max(200).optional() });
export const rowsQuery = z.object({
  filter: z.enum(['all', 'valid', 'invalid']).default('all'),
  limit: limitSchema,
  cursor: z.string().max(20).optional(),
});
export const rowList = listOf(bulkRowSchema);

import { z } from 'zod';
import { BULK_COLUMNS, BULK_ISSUE_CODES } from '../bulk-csv.js';
import { type ListParams, limitSchema, listOf } from './pagination.js';

/**
 * An uploaded CSV of people to invite: checked row by row, sent only on Send All Invitations.
 * While `sending`, `counts.sent` grows; rows = sent + skipped + the valid rows not reached yet.
 */
export const bulkImportSchema = z
  .object({
    id: z.string(),
    status: z
      .enum(['draft', 'sending', 'sent'])
      .describe('`sending` while the send job writes the invitations; `sent` once every row is done'),
    fileName: z.string(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    counts: z.object({
      rows: z.number().int(),
      valid: z.number().int(),
      invalid: z.number().int(),
      sent: z.number().int().describe('Invitations written so far (all of them once `sent`)'),
      skipped: z
        .number()
        .int()
        .describe(
          'Invalid rows, plus valid rows not sent because the workspace changed since the preview (so far, while `sending`)',
        ),
    }),
    issues: z.partialRecord(z.enum(BULK_ISSUE_CODES), z.number().int()),
    /** `available` is null on a plan without a seat limit. */
    seats: z.object({
      required: z
        .number()
        .int()
        .describe('The valid rows (draft); the seats the send holds and took (sending); the invitations sent (sent)'),
      available: z.number().int().nullable(),
    }),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'BulkImport' });
export type BulkImport = z.infer<typeof bulkImportSchema>;

export const bulkIssueSchema = z.object({
  field: z.enum(BULK_COLUMNS),
  code: z.enum(BULK_ISSUE_CODES),
  message: z.string(),
});
export type BulkIssue = z.infer<typeof bulkIssueSchema>;

export const bulkRowSchema = z
  .object({
    row: z.number().int().describe('The spreadsheet row: the header is row 1'),
    email: z.string(),
    name: z.string(),
    role: z.string(),
    team: z.string(),
    status: z.enum(['valid', 'invalid']),
    issues: z.array(bulkIssueSchema),
  })
  .meta({ id: 'BulkRow' });
export type BulkRow = z.infer<typeof bulkRowSchema>;

export const uploadQuery = z.object({ fileName: z.string().trim().max(200).optional() });
export const rowsQuery = z.object({
  filter: z.enum(['all', 'valid', 'invalid']).default('all'),
  limit: limitSchema,
  cursor: z.string().max(20).optional(),
});
export type BulkRowFilter = z.output<typeof rowsQuery>['filter'];
export type BulkRowsParams = ListParams<typeof rowsQuery>;
export const rowList = listOf(bulkRowSchema);

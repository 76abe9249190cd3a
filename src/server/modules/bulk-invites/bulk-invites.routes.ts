import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bulkImportSchema, rowList, rowsQuery, uploadQuery } from '../../../shared/api/bulk-invites.js';
import { BULK_MAX_BYTES, BULK_TEMPLATE_CSV, BULK_TOO_LARGE_MESSAGE } from '../../../shared/bulk-csv.js';
import { AppError } from '../../lib/app-error.js';
import { sendCsv } from '../../lib/csv-export.js';
import { csvDownload, idParams, problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];
// Multipart adds boundaries and part headers around the file.
const MULTIPART_SLACK = 64 * 1024;

const sendHeaders = z.looseObject({
  prefer: z
    .string()
    .optional()
    .describe('`respond-async`: answer 202 at once instead of when every invitation is written (RFC 7240)'),
});

/** Whether a `Prefer` header (RFC 7240: preferences separated by commas, parameters by semicolons) asks not to wait. */
export function prefersAsync(prefer: string | undefined): boolean {
  if (!prefer) return false;
  return prefer.split(',').some((preference) => preference.split(';')[0]?.trim().toLowerCase() === 'respond-async');
}

function tooLarge() {
  return new AppError('file_too_large', { detail: BULK_TOO_LARGE_MESSAGE });
}

/** The uploaded file as a stream, never buffered whole: a raw CSV body or a multipart `file`. */
async function uploadedFile(
  request: FastifyRequest,
): Promise<{ fileName: string | null; stream: NodeJS.ReadableStream }> {
  const length = Number(request.headers['content-length'] ?? 0);
  if (request.isMultipart()) {
    if (length > BULK_MAX_BYTES + MULTIPART_SLACK) throw tooLarge();
    const file = await request.file();
    if (!file) throw new AppError('empty_file', { detail: 'Attach the CSV file in the `file` field.' });
    return { fileName: file.filename, stream: file.file };
  }
  if (length > BULK_MAX_BYTES) throw tooLarge();
  // Only the CSV types above leave the body as a stream; JSON and the like arrive parsed.
  if (!(request.body instanceof Readable)) {
    throw new AppError('not_csv', { detail: 'Send the file as `text/csv`, or as multipart field `file`.' });
  }
  return { fileName: null, stream: request.body };
}

export async function bulkInvitesRoutes(fastify: FastifyInstance, { services }: RouteOptions) {
  // The body of an upload is left as a stream for the CSV reader, in this plugin only.
  fastify.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));
  await fastify.register(multipart, { limits: { fileSize: BULK_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const bulk = services.bulkInvites;
  const tags = ['Bulk invitations'];
  const denied = problems('unauthenticated', 'forbidden', 'validation_failed');
  const permission = 'invitations:manage' as const;

  app.get(
    '/invitations/bulk/template',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'The CSV template: the header and three example rows',
        response: { 200: csvDownload('The header and three example rows'), ...denied },
      },
    },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="salesos-invite-template.csv"')
        .send(BULK_TEMPLATE_CSV),
  );

  app.post(
    '/invitations/bulk',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Upload a CSV of people to invite: every row is checked, nothing is sent yet',
        description:
          'Send the file as the raw body (`text/csv`) or as multipart field `file`. UTF-8 with or without BOM; comma, semicolon or tab; up to 100,000 rows and 20 MB.',
        consumes: [...CSV_TYPES, 'multipart/form-data'],
        querystring: uploadQuery,
        response: {
          201: bulkImportSchema,
          ...denied,
          ...problems('missing_columns', 'empty_file', 'not_csv', 'file_too_large'),
        },
      },
    },
    async (request, reply) => {
      const actor = requireAuth(request);
      const file = await uploadedFile(request);
      const fileName = request.query.fileName || file.fileName || 'invitations.csv';
      const result = await bulk.upload(actor, { fileName, source: file.stream as Readable });
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/invitations/bulk/:id',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'A bulk invitation: counts, issues, seats',
        params: idParams,
        response: { 200: bulkImportSchema, ...denied, ...problems('not_found') },
      },
    },
    async (request) => bulk.get(requireAuth(request), request.params.id),
  );

  app.get(
    '/invitations/bulk/:id/rows',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'The rows of a bulk invitation, in file order',
        params: idParams,
        querystring: rowsQuery,
        response: { 200: rowList, ...denied, ...problems('not_found') },
      },
    },
    async (request) => bulk.rows(requireAuth(request), request.params.id, request.query),
  );

  app.get(
    '/invitations/bulk/:id/invalid.csv',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'The rows with issues as CSV, with an `issues` column, safe to open in a spreadsheet',
        params: idParams,
        response: {
          200: csvDownload('The rows with issues and an `issues` column'),
          ...denied,
          ...problems('not_found'),
        },
      },
    },
    async (request, reply) => {
      const { fileName, stream } = await bulk.invalidCsv(requireAuth(request), request.params.id);
      return sendCsv(reply, fileName, stream);
    },
  );

  app.post(
    '/invitations/bulk/:id/send',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Send All Invitations: seats for every valid row at once, or none; then the rows are written',
        description:
          'The seats are checked and reserved for the whole file in one step (409 `seat_limit_reached` with `seatsMissing`: nothing is sent), then a background job writes the invitations. Answers 200 once every row is invited; with `Prefer: respond-async`, 202 at once with the import `sending`: poll `GET /invitations/bulk/{id}` (its `counts.sent` grows). 409 `bulk_already_sent` also while it is `sending`.',
        params: idParams,
        headers: sendHeaders,
        response: {
          200: bulkImportSchema,
          202: bulkImportSchema.describe('The send has started: the import is `sending`'),
          ...denied,
          ...problems('not_found', 'seat_limit_reached', 'bulk_already_sent', 'email_not_verified', 'rate_limited'),
        },
      },
    },
    async (request, reply) => {
      const wait = !prefersAsync(request.headers.prefer);
      const result = await bulk.send(requireAuth(request), request.params.id, { wait });
      if (wait) return result;
      return reply
        .code(202)
        .header('preference-applied', 'respond-async')
        .header('location', `/api/v1/invitations/bulk/${encodeURIComponent(result.id)}`)
        .send(result);
    },
  );
}

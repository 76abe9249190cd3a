import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditEventSchema, auditFilters, auditListQuery } from '../../../shared/api/audit.js';
import { listOf } from '../../../shared/api/pagination.js';
import { sendCsv } from '../../lib/csv-export.js';
import { csvDownload, problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

export async function auditRoutes(fastify: FastifyInstance, { services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { audit } = services;
  const tags = ['Audit'];
  const denied = problems('unauthenticated', 'forbidden', 'validation_failed');

  app.get(
    '/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags,
        summary: 'The audit log, newest first',
        description: 'Filters: `action`, `actorId`, `targetId`, `from` and `to` (ISO dates or times, inclusive).',
        querystring: auditListQuery,
        response: { 200: listOf(auditEventSchema), ...denied },
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return audit.list(requireAuth(request).workspace.id, filters, { limit, cursor });
    },
  );

  app.get(
    '/audit.csv',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags,
        summary: 'The audit log as CSV (same filters), safe to open in a spreadsheet',
        querystring: auditFilters,
        response: { 200: csvDownload('The audit events, newest first'), ...denied },
      },
    },
    async (request, reply) => {
      const day = new Date().toISOString().slice(0, 10);
      return sendCsv(reply, `audit-${day}.csv`, audit.csv(requireAuth(request).workspace.id, request.query));
    },
  );
}

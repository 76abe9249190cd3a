import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { sendCsv } from '../../lib/csv-export.js';
import { problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import { listOf } from '../users/users.schemas.js';
import { auditEventSchema, auditFilters, auditListQuery } from './audit.schemas.js';
import { createAuditService } from './audit.service.js';

export async function auditRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const audit = createAuditService(ctx);
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
        response: { 200: z.string(), ...denied },
      },
    },
    async (request, reply) => {
      const day = new Date().toISOString().slice(0, 10);
      return sendCsv(reply, `audit-${day}.csv`, audit.csv(requireAuth(request).workspace.id, request.query));
    },
  );
}

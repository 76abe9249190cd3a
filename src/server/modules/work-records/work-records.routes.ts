import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { listOf } from '../../../shared/api/pagination.js';
import {
  dealBody,
  dealPatch,
  dealSchema,
  leadBody,
  leadPatch,
  leadSchema,
  ownersSchema,
  recordListQuery,
} from '../../../shared/api/work-records.js';
import { idParams, noContent, problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';
import { assignableOwners } from './work-records.service.js';

const KINDS = {
  deals: { one: 'deal', body: dealBody, patch: dealPatch, schema: dealSchema, tag: 'Deals' },
  leads: { one: 'lead', body: leadBody, patch: leadPatch, schema: leadSchema, tag: 'Leads' },
} as const;

export async function workRecordsRoutes(fastify: FastifyInstance, { ctx, services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const config = { permission: 'records:work' } as const;
  const denied = problems('unauthenticated', 'forbidden', 'validation_failed');
  const scopeNote = 'Admins see every record, managers their team’s, sales reps their own.';

  for (const kind of ['deals', 'leads'] as const) {
    const { one, body, patch, schema, tag } = KINDS[kind];
    const records = services.workRecords[kind];
    const tags = [tag];
    type Body = z.infer<typeof body>;

    app.get(
      `/${kind}`,
      {
        config,
        schema: {
          tags,
          summary: `List ${kind}, newest first`,
          description: scopeNote,
          querystring: recordListQuery,
          response: { 200: listOf(schema), ...denied },
        },
      },
      async (request) => records.list(requireAuth(request), request.query),
    );

    app.post(
      `/${kind}`,
      {
        config,
        schema: {
          tags,
          summary: `Create a ${one} (owner: yourself unless you choose someone you may give it to)`,
          body,
          response: { 201: schema, ...denied },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await records.create(requireAuth(request), request.body as Body & Record<string, never>)),
    );

    app.get(
      `/${kind}/:id`,
      {
        config,
        schema: {
          tags,
          summary: `One ${one}`,
          params: idParams,
          response: { 200: schema, ...denied, ...problems('not_found') },
        },
      },
      async (request) => records.get(requireAuth(request), request.params.id),
    );

    app.patch(
      `/${kind}/:id`,
      {
        config,
        schema: {
          tags,
          summary: `Edit a ${one}`,
          params: idParams,
          body: patch,
          response: { 200: schema, ...denied, ...problems('not_found') },
        },
      },
      async (request) =>
        records.update(requireAuth(request), request.params.id, request.body as Body & Record<string, never>),
    );

    app.delete(
      `/${kind}/:id`,
      {
        config,
        schema: {
          tags,
          summary: `Delete a ${one}`,
          params: idParams,
          response: { 204: noContent, ...denied, ...problems('not_found') },
        },
      },
      async (request, reply) => {
        await records.remove(requireAuth(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  }

  app.get(
    '/owners',
    {
      config,
      schema: {
        tags: ['Deals', 'Leads'],
        summary: 'The active people you may give a deal or lead to',
        response: { 200: ownersSchema, ...denied },
      },
    },
    async (request) => assignableOwners(ctx, requireAuth(request)),
  );
}

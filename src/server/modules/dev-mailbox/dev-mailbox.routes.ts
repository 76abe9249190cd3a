import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { devMailList, devMailQuery } from '../../../shared/api/dev-mailbox.js';
import { AppError } from '../../lib/app-error.js';
import { decodeCursor, toPage } from '../../lib/pagination.js';
import { problems } from '../../lib/route-schemas.js';
import { outboxRepository } from '../../outbox/outbox.repository.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

export async function devMailboxRoutes(fastify: FastifyInstance, { ctx }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/dev/mailbox',
    {
      config: { permission: 'mailbox:read' },
      schema: {
        tags: ['Dev mailbox'],
        summary: 'Emails this workspace sent while no SMTP server is configured (404 once SMTP_URL is set)',
        querystring: devMailQuery,
        response: { 200: devMailList, ...problems('unauthenticated', 'forbidden', 'not_found') },
      },
    },
    async (request, reply) => {
      if (ctx.config.smtpUrl)
        throw new AppError('not_found', { detail: 'The dev mailbox is off: emails go through SMTP.' });
      const { workspace, account } = requireAuth(request);
      const after = request.query.cursor ? decodeCursor(request.query.cursor) : null;
      const limit = request.query.limit;
      const rows = await outboxRepository.listDevMail(ctx.database.db, {
        workspaceId: workspace.id,
        accountEmail: account.email,
        after,
        limit: limit + 1,
      });
      // The messages carry live invitation links: never cached, never sent as a referrer.
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return toPage(
        rows,
        limit,
        (r) => ({
          id: r.id,
          to: r.to_address,
          subject: r.subject,
          text: r.text_body,
          html: r.html_body,
          sentAt: r.sent_at,
        }),
        (r) => r.sent_at,
      );
    },
  );
}

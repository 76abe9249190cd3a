import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { problems } from '../../lib/route-schemas.js';
import { outboxRepository } from '../../outbox/outbox.repository.js';
import { requireAuth } from '../../plugins/auth.js';
import { decodeCursor, encodeCursor, limitSchema, listOf } from '../users/users.schemas.js';

const mailSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  sentAt: z.string(),
});

export async function devMailboxRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/dev/mailbox',
    {
      config: { permission: 'mailbox:read' },
      schema: {
        tags: ['Dev mailbox'],
        summary: 'Emails this workspace sent while no SMTP server is configured (404 once SMTP_URL is set)',
        querystring: z.object({ limit: limitSchema, cursor: z.string().max(500).optional() }),
        response: { 200: listOf(mailSchema), ...problems('unauthenticated', 'forbidden', 'not_found') },
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
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      // The messages carry live invitation links: never cached, never sent as a referrer.
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return {
        items: page.map((r) => ({
          id: r.id,
          to: r.to_address,
          subject: r.subject,
          text: r.text_body,
          html: r.html_body,
          sentAt: r.sent_at,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor(last.sent_at, last.id) : null,
      };
    },
  );
}

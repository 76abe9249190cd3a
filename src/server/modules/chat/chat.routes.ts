import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  channelSchema,
  messageBody,
  messageSchema,
  messagesQuery,
  welcomeBody,
  welcomeSchema,
} from '../../../shared/api/chat.js';
import { listOf } from '../../../shared/api/pagination.js';
import { AppError } from '../../lib/app-error.js';
import { eventStream, idParams, problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';
import { chatLive, type EndReason, STREAMS_PER_SESSION } from './chat.live.js';
import { chatRepository, type MessageWithAuthor } from './chat.repository.js';
import { toMessage } from './chat.service.js';

const RESUME_MAX = 500;

export async function chatRoutes(fastify: FastifyInstance, { ctx, services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { chat } = services;
  const config = { permission: 'chat:use' } as const;
  const tags = ['Chat'];
  const denied = problems('unauthenticated', 'forbidden', 'validation_failed');
  const open = new Set<(reason?: EndReason) => void>();

  // Streams never end by themselves: end them so the server can close.
  fastify.addHook('preClose', async () => {
    for (const end of [...open]) end();
    chatLive(ctx).stop();
  });

  app.get(
    '/channels',
    {
      config,
      schema: {
        tags,
        summary: 'The workspace’s channels (#general always exists)',
        response: { 200: listOf(channelSchema), ...denied },
      },
    },
    async (request) => chat.listChannels(requireAuth(request)),
  );

  app.get(
    '/channels/:id/messages',
    {
      config,
      schema: {
        tags,
        summary: 'Messages of a channel, newest last',
        description:
          'The first page holds the newest `limit` messages, oldest first. `nextCursor` pages backwards: it returns the `limit` messages before the oldest one of this page (again oldest first), until it is null.',
        params: idParams,
        querystring: messagesQuery,
        response: { 200: listOf(messageSchema), ...denied, ...problems('not_found') },
      },
    },
    async (request) => chat.listMessages(requireAuth(request), request.params.id, request.query),
  );

  app.post(
    '/channels/:id/messages',
    {
      config,
      schema: {
        tags,
        summary: 'Post a plain-text message (1–4000 characters, trimmed)',
        params: idParams,
        body: messageBody,
        response: { 201: messageSchema, ...denied, ...problems('not_found') },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await chat.post(requireAuth(request), request.params.id, request.body.body)),
  );

  app.get(
    '/channels/:id/stream',
    {
      config,
      schema: {
        tags,
        summary: 'New messages as they are posted (text/event-stream)',
        description: `Server-sent events: each event’s \`id\` is the message id and its \`data\` a Message. Send \`Last-Event-ID\` (browsers do on reconnect) to get what was posted after that message first. A comment line every 15 s keeps the connection open. The stream belongs to the session that opened it: when the session ends (sign-out, expiry, idle timeout) or the member may no longer read the channel (deactivated, deleted, another role, another workspace), a last \`event: end\` with \`data: {"reason": "signed_out" | "access_revoked" | "workspace_changed"}\` is sent and the connection closes; do not reconnect after it. At most ${STREAMS_PER_SESSION} streams per session: one more is 429 \`rate_limited\` with \`Retry-After\`.`,
        params: idParams,
        headers: z.looseObject({ 'last-event-id': z.string().max(100).optional() }),
        response: {
          200: eventStream('Server-sent events: one Message per event'),
          ...denied,
          ...problems('not_found', 'rate_limited'),
        },
      },
    },
    async (request, reply) => {
      const actor = requireAuth(request);
      const channel = await chat.channelOf(actor, request.params.id);
      const lastEventId = request.headers['last-event-id'];
      const raw = reply.raw;

      const sent = new Set<string>();
      let ready = false;
      let started = false;
      const queued: MessageWithAuthor[] = [];
      let closed = false;
      let release = () => {};
      const write = (row: MessageWithAuthor) => {
        if (closed || sent.has(row.id)) return;
        sent.add(row.id);
        if (sent.size > 2000) {
          const first = sent.values().next().value;
          if (first !== undefined) sent.delete(first);
        }
        raw.write(`id: ${row.id}\ndata: ${JSON.stringify(toMessage(row))}\n\n`);
      };
      /** With a reason, the client is told not to come back; without one (the server stops), it reconnects. */
      const end = (reason?: EndReason) => {
        if (closed) return;
        closed = true;
        release();
        open.delete(end);
        if (!started) return;
        if (reason) raw.write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
        raw.end();
      };
      release = await chatLive(ctx).open({
        sessionIdHash: actor.sessionIdHash,
        userId: actor.user.id,
        workspaceId: actor.workspace.id,
        channelId: channel.id,
        deliver: (row) => {
          if (ready) write(row);
          else queued.push(row);
        },
        heartbeat: () => {
          if (!closed && started) raw.write(': heartbeat\n\n');
        },
        end,
      });
      // Ended while it was being set up (signed out in the meantime): as if it came a moment later.
      if (closed) throw new AppError('unauthenticated');

      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
        'x-request-id': request.id,
      });
      started = true;
      raw.write('retry: 3000\n: connected\n\n');
      open.add(end);
      const gone = () => end();
      request.raw.on('close', gone);
      raw.on('close', gone);
      raw.on('error', gone);

      try {
        if (lastEventId) {
          const last = await chatRepository.findMessage(ctx.database.db, channel.id, lastEventId);
          if (last) {
            const missed = await chatRepository.after(ctx.database.db, {
              channelId: channel.id,
              after: { createdAt: last.created_at, id: last.id },
              limit: RESUME_MAX,
            });
            for (const row of missed) write(row);
          }
        }
      } catch (err) {
        request.log.warn({ err }, 'stream resume failed');
      }
      ready = true;
      for (const row of queued.splice(0)) write(row);
    },
  );

  app.get(
    '/onboarding/welcome-message',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['Onboarding'],
        summary: 'The welcome message posted to #general when someone accepts',
        response: { 200: welcomeSchema, ...denied },
      },
    },
    async (request) => chat.getWelcome(requireAuth(request)),
  );

  app.put(
    '/onboarding/welcome-message',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['Onboarding'],
        summary: 'Set the welcome message (placeholders {name}, {team}, {role}; at most 2000 characters)',
        body: welcomeBody,
        response: { 200: welcomeSchema, ...denied },
      },
    },
    async (request) => chat.putWelcome(requireAuth(request), request.body),
  );
}

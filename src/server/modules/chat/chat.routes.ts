import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { idParams, problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import { listOf } from '../users/users.schemas.js';
import { chatLive } from './chat.live.js';
import { chatRepository, type MessageWithAuthor } from './chat.repository.js';
import {
  channelSchema,
  messageBody,
  messageSchema,
  messagesQuery,
  welcomeBody,
  welcomeSchema,
} from './chat.schemas.js';
import { createChatService, toMessage } from './chat.service.js';

const HEARTBEAT_MS = 15_000;
const RESUME_MAX = 500;

export async function chatRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const chat = createChatService(ctx);
  const config = { permission: 'chat:use' } as const;
  const tags = ['Chat'];
  const denied = problems('unauthenticated', 'forbidden', 'validation_failed');
  const open = new Set<() => void>();

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
        description:
          'Server-sent events: each event’s `id` is the message id and its `data` a Message. Send `Last-Event-ID` (browsers do on reconnect) to get what was posted after that message first. A comment line every 15 s keeps the connection open.',
        params: idParams,
        headers: z.looseObject({ 'last-event-id': z.string().max(100).optional() }),
        response: { 200: z.string().describe('text/event-stream'), ...denied, ...problems('not_found') },
      },
    },
    async (request, reply) => {
      const actor = requireAuth(request);
      const channel = await chat.channelOf(actor, request.params.id);
      const lastEventId = request.headers['last-event-id'];
      const raw = reply.raw;

      const sent = new Set<string>();
      let ready = false;
      const queued: MessageWithAuthor[] = [];
      let closed = false;
      const write = (row: MessageWithAuthor) => {
        if (closed || sent.has(row.id)) return;
        sent.add(row.id);
        if (sent.size > 2000) {
          const first = sent.values().next().value;
          if (first !== undefined) sent.delete(first);
        }
        raw.write(`id: ${row.id}\ndata: ${JSON.stringify(toMessage(row))}\n\n`);
      };
      const unsubscribe = await chatLive(ctx).subscribe(channel.id, (row) => {
        if (ready) write(row);
        else queued.push(row);
      });

      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
        'x-request-id': request.id,
      });
      raw.write('retry: 3000\n: connected\n\n');
      const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      const end = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        raw.end();
      };
      open.add(end);
      request.raw.on('close', end);
      raw.on('close', end);
      raw.on('error', end);

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

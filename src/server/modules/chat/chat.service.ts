import type { Channel, Message } from '../../../shared/api/chat.js';
import { MESSAGE_MAX } from '../../../shared/chat.js';
import { ROLE_LABELS } from '../../../shared/roles.js';
import type { AppContext, AuthContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';
import { AppError, validationError } from '../../lib/app-error.js';
import { newId } from '../../lib/secrets.js';
import { nowIso } from '../../lib/time.js';
import { actorOf, recordAudit } from '../audit/audit.js';
import { hitRateLimit } from '../auth/rate-limiter.js';
import { chatLive } from './chat.live.js';
import { GENERAL, type MessageWithAuthor, chatRepository as repo } from './chat.repository.js';

export const DEFAULT_WELCOME = 'Please welcome {name} to {team} as our new {role}! 👋';

export function toMessage(row: MessageWithAuthor): Message {
  return {
    id: row.id,
    channelId: row.channel_id,
    body: row.body,
    author: row.author_id ? { id: row.author_id, name: row.author_name ?? '' } : null,
    createdAt: row.created_at,
  };
}

const toChannel = (row: Row<'channels'>): Channel => ({ id: row.id, name: row.name, createdAt: row.created_at });

/** The workspace's #general, created if it is somehow missing (it is made at sign-up and by migration 008). */
export async function ensureGeneral(db: Executor, workspaceId: string): Promise<Row<'channels'>> {
  const found = await repo.findChannelByName(db, workspaceId, GENERAL);
  if (found) return found;
  await repo.insertChannel(db, { id: newId(), workspace_id: workspaceId, name: GENERAL, created_at: nowIso() });
  const made = await repo.findChannelByName(db, workspaceId, GENERAL);
  if (!made) throw new Error('#general could not be created');
  return made;
}

/** The newest `limit` #general messages, oldest first (the dashboard). */
export async function latestGeneral(db: Executor, workspaceId: string, limit: number): Promise<Message[]> {
  const channel = await repo.findChannelByName(db, workspaceId, GENERAL);
  if (!channel) return [];
  const rows = await repo.pageBackwards(db, { channelId: channel.id, before: null, limit });
  return rows.reverse().map(toMessage);
}

/** The welcome as posted: placeholders filled in, cut to a message's length. */
export function renderWelcome(template: string, values: { name: string; team: string; role: string }): string {
  return template
    .replace(/\{(name|team|role)\}/g, (_, key: 'name' | 'team' | 'role') => values[key])
    .trim()
    .slice(0, MESSAGE_MAX);
}

// Cursors page backwards: each names the oldest message of the page just sent.
const encodeCursor = (row: { created_at: string; id: string }) =>
  Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // falls through
  }
  throw validationError([{ path: 'cursor', message: 'This cursor is not valid.' }]);
}

export function createChatService(ctx: AppContext) {
  const { db } = ctx.database;

  async function channelOf(actor: AuthContext, channelId: string): Promise<Row<'channels'>> {
    const channel = await repo.findChannel(db, actor.workspace.id, channelId);
    if (!channel) throw new AppError('not_found');
    return channel;
  }

  return {
    channelOf,

    async listChannels(actor: AuthContext): Promise<{ items: Channel[]; nextCursor: null }> {
      await ensureGeneral(db, actor.workspace.id);
      const rows = await repo.listChannels(db, actor.workspace.id);
      return { items: rows.map(toChannel), nextCursor: null };
    },

    /**
     * A page of messages, oldest first (newest at the bottom). The first page is the newest
     * `limit`; `nextCursor` fetches the `limit` before them, until it is null.
     */
    async listMessages(actor: AuthContext, channelId: string, query: { limit: number; cursor?: string | undefined }) {
      const channel = await channelOf(actor, channelId);
      const before = query.cursor ? decodeCursor(query.cursor) : null;
      const rows = await repo.pageBackwards(db, { channelId: channel.id, before, limit: query.limit + 1 });
      const more = rows.length > query.limit;
      const page = rows.slice(0, query.limit);
      const oldest = page[page.length - 1];
      return {
        items: page.reverse().map(toMessage),
        nextCursor: more && oldest ? encodeCursor(oldest) : null,
      };
    },

    async post(actor: AuthContext, channelId: string, body: string): Promise<Message> {
      const channel = await channelOf(actor, channelId);
      await hitRateLimit(ctx, 'chat-post', actor.user.id, ctx.config.rateLimits.chatPostPerMember);
      const row: Row<'messages'> = {
        id: newId(),
        workspace_id: actor.workspace.id,
        channel_id: channel.id,
        author_id: actor.user.id,
        body,
        created_at: nowIso(),
        source_key: null,
      };
      await repo.insertMessage(db, row);
      chatLive(ctx).kick();
      return toMessage({ ...row, author_name: actor.user.name });
    },

    async getWelcome(actor: AuthContext) {
      const row = await repo.findWelcome(db, actor.workspace.id);
      return row
        ? { enabled: row.enabled === 1, template: row.template, updatedAt: row.updated_at }
        : { enabled: false, template: DEFAULT_WELCOME, updatedAt: null };
    },

    async putWelcome(actor: AuthContext, input: { enabled: boolean; template: string }) {
      const now = nowIso();
      await ctx.database.transaction(async (trx) => {
        const before = await repo.findWelcome(trx, actor.workspace.id);
        await repo.upsertWelcome(trx, {
          workspace_id: actor.workspace.id,
          enabled: input.enabled ? 1 : 0,
          template: input.template,
          updated_at: now,
        });
        await recordAudit(trx, {
          workspaceId: actor.workspace.id,
          actor: actorOf(actor),
          action: 'onboarding.changed',
          target: { type: 'workspace', id: actor.workspace.id, label: actor.workspace.name },
          before: before ? { welcomeEnabled: before.enabled === 1, welcomeTemplate: before.template } : null,
          after: { welcomeEnabled: input.enabled, welcomeTemplate: input.template },
          ip: actor.ip,
        });
      });
      return { enabled: input.enabled, template: input.template, updatedAt: now };
    },
  };
}

/**
 * The `chat.welcome` job: posts the workspace's welcome for a person who just accepted. The
 * message's `source_key` (`welcome:<workspaceUserId>`) is unique, so however often the job runs,
 * at most one welcome exists. Disabled or empty template: nothing is posted.
 */
export function welcomeJob(ctx: AppContext) {
  const { db } = ctx.database;
  return async (job: Row<'jobs'>, payload: Record<string, unknown>): Promise<void> => {
    const workspaceId = job.workspace_id;
    const userId = typeof payload.userId === 'string' ? payload.userId : null;
    if (!workspaceId || !userId) return;
    const settings = await repo.findWelcome(db, workspaceId);
    if (settings?.enabled !== 1 || settings.template.trim() === '') return;
    const person = await repo.welcomeSubject(db, workspaceId, userId);
    if (person?.status !== 'active') return;
    const body = renderWelcome(settings.template, {
      name: person.name,
      team: person.team_name ?? person.workspace_name,
      role: ROLE_LABELS[person.role],
    });
    if (!body) return;
    const channel = await ensureGeneral(db, workspaceId);
    const posted = await repo.insertMessage(db, {
      id: newId(),
      workspace_id: workspaceId,
      channel_id: channel.id,
      author_id: null,
      body,
      created_at: nowIso(),
      source_key: `welcome:${userId}`,
    });
    if (posted) chatLive(ctx).kick();
  };
}

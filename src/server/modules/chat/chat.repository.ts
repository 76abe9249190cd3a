import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';

export const GENERAL = 'general';

export type MessageWithAuthor = Row<'messages'> & { author_name: string | null };

/** Queries only: channels, messages and the welcome settings. */
export const chatRepository = {
  listChannels(db: Executor, workspaceId: string) {
    return db.selectFrom('channels').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute();
  },

  findChannel(db: Executor, workspaceId: string, id: string) {
    return db
      .selectFrom('channels')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  findChannelByName(db: Executor, workspaceId: string, name: string) {
    return db
      .selectFrom('channels')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('name', '=', name)
      .executeTakeFirst();
  },

  /** Inserts the channel unless it exists (two first readers may race). */
  async insertChannel(db: Executor, row: Row<'channels'>): Promise<void> {
    await db
      .insertInto('channels')
      .values(row)
      .onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing())
      .execute();
  },

  /** Inserts the message; false when a message with the same `source_key` already exists. */
  async insertMessage(db: Executor, row: Row<'messages'>): Promise<boolean> {
    const result = await db
      .insertInto('messages')
      .values(row)
      .onConflict((oc) => oc.column('source_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  withAuthor(db: Executor) {
    return db
      .selectFrom('messages')
      .leftJoin('workspace_users', 'workspace_users.id', 'messages.author_id')
      .selectAll('messages')
      .select('workspace_users.name as author_name');
  },

  findMessage(db: Executor, channelId: string, id: string) {
    return chatRepository
      .withAuthor(db)
      .where('messages.channel_id', '=', channelId)
      .where('messages.id', '=', id)
      .executeTakeFirst();
  },

  /** Newest first, strictly older than `before` when given. */
  pageBackwards(
    db: Executor,
    args: { channelId: string; before: { createdAt: string; id: string } | null; limit: number },
  ): Promise<MessageWithAuthor[]> {
    let query = chatRepository.withAuthor(db).where('messages.channel_id', '=', args.channelId);
    const before = args.before;
    if (before) {
      query = query.where((eb) =>
        eb.or([
          eb('messages.created_at', '<', before.createdAt),
          eb.and([eb('messages.created_at', '=', before.createdAt), eb('messages.id', '<', before.id)]),
        ]),
      );
    }
    return query.orderBy('messages.created_at', 'desc').orderBy('messages.id', 'desc').limit(args.limit).execute();
  },

  /** Oldest first, strictly newer than `after` (a resumed stream). */
  after(db: Executor, args: { channelId: string; after: { createdAt: string; id: string }; limit: number }) {
    const { after } = args;
    return chatRepository
      .withAuthor(db)
      .where('messages.channel_id', '=', args.channelId)
      .where((eb) =>
        eb.or([
          eb('messages.created_at', '>', after.createdAt),
          eb.and([eb('messages.created_at', '=', after.createdAt), eb('messages.id', '>', after.id)]),
        ]),
      )
      .orderBy('messages.created_at')
      .orderBy('messages.id')
      .limit(args.limit)
      .execute();
  },

  /** Every message created at or after `since`, all workspaces (the process's live poller). */
  since(db: Executor, since: string, limit: number) {
    return chatRepository
      .withAuthor(db)
      .where('messages.created_at', '>=', since)
      .orderBy('messages.created_at')
      .orderBy('messages.id')
      .limit(limit)
      .execute();
  },

  findWelcome(db: Executor, workspaceId: string) {
    return db.selectFrom('welcome_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  },

  async upsertWelcome(db: Executor, row: Row<'welcome_settings'>): Promise<void> {
    await db
      .insertInto('welcome_settings')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('workspace_id')
          .doUpdateSet({ enabled: row.enabled, template: row.template, updated_at: row.updated_at }),
      )
      .execute();
  },

  /** The new person as the welcome names them. */
  welcomeSubject(db: Executor, workspaceId: string, userId: string) {
    return db
      .selectFrom('workspace_users')
      .leftJoin('teams', 'teams.id', 'workspace_users.team_id')
      .innerJoin('workspaces', 'workspaces.id', 'workspace_users.workspace_id')
      .select([
        'workspace_users.name',
        'workspace_users.role',
        'workspace_users.status',
        'teams.name as team_name',
        'workspaces.name as workspace_name',
      ])
      .where('workspace_users.workspace_id', '=', workspaceId)
      .where('workspace_users.id', '=', userId)
      .executeTakeFirst();
  },
};

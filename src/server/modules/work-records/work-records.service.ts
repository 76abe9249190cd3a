import type { AppContext, AuthContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { readCursor, toPage } from '../../lib/pagination.js';
import { newId } from '../../lib/secrets.js';
import { nowIso } from '../../lib/time.js';
import { usersRepository } from '../users/users.repository.js';
import {
  type DealRow,
  type LeadRow,
  type RecordKind,
  type RecordRow,
  type RecordScope,
  workRecordsRepository as repo,
} from './work-records.repository.js';

export function scopeOf(actor: AuthContext): RecordScope {
  const { user } = actor;
  if (user.role === 'admin') return { kind: 'all' };
  if (user.role === 'manager') return { kind: 'team', userId: user.id, teamId: user.team_id };
  return { kind: 'own', userId: user.id };
}

const owner = (row: { owner_id: string | null; owner_name: string | null }) =>
  row.owner_id && row.owner_name !== null ? { id: row.owner_id, name: row.owner_name } : null;

export const toDeal = (row: DealRow) => ({
  id: row.id,
  name: row.name,
  amount: Number(row.amount),
  stage: row.stage,
  ownerId: row.owner_id,
  owner: owner(row),
  createdAt: row.created_at,
});

export const toLead = (row: LeadRow) => ({
  id: row.id,
  name: row.name,
  email: row.email,
  company: row.company,
  ownerId: row.owner_id,
  owner: owner(row),
  createdAt: row.created_at,
});

const invalidOwner = () =>
  new AppError('validation_failed', {
    errors: [{ path: 'ownerId', message: 'The owner must be an active user of this workspace.' }],
  });

/**
 * Who may own a record the actor creates or edits: admins give it to any active user or to
 * nobody; managers to themselves or an active member of their team; sales reps only to themselves.
 */
async function assertOwner(db: Executor, actor: AuthContext, ownerId: string | null): Promise<void> {
  const { user } = actor;
  if (ownerId === null) {
    if (user.role === 'admin') return;
    throw new AppError('forbidden', { detail: 'Only an admin can leave a record without an owner.' });
  }
  const row = await usersRepository.findById(db, actor.workspace.id, ownerId);
  if (row?.status !== 'active') throw invalidOwner();
  if (user.role === 'admin' || row.id === user.id) return;
  if (user.role === 'manager' && user.team_id !== null && row.team_id === user.team_id) return;
  throw new AppError('forbidden', {
    detail:
      user.role === 'manager'
        ? 'A manager can give records to members of their own team only.'
        : 'A sales rep owns the records they work on.',
  });
}

type Fields<K extends RecordKind> = K extends 'deals'
  ? Partial<Pick<Row<'deals'>, 'name' | 'amount' | 'stage'>>
  : Partial<Pick<Row<'leads'>, 'name' | 'email' | 'company'>>;

/** Deals and leads: one set of rules, two kinds of record. */
export function createWorkRecordsService<K extends RecordKind>(ctx: AppContext, kind: K) {
  const { db } = ctx.database;
  const view = (kind === 'deals' ? toDeal : toLead) as (row: RecordRow<K>) => ReturnType<typeof toDeal>;

  async function find(actor: AuthContext, id: string, executor: Executor = db): Promise<RecordRow<K>> {
    const row = await repo.find(executor, kind, actor.workspace.id, id, scopeOf(actor));
    if (!row) throw new AppError('not_found');
    return row;
  }

  return {
    async list(
      actor: AuthContext,
      query: { ownerId?: string | undefined; limit: number; cursor?: string | undefined },
    ) {
      const after = readCursor(query.cursor);
      const rows = await repo.list(db, kind, {
        workspaceId: actor.workspace.id,
        scope: scopeOf(actor),
        ownerId: query.ownerId ?? null,
        after,
        limit: query.limit + 1,
      });
      return toPage(rows, query.limit, view, (r) => r.created_at);
    },

    async get(actor: AuthContext, id: string) {
      return view(await find(actor, id));
    },

    async create(actor: AuthContext, input: Fields<K> & { ownerId?: string | null | undefined }) {
      const id = newId();
      const now = nowIso();
      const { ownerId, ...fields } = input;
      await ctx.database.transaction(async (trx) => {
        const chosen = ownerId === undefined ? actor.user.id : ownerId;
        await assertOwner(trx, actor, chosen);
        await repo.insert(trx, kind, {
          ...(kind === 'leads' ? { email: null, company: null } : {}),
          ...fields,
          id,
          workspace_id: actor.workspace.id,
          owner_id: chosen,
          created_by_id: actor.user.id,
          created_at: now,
          updated_at: now,
        } as unknown as Row<K>);
      });
      return view(await find(actor, id));
    },

    async update(actor: AuthContext, id: string, input: Fields<K> & { ownerId?: string | null | undefined }) {
      const { ownerId, ...fields } = input;
      await ctx.database.transaction(async (trx) => {
        await find(actor, id, trx);
        if (ownerId !== undefined) await assertOwner(trx, actor, ownerId);
        await repo.update(trx, kind, actor.workspace.id, id, {
          ...fields,
          ...(ownerId !== undefined ? { owner_id: ownerId } : {}),
          updated_at: nowIso(),
        });
      });
      // A manager or rep who hands a record on may no longer see it: answer with what was saved.
      const row = await repo.find(db, kind, actor.workspace.id, id, { kind: 'all' });
      if (!row) throw new AppError('not_found');
      return view(row);
    },

    async remove(actor: AuthContext, id: string) {
      await ctx.database.transaction(async (trx) => {
        await find(actor, id, trx);
        await repo.remove(trx, kind, actor.workspace.id, id);
      });
    },
  };
}

/** The people the actor may give a record to, by name. */
export async function assignableOwners(ctx: AppContext, actor: AuthContext) {
  const { user } = actor;
  let query = ctx.database.db
    .selectFrom('workspace_users')
    .select(['id', 'name'])
    .where('workspace_id', '=', actor.workspace.id)
    .where('status', '=', 'active');
  if (user.role === 'sales_rep' || (user.role === 'manager' && user.team_id === null)) {
    query = query.where('id', '=', user.id);
  } else if (user.role === 'manager' && user.team_id !== null) {
    const teamId = user.team_id;
    query = query.where((eb) => eb.or([eb('id', '=', user.id), eb('team_id', '=', teamId)]));
  }
  return { items: await query.orderBy('name_key').orderBy('id').limit(1000).execute() };
}

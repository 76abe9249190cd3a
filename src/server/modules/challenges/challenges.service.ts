import type {
  Challenge,
  ChallengeBody,
  ChallengePatch,
  MyChallenge,
  ProgressItem,
} from '../../../shared/api/challenges.js';
import { CHALLENGE_STEPS, type ChallengeStep, orderSteps } from '../../../shared/challenges.js';
import { authorize } from '../../../shared/permissions.js';
import type { AppContext, AuthContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { newId } from '../../lib/secrets.js';
import { nowIso } from '../../lib/time.js';
import { actorOf, recordAudit } from '../audit/audit.js';
import { type ChallengeRow, type MemberFacts, challengesRepository as repo } from './challenges.repository.js';

const DAY_MS = 86_400_000;

function stepsOf(row: ChallengeRow): ChallengeStep[] {
  const parsed: unknown = JSON.parse(row.steps);
  return Array.isArray(parsed) ? orderSteps(parsed.filter((s): s is ChallengeStep => CHALLENGE_STEPS.includes(s))) : [];
}

export const toChallenge = (row: ChallengeRow): Challenge => ({
  id: row.id,
  name: row.name,
  steps: stepsOf(row),
  active: row.active === 1,
  dueDays: row.due_days,
  createdAt: row.created_at,
});

type Facts = { members: MemberFacts[]; firstAt: (step: ChallengeStep, member: MemberFacts) => string | null };

/**
 * What each person did, read with one query per kind of fact for the whole workspace (or one
 * person), never one per person. Only the facts the challenge's steps need are read.
 */
async function readFacts(db: Executor, workspaceId: string, steps: ChallengeStep[], userId: string | null) {
  const needs = (step: ChallengeStep) => steps.includes(step);
  const none = new Map<string, string>();
  const [members, leads, deals, posts] = await Promise.all([
    repo.members(db, workspaceId, userId),
    needs('create_lead') ? repo.firstCreated(db, 'leads', workspaceId, userId) : none,
    needs('create_deal') ? repo.firstCreated(db, 'deals', workspaceId, userId) : none,
    needs('post_in_general') ? repo.firstGeneralPost(db, workspaceId, userId) : none,
  ]);
  const firstAt = (step: ChallengeStep, m: MemberFacts): string | null => {
    switch (step) {
      case 'complete_profile':
        return m.profile_completed_at;
      case 'finish_tour':
        // Skipping the tour does not count; a finish from before the date was kept counts at the last update.
        return m.tour_status === 'completed' ? (m.tour_completed_at ?? m.updated_at) : null;
      case 'post_in_general':
        return posts.get(m.id) ?? null;
      case 'create_lead':
        return leads.get(m.id) ?? null;
      case 'create_deal':
        return deals.get(m.id) ?? null;
    }
  };
  return { members, firstAt } satisfies Facts;
}

/** One person's progress: the steps done, when the last one was done, the first one left. */
export function progressOf(steps: ChallengeStep[], member: MemberFacts, firstAt: Facts['firstAt']): ProgressItem {
  const times = steps.map((step) => [step, firstAt(step, member)] as const);
  const done = times.filter(([, at]) => at !== null).map(([step]) => step);
  const finished = done.length === steps.length && steps.length > 0;
  const completedAt = finished ? times.reduce((max, [, at]) => (at && at > max ? at : max), '') : null;
  return {
    user: { id: member.id, name: member.name },
    done,
    completedAt,
    stuckAt: steps.find((s) => !done.includes(s)) ?? null,
  };
}

/** Finished first (earliest first), then by steps done (most first), then by name. */
export function leaderboardOrder(a: ProgressItem & { key: string }, b: ProgressItem & { key: string }): number {
  if (a.completedAt && b.completedAt) return a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1 : 0;
  if (a.completedAt) return -1;
  if (b.completedAt) return 1;
  if (a.done.length !== b.done.length) return b.done.length - a.done.length;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

const snapshot = (c: Challenge) => ({ name: c.name, steps: c.steps, active: c.active, dueDays: c.dueDays });

export function createChallengesService(ctx: AppContext) {
  const { db } = ctx.database;

  async function find(actor: AuthContext, id: string, executor: Executor = db): Promise<ChallengeRow> {
    const row = await repo.find(executor, actor.workspace.id, id);
    if (!row) throw new AppError('not_found');
    return row;
  }

  return {
    async list(actor: AuthContext) {
      const rows = await repo.list(db, actor.workspace.id);
      return { items: rows.map(toChallenge), nextCursor: null };
    },

    /** Activating a challenge deactivates the workspace's other one, in the same transaction. */
    async create(actor: AuthContext, input: ChallengeBody): Promise<Challenge> {
      const now = nowIso();
      const row: ChallengeRow = {
        id: newId(),
        workspace_id: actor.workspace.id,
        name: input.name,
        steps: JSON.stringify(orderSteps(input.steps)),
        active: input.active ? 1 : 0,
        due_days: input.dueDays ?? null,
        created_at: now,
        updated_at: now,
      };
      await ctx.database.transaction(async (trx) => {
        if (input.active) {
          // Two admins activating at once take turns; the unique index is the last guard.
          await ctx.database.lockWorkspace(trx, actor.workspace.id);
          await repo.deactivateOthers(trx, actor.workspace.id, row.id, now);
        }
        await repo.insert(trx, row);
        await recordAudit(trx, {
          workspaceId: actor.workspace.id,
          actor: actorOf(actor),
          action: 'onboarding.changed',
          target: { type: 'challenge', id: row.id, label: row.name },
          after: snapshot(toChallenge(row)),
          ip: actor.ip,
        });
      });
      return toChallenge(row);
    },

    async update(actor: AuthContext, id: string, input: ChallengePatch): Promise<Challenge> {
      const now = nowIso();
      return ctx.database.transaction(async (trx) => {
        const before = toChallenge(await find(actor, id, trx));
        const set: Partial<ChallengeRow> = { updated_at: now };
        if (input.name !== undefined) set.name = input.name;
        if (input.steps !== undefined) set.steps = JSON.stringify(orderSteps(input.steps));
        if (input.active !== undefined) set.active = input.active ? 1 : 0;
        if (input.dueDays !== undefined) set.due_days = input.dueDays;
        if (input.active) {
          await ctx.database.lockWorkspace(trx, actor.workspace.id);
          await repo.deactivateOthers(trx, actor.workspace.id, id, now);
        }
        await repo.update(trx, actor.workspace.id, id, set);
        const after = toChallenge(await find(actor, id, trx));
        await recordAudit(trx, {
          workspaceId: actor.workspace.id,
          actor: actorOf(actor),
          action: 'onboarding.changed',
          target: { type: 'challenge', id, label: after.name },
          before: snapshot(before),
          after: snapshot(after),
          ip: actor.ip,
        });
        return after;
      });
    },

    /** Admins: every active member, leaderboard order. Everyone else: only themself. */
    async progress(actor: AuthContext, id: string): Promise<{ items: ProgressItem[] }> {
      const challenge = toChallenge(await find(actor, id));
      const everyone = authorize(actor.user.role, 'users:read');
      const { members, firstAt } = await readFacts(
        db,
        actor.workspace.id,
        challenge.steps,
        everyone ? null : actor.user.id,
      );
      const items = members
        .map((m) => ({ ...progressOf(challenge.steps, m, firstAt), key: `${m.name_key}\u0000${m.id}` }))
        .sort(leaderboardOrder)
        .map(({ key: _key, ...item }) => item);
      return { items };
    },

    /** The dashboard's card: the active challenge and the signed-in person's progress, or null. */
    async mine(actor: AuthContext): Promise<MyChallenge | null> {
      const row = await repo.findActive(db, actor.workspace.id);
      if (!row) return null;
      const challenge = toChallenge(row);
      const { members, firstAt } = await readFacts(db, actor.workspace.id, challenge.steps, actor.user.id);
      const me = members[0];
      const progress = me ? progressOf(challenge.steps, me, firstAt) : null;
      const acceptedAt = me?.accepted_at ?? null;
      return {
        id: challenge.id,
        name: challenge.name,
        steps: challenge.steps,
        dueDays: challenge.dueDays,
        dueAt:
          challenge.dueDays !== null && acceptedAt
            ? new Date(Date.parse(acceptedAt) + challenge.dueDays * DAY_MS).toISOString()
            : null,
        done: progress?.done ?? [],
        completedAt: progress?.completedAt ?? null,
      };
    },
  };
}

export type ChallengesService = ReturnType<typeof createChallengesService>;

import type { AppContext } from '../../context.js';
import { nowIso } from '../../lib/time.js';
import type { AuthContext } from '../../plugins/auth.js';
import { actorOf, recordAudit } from '../audit/audit.js';
import type { Executor } from '../auth/auth.repository.js';
import { guideRepository as repo } from './guide.repository.js';
import type { DashboardGuide, Guide, GuideBody } from './guide.schemas.js';
import { renderGuide } from './guide-renderer.js';

/** The guide for the dashboard: null while there is none, or while it is empty. */
export async function dashboardGuide(db: Executor, workspaceId: string): Promise<DashboardGuide | null> {
  const row = await repo.find(db, workspaceId);
  if (!row || row.html === '') return null;
  return { html: row.html, updatedAt: row.updated_at };
}

export function createGuideService(ctx: AppContext) {
  const { db } = ctx.database;

  return {
    async get(actor: AuthContext): Promise<Guide> {
      const row = await repo.find(db, actor.workspace.id);
      return row
        ? { markdown: row.markdown, html: row.html, updatedAt: row.updated_at }
        : { markdown: '', html: '', updatedAt: null };
    },

    /** Renders and sanitises once, at save: readers get the stored HTML. */
    async save(actor: AuthContext, input: GuideBody): Promise<Guide> {
      const workspaceId = actor.workspace.id;
      const html = renderGuide(input.markdown);
      const now = nowIso();
      await ctx.database.transaction(async (trx) => {
        const before = await repo.find(trx, workspaceId);
        await repo.upsert(trx, {
          workspace_id: workspaceId,
          markdown: input.markdown,
          html,
          updated_at: now,
          updated_by: actor.user.id,
        });
        await recordAudit(trx, {
          workspaceId,
          actor: actorOf(actor),
          action: 'onboarding.changed',
          target: { type: 'workspace', id: workspaceId, label: actor.workspace.name },
          before: { guide: { characters: before?.markdown.length ?? 0 } },
          after: { guide: { characters: input.markdown.length } },
          ip: actor.ip,
        });
      });
      return { markdown: input.markdown, html, updatedAt: now };
    },
  };
}

import type { DashboardGuide, Guide, GuideBody } from '../../../shared/api/guide.js';
import type { AppContext, AuthContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { validationError } from '../../lib/app-error.js';
import { nowIso } from '../../lib/time.js';
import { actorOf, recordAudit } from '../audit/audit.js';
import { guideRepository as repo } from './guide.repository.js';
import { GuideTooComplexError, renderGuide } from './guide-renderer.js';

/** The guide for the dashboard: null while there is none, or while it is empty. */
export async function dashboardGuide(db: Executor, workspaceId: string): Promise<DashboardGuide | null> {
  const row = await repo.find(db, workspaceId);
  if (!row || row.html === '') return null;
  return { html: row.html, updatedAt: row.updated_at };
}

export function createGuideService(ctx: AppContext) {
  const { db } = ctx.database;

  function render(markdown: string, workspaceId: string): string {
    try {
      return renderGuide(markdown);
    } catch (error) {
      if (!(error instanceof GuideTooComplexError)) throw error;
      // Only the kind of failure: the guide's text stays out of the log.
      const cause = error.cause instanceof Error ? error.cause.name : null;
      ctx.log.info({ event: 'guide_refused', workspaceId, cause }, 'guide not rendered');
      throw validationError([{ path: 'markdown', message: error.message }]);
    }
  }

  return {
    async get(actor: AuthContext): Promise<Guide> {
      const row = await repo.find(db, actor.workspace.id);
      return row
        ? { markdown: row.markdown, html: row.html, updatedAt: row.updated_at }
        : { markdown: '', html: '', updatedAt: null };
    },

    /**
     * Renders and sanitises once, at save: readers get the stored HTML. A guide the renderer
     * refuses (too deeply nested, too costly) or fails on is a 400 on its `markdown` field, and
     * nothing is saved.
     */
    async save(actor: AuthContext, input: GuideBody): Promise<Guide> {
      const workspaceId = actor.workspace.id;
      const html = render(input.markdown, workspaceId);
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

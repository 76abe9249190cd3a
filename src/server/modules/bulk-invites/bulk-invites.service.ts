import type { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { BulkIssue, bulkImportSchema, bulkRowSchema } from '../../../shared/api/bulk-invites.js';
import { BULK_ISSUE_CODES, type BulkIssueCode } from '../../../shared/bulk-csv.js';
import { planById } from '../../../shared/plans.js';
import type { Role } from '../../../shared/roles.js';
import type { AppContext, AuthContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import type { DB, Row } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { safeCsv } from '../../lib/csv-export.js';
import { newId } from '../../lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../../lib/time.js';
import { actorOf, recordAudit } from '../audit/audit.js';
import { seatUsage } from '../billing/billing.service.js';
import { assertMaySend, prepareInvitation, standingOf, writeInvitations } from '../invitations/invitation-core.js';
import { assertVerifiedInviter } from '../invitations/invitation-limits.js';
import { workspacesRepository } from '../workspaces/workspaces.repository.js';
import { bulkInvitesRepository as repo } from './bulk-invites.repository.js';
import { readInvitationCsv } from './csv-reader.js';
import { createRowValidator, teamKey, type ValidatedRow, type ValidationState } from './row-validation.js';

const SEND_CHUNK = 1000;
const ROW_PAGE = 1000;

// The answers' types come from their schemas: written once.
export type BulkImportView = z.infer<typeof bulkImportSchema>;
export type BulkRowView = z.infer<typeof bulkRowSchema>;

/** How every email of the workspace stands now, and its teams: a few set-based queries. */
async function loadState(
  db: Executor,
  workspaceId: string,
  now: string,
): Promise<ValidationState & { reusable: Map<string, string> }> {
  const [users, teams] = await Promise.all([
    repo.workspaceEmails(db, workspaceId),
    repo.workspaceTeams(db, workspaceId),
  ]);
  const existing: ValidationState['existing'] = new Map();
  const reusable = new Map<string, string>();
  for (const u of users) {
    const standing = standingOf(u, now);
    if (standing === 'new') continue;
    existing.set(u.email, standing);
    if (standing === 'reusable') reusable.set(u.email, u.id);
  }
  return { existing, reusable, teamsByKey: new Map(teams.map((t) => [t.name_key, t.id])) };
}

function toView(row: Row<'bulk_imports'>, available: number | null): BulkImportView {
  return {
    id: row.id,
    status: row.status,
    fileName: row.file_name,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    counts: {
      rows: row.rows_count,
      valid: row.valid_count,
      invalid: row.invalid_count,
      sent: row.sent_count,
      skipped: row.skipped_count,
    },
    issues: JSON.parse(row.issues) as BulkImportView['issues'],
    seats: { required: row.status === 'draft' ? row.valid_count : row.sent_count, available },
    warnings: JSON.parse(row.warnings) as string[],
  };
}

function toRowView(row: Row<'bulk_import_rows'>): BulkRowView {
  return {
    row: row.row_number,
    email: row.email,
    name: row.name,
    role: row.role,
    team: row.team,
    status: row.valid ? 'valid' : 'invalid',
    issues: row.issues ? (JSON.parse(row.issues) as BulkIssue[]) : [],
  };
}

export function createBulkInvitesService(ctx: AppContext) {
  const { db } = ctx.database;

  async function view(workspace: { id: string; plan_id: string }, row: Row<'bulk_imports'>) {
    const seats = await seatUsage(db, workspace.id, workspace.plan_id);
    return toView(row, seats.available);
  }

  async function find(workspaceId: string, id: string) {
    const row = await repo.findImport(db, workspaceId, id);
    if (!row) throw new AppError('not_found', { detail: 'That bulk invitation does not exist.' });
    return row;
  }

  return {
    /** Reads, checks and stores every row of an upload; nothing is stored if the file is refused. */
    async upload(actor: AuthContext, args: { fileName: string; source: Readable }): Promise<BulkImportView> {
      const workspaceId = actor.workspace.id;
      const now = nowIso();
      const validate = createRowValidator(await loadState(db, workspaceId, now));
      const rows: ValidatedRow[] = [];
      let warnings: string[] = [];
      await readInvitationCsv(
        args.source,
        (header) => {
          warnings = header.warnings;
        },
        (rowNumber, raw) => {
          rows.push(validate(rowNumber, raw));
        },
      );
      const issues: Partial<Record<BulkIssueCode, number>> = {};
      let valid = 0;
      for (const row of rows) {
        if (row.issues.length === 0) valid += 1;
        for (const code of new Set(row.issues.map((i) => i.code))) issues[code] = (issues[code] ?? 0) + 1;
      }
      const ordered = Object.fromEntries(BULK_ISSUE_CODES.filter((c) => issues[c]).map((c) => [c, issues[c]]));
      const record: Row<'bulk_imports'> = {
        id: newId(),
        workspace_id: workspaceId,
        created_by_id: actor.user.id,
        file_name: args.fileName,
        status: 'draft',
        rows_count: rows.length,
        valid_count: valid,
        invalid_count: rows.length - valid,
        sent_count: 0,
        skipped_count: 0,
        issues: JSON.stringify(ordered),
        warnings: JSON.stringify(warnings),
        created_at: now,
        sent_at: null,
      };
      await ctx.database.transaction(async (trx) => {
        await repo.insertImport(trx, record);
        // Rows are turned into table rows a batch at a time, never all at once.
        for (let i = 0; i < rows.length; i += ROW_PAGE) {
          await repo.insertRows(
            ctx.database,
            trx,
            rows.slice(i, i + ROW_PAGE).map((r) => ({
              import_id: record.id,
              row_number: r.row,
              email: r.email,
              name: r.name,
              role: r.role,
              team: r.team,
              team_id: r.teamId,
              valid: r.issues.length === 0 ? 1 : 0,
              issues: r.issues.length === 0 ? null : JSON.stringify(r.issues),
            })),
          );
        }
      });
      ctx.log.info(
        { event: 'bulk_uploaded', workspaceId, importId: record.id, rows: rows.length, valid },
        'bulk file checked',
      );
      return view(actor.workspace, record);
    },

    async get(actor: AuthContext, id: string): Promise<BulkImportView> {
      return view(actor.workspace, await find(actor.workspace.id, id));
    },

    async rows(
      actor: AuthContext,
      id: string,
      args: { filter: 'all' | 'valid' | 'invalid'; limit: number; cursor?: string | undefined },
    ) {
      const found = await find(actor.workspace.id, id);
      const afterRow = args.cursor ? Number(args.cursor) : 0;
      if (!Number.isSafeInteger(afterRow) || afterRow < 0) {
        throw new AppError('validation_failed', { errors: [{ path: 'cursor', message: 'This cursor is not valid.' }] });
      }
      const valid = args.filter === 'all' ? null : args.filter === 'valid';
      const rows = await repo.listRows(db, { importId: found.id, valid, afterRow, limit: args.limit + 1 });
      const page = rows.slice(0, args.limit);
      const last = page.at(-1);
      return {
        items: page.map(toRowView),
        nextCursor: rows.length > args.limit && last ? String(last.row_number) : null,
      };
    },

    /** The invalid rows with an `issues` column, safe to open in a spreadsheet. */
    async invalidCsv(actor: AuthContext, id: string): Promise<{ fileName: string; stream: Readable }> {
      const found = await find(actor.workspace.id, id);
      const out = safeCsv(['email', 'name', 'role', 'team', 'issues'], (write) =>
        eachRowPage(db, found.id, false, async (rows) => {
          for (const row of rows) {
            const view = toRowView(row);
            await write([
              view.email,
              view.name,
              view.role,
              view.team,
              view.issues.map((i) => `row ${view.row}: ${i.message}`).join(' '),
            ]);
          }
        }),
      );
      const base =
        found.file_name
          .replace(/\.csv$/i, '')
          .replace(/[^\w.-]+/g, '-')
          .slice(0, 80) || 'invitations';
      return { fileName: `${base}-rows-with-issues.csv`, stream: out };
    },

    /**
     * Send All: every valid row, checked again against the workspace as it is now, becomes an
     * invitation in one transaction, or none does.
     */
    async send(actor: AuthContext, id: string): Promise<BulkImportView> {
      assertVerifiedInviter(actor);
      const workspaceId = actor.workspace.id;
      let sent = 0;
      await ctx.database.transaction(async (trx) => {
        await ctx.database.lockWorkspace(trx, workspaceId);
        const found = await repo.findImport(trx, workspaceId, id);
        if (!found) throw new AppError('not_found', { detail: 'That bulk invitation does not exist.' });
        if (found.status !== 'draft') throw new AppError('bulk_already_sent');
        const workspace = await workspacesRepository.findById(trx, workspaceId);
        if (!workspace) throw new AppError('not_found');
        const now = nowIso();
        const state = await loadState(trx, workspaceId, now);
        // Two passes over the valid rows, a page at a time: count what can still be sent (for the
        // seat check), then create it. Memory stays one page, whatever the file's size.
        const sendable = (row: Row<'bulk_import_rows'>) => {
          const standing = state.existing.get(row.email);
          if (standing === 'member' || standing === 'invited') return null;
          const teamId = row.team ? (state.teamsByKey.get(teamKey(row.team)) ?? null) : null;
          if (row.team && !teamId) return null;
          return { row, teamId };
        };
        // Counting needs a pass of its own only when the plan has a seat limit.
        if (planById(workspace.plan_id).seatLimit !== null) {
          let count = 0;
          await eachRowPage(trx, found.id, true, async (page) => {
            for (const row of page) if (sendable(row)) count += 1;
          });
          await assertMaySend(ctx, trx, { workspace, seats: count, recipients: [], total: count });
        }
        if ((await repo.markSent(trx, { id: found.id, now })) === 0) throw new AppError('bulk_already_sent');
        await eachRowPage(trx, found.id, true, async (page) => {
          const toSend = page.flatMap((row) => sendable(row) ?? []);
          await createInvitations(trx, { actor, workspaceId, toSend, reusable: state.reusable, now });
          sent += toSend.length;
        });
        await repo.setSentCounts(trx, { id: found.id, sent, skipped: found.rows_count - sent });
        // One event for the whole file; its rows stay listed under the import itself.
        await recordAudit(trx, {
          workspaceId,
          actor: actorOf(actor),
          action: 'bulk_invite.sent',
          target: { type: 'bulk_import', id: found.id, label: found.file_name },
          after: { sent, skipped: found.rows_count - sent },
          ip: actor.ip,
        });
      });
      ctx.outbox.kick();
      ctx.log.info({ event: 'bulk_sent', workspaceId, importId: id, sent }, 'bulk invitations sent');
      return view(actor.workspace, await find(workspaceId, id));
    },
  };

  /** Visits the rows of an import (valid or invalid ones) in file order, a page at a time. */
  async function eachRowPage(
    executor: Executor,
    importId: string,
    valid: boolean,
    visit: (page: Row<'bulk_import_rows'>[]) => Promise<void>,
  ): Promise<void> {
    let afterRow = 0;
    for (;;) {
      const page = await repo.listRows(executor, { importId, valid, afterRow, limit: ROW_PAGE });
      if (page.length > 0) await visit(page);
      const last = page.at(-1);
      if (!last || page.length < ROW_PAGE) return;
      afterRow = last.row_number;
    }
  }

  /** Users, tokens and outbox messages in multi-row inserts, a chunk at a time. */
  async function createInvitations(
    trx: Transaction<DB>,
    args: {
      actor: AuthContext;
      workspaceId: string;
      toSend: { row: Row<'bulk_import_rows'>; teamId: string | null }[];
      reusable: Map<string, string>;
      now: string;
    },
  ) {
    const expiresAt = isoAfterSeconds(ctx.config.invitationTtlSeconds);
    for (let i = 0; i < args.toSend.length; i += SEND_CHUNK) {
      const prepared = args.toSend.slice(i, i + SEND_CHUNK).map(({ row, teamId }) =>
        prepareInvitation({
          workspaceId: args.workspaceId,
          invitedById: args.actor.user.id,
          person: { email: row.email, name: row.name, role: row.role as Role, teamId },
          reuseId: args.reusable.get(row.email) ?? null,
          expiresAt,
          now: args.now,
        }),
      );
      await writeInvitations(ctx, trx, prepared, { expiresAt, now: args.now });
    }
  }
}

import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { BulkIssue, bulkImportSchema, bulkRowSchema } from '../../../shared/api/bulk-invites.js';
import { BULK_ISSUE_CODES, type BulkIssueCode } from '../../../shared/bulk-csv.js';
import type { AppContext, AuthContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { safeCsv } from '../../lib/csv-export.js';
import { newId } from '../../lib/secrets.js';
import { nowIso } from '../../lib/time.js';
import { seatUsage } from '../billing/billing.service.js';
import { standingOf } from '../invitations/invitation-core.js';
import { bulkInvitesRepository as repo } from './bulk-invites.repository.js';
import { createBulkSender } from './bulk-send.js';
import { readInvitationCsv } from './csv-reader.js';
import { createRowValidator, type RawRow, type ValidatedRow, type ValidationState } from './row-validation.js';

/** Rows checked and written per slice of an upload; the event loop is free between slices. */
const ROW_PAGE = 1000;

// The answers' types come from their schemas: written once.
export type BulkImportView = z.infer<typeof bulkImportSchema>;
export type BulkRowView = z.infer<typeof bulkRowSchema>;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Seats the import takes: all its valid rows before the send, what it holds and wrote during, what it wrote after. */
function seatsRequired(row: Row<'bulk_imports'>): number {
  if (row.status === 'draft' || row.status === 'checking') return row.valid_count;
  if (row.status === 'sending') return row.sent_count + row.reserved_seats;
  return row.sent_count;
}

function toView(row: Row<'bulk_imports'>, available: number | null): BulkImportView {
  return {
    id: row.id,
    // An upload still being written is never found (`find`), so never shown.
    status: row.status === 'checking' ? 'draft' : row.status,
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
    seats: { required: seatsRequired(row), available },
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

function toRowRecord(importId: string, r: ValidatedRow): Row<'bulk_import_rows'> {
  return {
    import_id: importId,
    row_number: r.row,
    email: r.email,
    name: r.name,
    role: r.role,
    team: r.team,
    team_id: r.teamId,
    valid: r.issues.length === 0 ? 1 : 0,
    issues: r.issues.length === 0 ? null : JSON.stringify(r.issues),
  };
}

export function createBulkInvitesService(ctx: AppContext) {
  const { db } = ctx.database;
  const sender = createBulkSender(ctx);

  async function view(workspace: { id: string; plan_id: string }, row: Row<'bulk_imports'>) {
    const seats = await seatUsage(db, workspace.id, workspace.plan_id);
    return toView(row, seats.available);
  }

  async function find(workspaceId: string, id: string) {
    const row = await repo.findImport(db, workspaceId, id);
    if (!row || row.status === 'checking') {
      throw new AppError('not_found', { detail: 'That bulk invitation does not exist.' });
    }
    return row;
  }

  return {
    /** The send job's handler (app.ts registers it with the job worker). */
    sendJob: sender.job,
    /** One chunk of a running send, as the job writes it: for tests that drive a send by hand. */
    writeSendChunk: sender.writeChunk,

    /**
     * Reads, checks and stores every row of an upload, a slice at a time: each slice's emails
     * looked up (not the whole workspace's), its rows checked and written in a transaction of its
     * own, the event loop free between slices. Until the last slice the import is `checking`,
     * found by nobody; a refused file leaves nothing.
     */
    async upload(actor: AuthContext, args: { fileName: string; source: Readable }): Promise<BulkImportView> {
      const workspaceId = actor.workspace.id;
      const now = nowIso();
      const teams = await repo.workspaceTeams(db, workspaceId);
      const state: ValidationState = { existing: new Map(), teamsByKey: new Map(teams.map((t) => [t.name_key, t.id])) };
      const validate = createRowValidator(state);
      const record: Row<'bulk_imports'> = {
        id: newId(),
        workspace_id: workspaceId,
        created_by_id: actor.user.id,
        file_name: args.fileName,
        status: 'checking',
        rows_count: 0,
        valid_count: 0,
        invalid_count: 0,
        sent_count: 0,
        skipped_count: 0,
        issues: '{}',
        warnings: '[]',
        created_at: now,
        sent_at: null,
        reserved_seats: 0,
        send_cursor: 0,
        send_job_id: null,
        sent_by_id: null,
      };
      let warnings: string[] = [];
      let stored = false;
      let pending: { row: number; raw: RawRow }[] = [];
      const issues: Partial<Record<BulkIssueCode, number>> = {};
      let rows = 0;
      let valid = 0;

      const flush = async () => {
        const slice = pending;
        pending = [];
        if (!stored) {
          await repo.insertImport(db, record);
          stored = true;
        }
        // How this slice's emails stand in the workspace: one lookup per slice.
        const emails = [...new Set(slice.map((r) => r.raw.email.trim().toLowerCase()).filter((e) => e.length > 0))];
        state.existing.clear();
        for (const person of await repo.standings(db, ctx.database.dialect, workspaceId, emails)) {
          const standing = standingOf(person, now);
          if (standing !== 'new') state.existing.set(person.email, standing);
        }
        const checked = slice.map((r) => validate(r.row, r.raw));
        for (const row of checked) {
          rows += 1;
          if (row.issues.length === 0) valid += 1;
          for (const code of new Set(row.issues.map((i) => i.code))) issues[code] = (issues[code] ?? 0) + 1;
        }
        await ctx.database.transaction((trx) =>
          repo.insertRows(
            ctx.database,
            trx,
            checked.map((r) => toRowRecord(record.id, r)),
          ),
        );
        await yieldToEventLoop();
      };

      try {
        await readInvitationCsv(
          args.source,
          (header) => {
            warnings = header.warnings;
          },
          async (rowNumber, raw) => {
            pending.push({ row: rowNumber, raw });
            if (pending.length >= ROW_PAGE) await flush();
          },
        );
        if (pending.length > 0) await flush();
        const ordered = Object.fromEntries(BULK_ISSUE_CODES.filter((c) => issues[c]).map((c) => [c, issues[c]]));
        await repo.completeUpload(db, {
          id: record.id,
          rows,
          valid,
          issues: JSON.stringify(ordered),
          warnings: JSON.stringify(warnings),
        });
      } catch (error) {
        // What was written of a refused file goes (housekeeping removes it, should this fail too).
        if (stored) await repo.deleteImport(db, record.id).catch(() => {});
        throw error;
      }
      ctx.log.info({ event: 'bulk_uploaded', workspaceId, importId: record.id, rows, valid }, 'bulk file checked');
      return view(actor.workspace, await find(workspaceId, record.id));
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
     * Send All: the seats for every valid row checked and reserved at once (all or none), then the
     * rows written by the send job. Answers once the import is `sent`, or at once (`sending`)
     * when the client asked not to wait.
     */
    async send(actor: AuthContext, id: string, options: { wait: boolean }): Promise<BulkImportView> {
      await sender.start(actor, id);
      ctx.log.info({ event: 'bulk_send_started', workspaceId: actor.workspace.id, importId: id }, 'bulk send started');
      const row = options.wait
        ? await sender.waitUntilSent(actor.workspace.id, id)
        : await find(actor.workspace.id, id);
      return view(actor.workspace, row);
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
}

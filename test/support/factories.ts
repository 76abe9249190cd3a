import { randomUUID } from 'node:crypto';
import type { Row } from '../../src/server/db/schema.js';
import type { SessionAnswer } from '../../src/shared/api/auth.js';
import { Client } from './client.js';
import { markEmailVerified } from './verified-email.js';

export const STRONG_PASSWORD = 'violet-harbor-lantern-93';

let counter = 0;
export function uniqueEmail(prefix = 'person'): string {
  counter += 1;
  return `${prefix}.${counter}.${randomUUID().slice(0, 8)}@example.test`;
}

/** The sign-up's answer (the admin and the workspace), with the admin's signed-in client and credentials. */
export type SignedUp = SessionAnswer & { client: Client; email: string; password: string };

/**
 * Signs up a new workspace and its admin; the client holds the admin's session. The admin's email
 * is verified (inviting needs that) unless `verified: false`.
 */
export async function signUp(
  baseUrl: string,
  overrides: Partial<{ workspaceName: string; name: string; email: string; password: string }> = {},
  options: { verified?: boolean } = {},
): Promise<SignedUp> {
  const client = new Client(baseUrl);
  const input = {
    workspaceName: 'Northwind Traders',
    name: 'Ada Admin',
    email: uniqueEmail('admin'),
    password: STRONG_PASSWORD,
    ...overrides,
  };
  const answer = await client.post<SessionAnswer>('/api/v1/auth/signup', input);
  if (answer.status !== 201) throw new Error(`signup failed: ${answer.status} ${answer.text}`);
  if (options.verified ?? true) await markEmailVerified(baseUrl, input.email);
  return { client, email: input.email, password: input.password, ...answer.body };
}

/** A draft bulk import with every row counted valid, for tests and benchmarks that write its rows directly. */
export function draftImportRow(args: {
  id: string;
  workspaceId: string;
  fileName: string;
  rows: number;
  now: string;
}): Row<'bulk_imports'> {
  return {
    id: args.id,
    workspace_id: args.workspaceId,
    created_by_id: null,
    file_name: args.fileName,
    status: 'draft',
    rows_count: args.rows,
    valid_count: args.rows,
    invalid_count: 0,
    sent_count: 0,
    skipped_count: 0,
    issues: '{}',
    warnings: '[]',
    created_at: args.now,
    sent_at: null,
    reserved_seats: 0,
    send_cursor: 0,
    send_job_id: null,
    sent_by_id: null,
  };
}

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import type { Row } from '../src/server/db/schema.js';
import { hashSecret, newId, newSecret } from '../src/server/lib/secrets.js';
import { newWorkspaceUserRow } from '../src/server/modules/users/workspace-user-row.js';

/**
 * The benchmarks measure the server as `npm start` runs it: bundled by esbuild with the options of
 * `npm run build:server` and run by Node itself, not through tsx (which holds about 45 MB more).
 * The bundle's entry is test/support/server-process.ts: the server plus the benchmark's overrides.
 */
export async function benchCompiledServer(): Promise<void> {
  // BENCH_SERVER=tsx runs the server through tsx instead, to compare the two.
  if (process.env.BENCH_SERVER === 'tsx') return;
  const outfile = 'dist/bench/server-process.mjs';
  await build({
    entryPoints: ['test/support/server-process.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    target: 'node20',
    logLevel: 'warning',
    outfile,
  });
  process.env.SERVER_ENTRY = outfile;
}

export type LoadResult = {
  requests: number;
  perSecond: number;
  non2xx: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

/** Runs autocannon and computes p50/p95/p99 from every response time (autocannon has no p95). */
export async function load(options: autocannon.Options): Promise<LoadResult> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / (options.duration as number),
    non2xx: result.non2xx,
    errors: result.errors,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function table(rows: Record<string, string | number>[]): string {
  const headers = Object.keys(rows[0] ?? {});
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map((r) => line(headers.map((h) => r[h] ?? '')))].join(
    '\n',
  );
}

/** The outbox configuration of a server whose worker must not run (the emails stay queued). */
export const OUTBOX_OFF = {
  outbox: {
    enabled: false,
    pollMs: 500,
    batchSize: 200,
    maxAttempts: 10,
    backoffBaseMs: 2000,
    backoffMaxMs: 900000,
    lockSeconds: 120,
  },
};

export function machine(): string {
  return `${process.platform} ${process.arch}, Node ${process.version}, ${availableParallelism()} cores`;
}

/**
 * The rows one invitation writes (user, token, queued email, audit event), built without any checks:
 * what the floors of both benchmarks insert directly.
 */
export function floorInvitation(args: { workspaceId: string; index: number; now: string; expiresAt: string }): {
  user: Row<'workspace_users'>;
  token: Row<'invitation_tokens'>;
  message: Row<'outbox'>;
  /** The audit event of a single invitation (a bulk send writes one for the whole file). */
  audit: Row<'audit_events'>;
} {
  const { workspaceId, index, now } = args;
  const id = newId();
  const emailId = newId();
  const token = newSecret();
  const tokenHash = hashSecret(token);
  return {
    user: newWorkspaceUserRow(
      {
        id,
        workspace_id: workspaceId,
        email: `floor.${index}@x.test`,
        name: `Person ${index}`,
        role: 'sales_rep',
        status: 'pending',
        expires_at: args.expiresAt,
        token_hash: tokenHash,
        email_status: 'queued',
        last_email_id: emailId,
      },
      now,
    ),
    token: { token_hash: tokenHash, user_id: id, created_at: now },
    // Already done with, so a worker started later on this database leaves it alone.
    message: {
      id: emailId,
      workspace_id: workspaceId,
      user_id: id,
      kind: 'invitation',
      to_address: `floor.${index}@x.test`,
      subject: null,
      text_body: null,
      html_body: null,
      template: 'invitation',
      payload: JSON.stringify({ token }),
      message_id: `<${emailId}@x>`,
      status: 'cancelled',
      attempts: 0,
      next_attempt_at: now,
      locked_until: null,
      last_error: null,
      created_at: now,
      sent_at: null,
    },
    audit: {
      id: newId(),
      workspace_id: workspaceId,
      at: now,
      actor_user_id: null,
      actor_name: 'Floor',
      actor_email: 'floor@x.test',
      action: 'invitation.sent',
      target_type: 'user',
      target_id: id,
      target_label: `floor.${index}@x.test`,
      before: null,
      after: JSON.stringify({ role: 'sales_rep', teamId: null, expiresAt: args.expiresAt }),
      ip: '127.0.0.1',
    },
  };
}

function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

/** The process's resident memory now, in MB (Linux). */
export function rssMb(pid: number): number {
  return procStatusMb(pid, 'VmRSS');
}

/** The process's peak resident memory since it started (`VmHWM`), in MB (Linux). */
export function peakRssMb(pid: number): number {
  return procStatusMb(pid, 'VmHWM');
}

/**
 * The autocannon request of single-invitation load: `POST /api/v1/invitations` as the signed-in
 * admin, each request a new email (`{prefix}{n}-{random}@{domain}`).
 */
export function invitationRequest(args: {
  cookie: string;
  csrfToken: string;
  prefix: string;
  domain: string;
  name: string;
}): autocannon.Request {
  let n = 0;
  return {
    method: 'POST',
    path: '/api/v1/invitations',
    headers: { 'content-type': 'application/json', cookie: args.cookie, 'x-csrf-token': args.csrfToken },
    setupRequest: (request) => {
      n += 1;
      return {
        ...request,
        body: JSON.stringify({
          email: `${args.prefix}${n}-${randomUUID().slice(0, 6)}@${args.domain}`,
          name: `${args.name} ${n}`,
          role: 'sales_rep',
        }),
      };
    },
  };
}

/** CPU time (user + system) the process has used so far, in ms (Linux; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

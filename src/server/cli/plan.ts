// `npm run plan -- <workspace id or admin email> <plan>`: the operator changes a workspace's plan,
// on the database the server uses (DATABASE_URL, read as the server reads it). With
// PLAN_CHANGES=operator this is the only way plans change.
import { parseArgs } from 'node:util';
import { findPlan, PLANS, type Plan } from '../../shared/plans.js';
import { ConfigError, loadConfig } from '../config.js';
import { type Database, migrate, openDatabase } from '../db/database.js';
import { AppError } from '../lib/app-error.js';
import type { AuditActor } from '../modules/audit/audit.js';
import { billingRepository } from '../modules/billing/billing.repository.js';
import { changeWorkspacePlan } from '../modules/billing/billing.service.js';
import { workspacesRepository } from '../modules/workspaces/workspaces.repository.js';

const USAGE = `Usage: npm run plan -- <workspace id or admin email> <plan>
Changes a workspace's plan at once; a plan with fewer seats than are in use is refused.
Plans: ${PLANS.map((p) => p.id).join(', ')}.`;

/** The audit log's actor for what the operator does from the command line: no account, named "operator". */
const OPERATOR: AuditActor = { userId: null, name: 'operator', email: null };

/** A refusal: its message goes to stderr, its code is the exit code. */
class Refusal extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: names are printed to a terminal, which runs control sequences
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** A name someone typed, safe to print: no control character reaches the operator's terminal. */
function printable(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}

function seatsText(plan: Plan): string {
  return plan.seatLimit === null ? 'unlimited seats' : `${plan.seatLimit} seats`;
}

const OPTIONS = { help: { type: 'boolean', short: 'h' } } as const;

function readArgs(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new Refusal(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, 2);
  }
}

function parse(argv: string[]): { target: string; plan: Plan } | 'help' {
  const parsed = readArgs(argv);
  if (parsed.values.help) return 'help';
  const [target, planId, ...rest] = parsed.positionals.map((p) => p.trim());
  if (!target || !planId || rest.length > 0) throw new Refusal(USAGE, 2);
  const plan = findPlan(planId.toLowerCase());
  if (!plan) {
    throw new Refusal(`Unknown plan "${printable(planId)}": choose one of ${PLANS.map((p) => p.id).join(', ')}.`);
  }
  return { target, plan };
}

/** The workspace named by its id, or by the email of its one active admin. */
async function findWorkspace(database: Database, target: string): Promise<{ id: string; name: string }> {
  if (target.includes('@')) {
    const email = target.toLowerCase();
    const workspaces = await billingRepository.workspacesAdministeredBy(database.db, email);
    const [only] = workspaces;
    if (!only) throw new Refusal(`No workspace has an active admin with the email ${printable(email)}.`);
    if (workspaces.length > 1) {
      const list = workspaces.map((w) => `  ${w.id}  ${printable(w.name)}`).join('\n');
      throw new Refusal(
        `${printable(email)} is an active admin of ${workspaces.length} workspaces. Run the command again with the workspace id instead of the email:\n${list}`,
      );
    }
    return only;
  }
  const workspace = await workspacesRepository.findById(database.db, target);
  if (!workspace) throw new Refusal(`No workspace has the id "${printable(target)}".`);
  return workspace;
}

async function run(argv: string[]): Promise<string> {
  const args = parse(argv);
  if (args === 'help') return USAGE;
  const config = loadConfig();
  const database = openDatabase(config.database);
  try {
    await migrate(database);
    const workspace = await findWorkspace(database, args.target);
    const change = await changeWorkspacePlan(database, {
      workspaceId: workspace.id,
      planId: args.plan.id,
      actor: OPERATOR,
      ip: null,
    });
    const name = `Workspace "${printable(change.workspace.name)}" (${change.workspace.id})`;
    const seats = `Seats in use: ${change.seats.used} (${change.seats.active} active, ${change.seats.pending} pending).`;
    return change.changed
      ? `${name}: plan changed from ${change.from.name} (${seatsText(change.from)}) to ${change.to.name} (${seatsText(change.to)}). ${seats}`
      : `${name} is already on the ${change.to.name} plan (${seatsText(change.to)}): nothing changed. ${seats}`;
  } finally {
    await database.close();
  }
}

try {
  process.stdout.write(`${await run(process.argv.slice(2))}\n`);
} catch (error) {
  if (error instanceof Refusal) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (error instanceof ConfigError) {
    process.stderr.write(`SalesOS cannot change the plan. ${error.message}\n`);
    process.exitCode = 1;
  } else if (error instanceof AppError) {
    // A rule of the plan change itself, e.g. seats_in_use with its counts.
    process.stderr.write(`${error.detail}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`The plan was not changed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

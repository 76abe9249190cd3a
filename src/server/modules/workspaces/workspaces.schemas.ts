// Server-only: a workspace row as the wire's Workspace (src/shared/api/workspaces.ts holds the schemas).
import type { Workspace } from '../../../shared/api/workspaces.js';
import type { Row } from '../../db/schema.js';

export function toWorkspace(row: Row<'workspaces'>): Workspace {
  return { id: row.id, name: row.name, planId: row.plan_id as Workspace['planId'] };
}

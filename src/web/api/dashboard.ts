import type { MyChallenge } from './challenges';
import { api } from './client';
import type { Ref, UsersSummary } from './types';
import type { Deal, Lead } from './work-records';

/** The Getting Started guide as sanitised HTML; null while the workspace has none. */
export type DashboardGuide = { html: string; updatedAt: string };

/** The person's buddy while the buddy is an active member. */
export type DashboardBuddy = { id: string; name: string; email: string; photoUrl: string | null };

/** API.md "Message": `author` is null when the workspace itself posted (the welcome message). */
export type DashboardMessage = { id: string; channelId: string; body: string; author: Ref | null; createdAt: string };

/** GET /api/v1/me/dashboard: the signed-in person's home (SPEC §7 item 4). */
export type Dashboard = {
  /** Their own open deals (not won or lost), newest first, at most 5; `open` and `openAmount` count them all. */
  deals: { items: Deal[]; open: number; openAmount: number };
  /** Their own leads, newest first, at most 5. */
  leads: { items: Lead[]; total: number };
  /** The active Getting Started challenge and the person's progress; null when none is active. */
  challenge: MyChallenge | null;
  /** The Getting Started guide: null while the workspace has none. */
  guide: DashboardGuide | null;
  buddy: DashboardBuddy | null;
  /** The newest #general messages. */
  general: DashboardMessage[];
  /** Admins only: people by status and seats, as in Admin > Users. */
  admin?: UsersSummary;
};

export function fetchDashboard(signal?: AbortSignal): Promise<Dashboard> {
  return api.get<Dashboard>('/api/v1/me/dashboard', { signal });
}

export const dashboardKeys = { all: ['dashboard'] as const };

import { z } from 'zod';
import { GUIDE_MAX_CHARS } from '../guide.js';

export const guideBody = z.object({
  markdown: z.string().max(GUIDE_MAX_CHARS, `At most ${GUIDE_MAX_CHARS.toLocaleString('en')} characters.`),
});
export type GuideBody = z.infer<typeof guideBody>;

export const guideSchema = z
  .object({
    markdown: z.string(),
    html: z.string().describe('Rendered on the server and sanitised: safe to insert into a page as it is.'),
    updatedAt: z.string().nullable().describe('Null while no admin has written a guide (extension).'),
  })
  .meta({ id: 'Guide' });
export type Guide = z.infer<typeof guideSchema>;

/** The guide as the dashboard shows it; null while there is none. */
export const dashboardGuideSchema = z
  .object({ html: z.string(), updatedAt: z.string() })
  .describe('The Getting Started guide, sanitised HTML; null while the workspace has none.');
export type DashboardGuide = z.infer<typeof dashboardGuideSchema>;
